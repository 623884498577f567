package io.tidecast.stream.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.Event;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Events an out-of-order job holds in keyed state until the watermark passes them were written, before events had
 * one layout on the network and in state, by a serializer of their own. {@code golden/event-serializer-v3.bin}
 * (generator {@code golden/GenEventGolden.java.txt}) is that serializer's snapshot, as a savepoint's metadata holds
 * it, then two events it wrote. The current release must restore a reader of that layout, ask Flink to migrate, and
 * read the events back exactly.
 */
class EventSerializerUpgradeTest {
  @Test
  void eventsInThePreviousStateLayoutRestoreAndMigrate() throws Exception {
    byte[] golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/event-serializer-v3.bin")) {
      golden = in.readAllBytes();
    }
    DataInputDeserializer in = new DataInputDeserializer(golden);
    TypeSerializerSnapshot<Event> old = TypeSerializerSnapshot.readVersionedSnapshot(in, getClass().getClassLoader());
    assertInstanceOf(EventSerializer.Snapshot.class, old);
    TypeSerializer<Event> current = Types.EVENT.createSerializer(new SerializerConfigImpl());
    TypeSerializerSchemaCompatibility<Event> compat = current.snapshotConfiguration().resolveSchemaCompatibility(old);
    assertTrue(compat.isCompatibleAfterMigration(), "the old layout is read, then rewritten: " + compat);

    TypeSerializer<Event> previous = old.restoreSerializer();
    int n = in.readInt();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(previous.deserialize(in));
    }
    assertEquals(0, in.available(), "golden file fully read");
    assertEquals(List.of(
        new Event("golden", 1_404_172_800_000L, List.of("value"), new double[] {10844.0}),
        new Event("k\u00e9y-2", -5L, List.of("temp", "value"), new double[] {-0.0, Double.MAX_VALUE})), events);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(events.get(1).value(0)),
        "bits preserved");

    // migrated: written in the current layout, read back the same, names shared again
    DataOutputSerializer out = new DataOutputSerializer(128);
    for (Event e : events) {
      current.serialize(e, out);
    }
    current.serialize(events.get(0), out);
    DataInputDeserializer back = new DataInputDeserializer(out.getCopyOfBuffer());
    List<Event> again = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      again.add(current.deserialize(back));
    }
    assertEquals(events, again.subList(0, n));
    assertSame(again.get(0).names(), again.get(n).names(), "one names list per schema");
    assertTrue(current.snapshotConfiguration().resolveSchemaCompatibility(current.snapshotConfiguration())
        .isCompatibleAsIs());
  }
}
