package io.tidecast.stream.flink;

import io.tidecast.connectors.DeadLetter;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** For the DLQ {@code KafkaSink}: {@link DeadLetter#toProducerRecord} on a fixed topic. */
public final class FlinkDeadLetterSerializationSchema implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;

  private final String topic;

  public FlinkDeadLetterSerializationSchema(String topic) {
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    return letter.toProducerRecord(topic);
  }
}
