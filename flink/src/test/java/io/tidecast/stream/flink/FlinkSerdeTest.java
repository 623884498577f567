package io.tidecast.stream.flink;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.DlqReason;
import io.tidecast.connectors.EventDecoder;
import io.tidecast.connectors.EventFormat;
import io.tidecast.connectors.EventRules;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.connectors.ForecastFormat;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FlinkSerdeTest {
  static final List<String> NAMES = List.of("value", "temp");

  @Test
  void decodedRoundTripsThroughTheFlinkSerializerAndKeepsSharedNames() throws Exception {
    TypeSerializer<Decoded> s = Types.DECODED.createSerializer(new SerializerConfigImpl());
    List<Decoded> in = List.of(
        new Decoded.Valid(new Event("a", 1, NAMES, new double[] {1.5, -0.0})),
        new Decoded.Invalid(new DeadLetter(new byte[] {1}, new byte[] {(byte) 0xC3, 0x28}, "events", 4, 77L,
            DlqReason.INVALID_UTF8, "invalid UTF-8 at byte 0", 123L)),
        new Decoded.Valid(new Event("b\u00e9" + "x".repeat(70_000), 2, NAMES, new double[] {Double.MAX_VALUE, 3})),
        new Decoded.Invalid(new DeadLetter(null, null, null, -1, -1, DlqReason.EMPTY_RECORD, "", 0L)));
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (Decoded d : in) {
      s.serialize(d, out);
    }
    DataInputDeserializer din = new DataInputDeserializer(out.getCopyOfBuffer());
    List<Decoded> back = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      back.add(s.deserialize(din));
    }
    assertEquals(0, din.available());
    assertEquals(in, back);
    Event a = ((Decoded.Valid) back.get(0)).event();
    Event b = ((Decoded.Valid) back.get(2)).event();
    assertSame(a.names(), b.names(), "deserialised events of one schema share one names list");
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(a.value(1)), "bits preserved");
  }

  @Test
  void eventAndDeadLetterTypesAndSnapshotsRestore() throws Exception {
    TypeInformation<Event> info = Types.EVENT;
    assertEquals(Event.class, info.getTypeClass());
    assertEquals(info, Types.EVENT);
    assertTrue(!info.equals(Types.DEAD_LETTER));
    TypeSerializer<Event> s = info.createSerializer(new SerializerConfigImpl());
    assertNotSame(s, s.duplicate());
    assertEquals(s, s.duplicate());

    DataOutputSerializer snap = new DataOutputSerializer(32);
    TypeSerializerSnapshot.writeVersionedSnapshot(snap, s.snapshotConfiguration());
    TypeSerializerSnapshot<Event> restored = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(snap.getCopyOfBuffer()), getClass().getClassLoader());
    assertEquals(s, restored.restoreSerializer());
    assertTrue(restored.resolveSchemaCompatibility(s.snapshotConfiguration()).isCompatibleAsIs());
    TypeSerializerSnapshot<DeadLetter> other = Types.DEAD_LETTER.createSerializer(new SerializerConfigImpl())
        .snapshotConfiguration();
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<Event> wrong = (TypeSerializerSnapshot) other;
    assertTrue(restored.resolveSchemaCompatibility(wrong).isIncompatible());

    Event e = new Event("k", 9, NAMES, new double[] {1, 2});
    DataOutputSerializer out = new DataOutputSerializer(32);
    s.serialize(e, out);
    DataOutputSerializer copied = new DataOutputSerializer(32);
    s.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    assertEquals(e, s.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())));
  }

  @Test
  void kafkaSourceSchemaEmitsExactlyOneDecodedPerRecordAndSurvivesShipping() throws Exception {
    FlinkEventDeserializationSchema schema = new FlinkEventDeserializationSchema(new EventDecoder(
        new EventFormat(EventRules.builder().target("value").build()),
        Clock.fixed(Instant.ofEpochMilli(5), ZoneOffset.UTC)));
    FlinkEventDeserializationSchema shipped = roundTripJava(schema); // Flink ships it to the task managers
    assertEquals(Types.DECODED, shipped.getProducedType());
    List<Decoded> got = new ArrayList<>();
    Collector<Decoded> out = new Collector<>() {
      @Override
      public void collect(Decoded d) {
        got.add(d);
      }

      @Override
      public void close() {}
    };
    String[] values = {"{\"key\":\"a\",\"ts\":1,\"values\":{\"value\":1}}", "{\"key\":\"a\",\"ts\":1}", "", "\u0000",
        "{\"key\":\"a\",\"ts\":1,\"values\":{\"other\":1}}"};
    for (int i = 0; i < values.length; i++) {
      shipped.deserialize(new ConsumerRecord<>("events", 1, 100L + i, null,
          values[i].getBytes(StandardCharsets.UTF_8)), out);
    }
    shipped.deserialize(new ConsumerRecord<>("events", 1, 200L, null, null), out);
    assertEquals(values.length + 1, got.size());
    assertInstanceOf(Decoded.Valid.class, got.get(0));
    DlqReason[] expected = {DlqReason.MISSING_VALUES, DlqReason.EMPTY_RECORD, DlqReason.MALFORMED_JSON,
        DlqReason.MISSING_TARGET, DlqReason.EMPTY_RECORD};
    for (int i = 1; i < got.size(); i++) {
      DeadLetter dl = assertInstanceOf(Decoded.Invalid.class, got.get(i)).deadLetter();
      assertEquals(expected[i - 1], dl.reason());
      assertEquals("events", dl.sourceTopic());
      assertEquals(1, dl.sourcePartition());
      assertEquals(i < values.length ? 100L + i : 200L, dl.sourceOffset());
      assertEquals(5L, dl.ingestTime());
    }
    FlinkDeadLetterSerializationSchema dlq = roundTripJava(new FlinkDeadLetterSerializationSchema("events.dlq"));
    DeadLetter first = ((Decoded.Invalid) got.get(1)).deadLetter();
    assertEquals(first, DeadLetter.fromRecord(toConsumer(dlq.serialize(first, null, null))));
  }

  static ConsumerRecord<byte[], byte[]> toConsumer(org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> p) {
    return new ConsumerRecord<>(p.topic(), 0, 0L, p.timestamp(),
        org.apache.kafka.common.record.TimestampType.CREATE_TIME, -1, -1, p.key(), p.value(), p.headers(),
        java.util.Optional.empty());
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTripJava(T o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void forecastSinkSchemaWritesTheForecastFormat() {
    Forecast f = new Forecast("sensor-7", "value", 1404172800000L, new long[] {1404174600000L, 1404176400000L},
        new double[] {10901.5, -0.25}, 42, java.util.OptionalDouble.of(312.25));
    assertArrayEquals(new ForecastFormat().write(f), new FlinkForecastSerializationSchema().serialize(f));
  }
}
