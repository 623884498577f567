package io.tidecast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.fail;

import io.tidecast.stream.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients against an {@link EmbeddedKafka}: what the job tests produce and read back. */
final class KafkaTestIO {
  private KafkaTestIO() {
  }

  /** Job options that reach {@code kafka} (bootstrap servers and the client properties it needs). */
  static JobOptions jobOptions(EmbeddedKafka kafka) {
    JobOptions o = new JobOptions().bootstrapServers(kafka.bootstrapServers());
    for (Map.Entry<Object, Object> e : kafka.clientProperties().entrySet()) {
      if (!e.getKey().equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
        o.kafkaProperty(e.getKey().toString(), e.getValue().toString());
      }
    }
    return o;
  }

  /** JSON records keyed by the event key (one key, one partition: per-key order is kept). */
  static List<ProducerRecord<byte[], byte[]>> jsonRecords(String topic, List<Event> events) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(events.size());
    for (Event e : events) {
      out.add(new ProducerRecord<>(topic, e.key().getBytes(StandardCharsets.UTF_8), LateDeadLetter.toJson(e)));
    }
    return out;
  }

  /** Sends {@code records} with an idempotent producer, in order; their metadata in the same order. */
  static List<RecordMetadata> produce(EmbeddedKafka kafka, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576");
    List<Future<RecordMetadata>> fs = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> r : records) {
        fs.add(producer.send(r));
      }
      producer.flush();
    }
    List<RecordMetadata> out = new ArrayList<>();
    for (Future<RecordMetadata> f : fs) {
      out.add(f.get());
    }
    return out;
  }

  /** A byte-array consumer of {@code topic} from the beginning of every partition. */
  static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka, String topic, boolean readCommitted) {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = c.partitionsFor(topic).stream()
        .map(i -> new TopicPartition(topic, i.partition())).toList();
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }

  /** Every record of {@code topic} up to its end (the last stable offset when read_committed). */
  static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafka kafka, String topic, boolean readCommitted) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = consumer(kafka, topic, readCommitted)) {
      Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
      long deadline = System.currentTimeMillis() + 60_000;
      while (end.keySet().stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.currentTimeMillis() > deadline) {
          fail("could not read " + topic + " to its end " + end);
        }
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
