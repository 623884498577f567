package io.tidecast.kstreams;

import static org.junit.jupiter.api.Assertions.fail;

import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.OnlineLearner;
import io.tidecast.stream.WindowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** Producing, reading back (read_committed) and the reference computation shared by the integration tests. */
final class KafkaTestSupport {
  static final List<String> VALUE = List.of("value");

  private KafkaTestSupport() {
  }

  /** Like stream-core ForecastJobTest.smallConfig, with two steps ahead so the JSON carries several steps. */
  static LearnerConfig smallConfig(String model) {
    WindowSpec w = WindowSpec.of(12, 2, VALUE, VALUE);
    return LearnerConfig.builder(w).units(8).batchSize(4).trainEvery(2).replayRows(64).seasonality(48)
        .modelName(model).build();
  }

  static KafkaStreamsApp.Builder app(EmbeddedKafka kafka, LearnerConfig cfg, String name, Path stateDir) {
    KafkaStreamsApp.Builder b = KafkaStreamsApp.builder(cfg).bootstrap(kafka.bootstrapServers())
        .inputTopic(name + "-in").outputTopic(name + "-out").dlqTopic(name + "-dlq").applicationId(name)
        .stateDir(stateDir).metricsPort(-1);
    kafka.clientProperties().forEach((k, v) -> {
      if (!k.equals("bootstrap.servers")) {
        b.kafkaProperty((String) k, (String) v);
      }
    });
    return b;
  }

  static void createTopics(EmbeddedKafka kafka, String name, int inputPartitions) throws Exception {
    kafka.createTopic(name + "-in", inputPartitions);
    kafka.createTopic(name + "-out", 2);
    kafka.createTopic(name + "-dlq", 1);
  }

  /** The JSON event format, ts as epoch millis; Double.toString round-trips every double exactly. */
  static byte[] json(Event e) {
    return ("{\"key\":\"" + e.key() + "\",\"ts\":" + e.timestamp() + ",\"values\":{\"value\":"
        + Double.toString(e.value(0)) + "}}").getBytes(StandardCharsets.UTF_8);
  }

  /** Sends in order with one idempotent producer; returns each record's metadata (partition, offset). */
  static List<RecordMetadata> produce(EmbeddedKafka kafka, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> r : records) {
        sent.add(producer.send(r));
      }
      producer.flush();
    }
    List<RecordMetadata> out = new ArrayList<>();
    for (Future<RecordMetadata> f : sent) {
      out.add(f.get());
    }
    return out;
  }

  /** Reads a topic from the beginning with read_committed, accumulating across calls. */
  static final class Reader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    Reader(EmbeddedKafka kafka, String topic) {
      Properties c = new Properties();
      c.putAll(kafka.clientProperties());
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
    }

    /** Polls until at least {@code n} records were read (fails after {@code timeout}). */
    Reader awaitAtLeast(int n, Duration timeout) {
      long end = System.nanoTime() + timeout.toNanos();
      while (records.size() < n) {
        if (System.nanoTime() > end) {
          fail("timed out with " + records.size() + " of " + n + " records");
        }
        poll(Duration.ofMillis(200));
      }
      return this;
    }

    /** Keeps polling for {@code quiet}: anything beyond the expected count would show up as a duplicate. */
    Reader settle(Duration quiet) {
      long end = System.nanoTime() + quiet.toNanos();
      while (System.nanoTime() < end) {
        poll(Duration.ofMillis(200));
      }
      return this;
    }

    private void poll(Duration d) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(d)) {
        records.add(r);
      }
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /** Each key's events through a fresh learner, alone: the reference every runtime must reproduce. */
  static Map<String, List<Forecast>> reference(LearnerConfig cfg, List<Event> events) {
    Map<String, List<Event>> byKey = new LinkedHashMap<>();
    for (Event e : events) {
      byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
    }
    Map<String, List<Forecast>> out = new LinkedHashMap<>();
    byKey.forEach((key, list) -> {
      OnlineLearner learner = new OnlineLearner(cfg);
      KeyState s = learner.newState(key);
      List<Forecast> f = new ArrayList<>();
      for (Event e : list) {
        f.addAll(learner.onEvent(s, e));
      }
      out.put(key, f);
    });
    return out;
  }

}
