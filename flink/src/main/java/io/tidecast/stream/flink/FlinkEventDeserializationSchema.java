package io.tidecast.stream.flink;

import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.EventDecoder;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * For {@code KafkaSource}: every Kafka record becomes exactly one {@link Decoded} (event or dead letter with its
 * topic/partition/offset). It never throws, so a poison record cannot fail the job into a restart loop, and
 * never drops a record.
 */
public final class FlinkEventDeserializationSchema implements KafkaRecordDeserializationSchema<Decoded> {
  private static final long serialVersionUID = 1L;

  private final EventDecoder decoder;

  public FlinkEventDeserializationSchema(EventDecoder decoder) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded> out) {
    out.collect(decoder.decode(record));
  }

  @Override
  public TypeInformation<Decoded> getProducedType() {
    return Types.DECODED;
  }
}
