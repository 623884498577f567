package io.tidecast.stream.flink;

import io.tidecast.connectors.kafka.EmbeddedKafka;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidecast.connectors.ForecastFormat;
import io.tidecast.stream.Forecast;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.Predicate;
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

/** Producing to and reading back from a test broker with its own client settings (SASL included). */
final class KafkaIo {
  private final EmbeddedKafka kafka;

  KafkaIo(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  /** Sends in order with one idempotent producer; returns each record's metadata (partition, offset). */
  List<RecordMetadata> produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
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
    for (var f : fs) {
      out.add(f.get());
    }
    return out;
  }

  /** Job options that reach this broker (bootstrap servers and the client properties it needs, SASL included). */
  JobOptions jobOptions() {
    JobOptions o = new JobOptions().bootstrapServers(kafka.bootstrapServers());
    for (Map.Entry<Object, Object> e : kafka.clientProperties().entrySet()) {
      if (!e.getKey().equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
        o.kafkaProperty(e.getKey().toString(), e.getValue().toString());
      }
    }
    return o;
  }

  /** A consumer of the whole of {@code topic}, positioned at the beginning of every partition. */
  KafkaConsumer<byte[], byte[]> fromStart(String topic, boolean readCommitted) {
    KafkaConsumer<byte[], byte[]> c = consumer(readCommitted);
    assignFromStart(c, topic);
    return c;
  }

  KafkaConsumer<byte[], byte[]> consumer(boolean readCommitted) {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Every record of {@code topic} up to its end (the last stable offset when read_committed). */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean readCommitted) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = consumer(readCommitted)) {
      List<TopicPartition> parts = assignFromStart(c, topic);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.currentTimeMillis() + 60_000;
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.currentTimeMillis() > deadline) {
          fail("could not read " + topic + " to its end " + end);
        }
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** The read_committed forecasts of {@code topic} by key, in origin order. */
  Map<String, List<Forecast>> forecastsByKey(String topic) {
    ForecastFormat format = new ForecastFormat();
    Map<String, List<Forecast>> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll(topic, true)) {
      Forecast f = format.parse(r.value());
      assertEquals(f.key(), new String(r.key(), StandardCharsets.UTF_8), "record key = forecast key");
      out.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
    }
    for (List<Forecast> l : out.values()) {
      l.sort(Comparator.comparingLong(Forecast::originTimestamp));
    }
    return out;
  }

  Tail tail(String topic) {
    return new Tail(consumer(true), topic);
  }

  private static List<TopicPartition> assignFromStart(KafkaConsumer<byte[], byte[]> c, String topic) {
    List<TopicPartition> parts = c.partitionsFor(topic).stream()
        .map(i -> new TopicPartition(topic, i.partition())).toList();
    c.assign(parts);
    c.seekToBeginning(parts);
    return parts;
  }

  /** A read_committed reader of a whole topic that keeps what it read, for waiting on a running job. */
  static final class Tail implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> c;
    private final List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();

    private Tail(KafkaConsumer<byte[], byte[]> c, String topic) {
      this.c = c;
      assignFromStart(c, topic);
    }

    /** Reads until {@code done} holds for everything read so far (two minutes at most); returns it. */
    List<ConsumerRecord<byte[], byte[]>> await(String what, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
      long deadline = System.currentTimeMillis() + 120_000;
      while (!done.test(got)) {
        if (System.currentTimeMillis() > deadline) {
          fail("timed out waiting for " + what + "; have " + got.size() + " records");
        }
        c.poll(Duration.ofMillis(300)).forEach(got::add);
      }
      return got;
    }

    @Override
    public void close() {
      c.close();
    }
  }
}
