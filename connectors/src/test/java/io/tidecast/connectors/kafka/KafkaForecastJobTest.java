package io.tidecast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.DlqReason;
import io.tidecast.connectors.ForecastFormat;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.OnlineLearner;
import io.tidecast.stream.WindowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link KafkaForecastJob} on a Flink MiniCluster against a real in-process KRaft broker: exactly one forecast
 * per complete window per key in the read_committed output, equal bit for bit to the runtime-agnostic learner;
 * poison records in the DLQ with reason, bytes and source offsets; exactly once across an injected failure.
 */
class KafkaForecastJobTest {
  private static final int PARALLELISM = 2;
  private static final int PARTITIONS = 3;
  private static final long T0 = 1404172800000L; // 2014-07-01T00:00:00Z
  private static final long HALF_HOUR = 1_800_000L;
  private static final List<String> VALUE = List.of("value");

  private static Configuration clusterConfig() {
    Configuration c = new Configuration();
    // RestartStrategies is gone in Flink 2: configure by keys (only the failure test needs a restart)
    c.setString("restart-strategy.type", "fixed-delay");
    c.setString("restart-strategy.fixed-delay.attempts", "2");
    c.setString("restart-strategy.fixed-delay.delay", "200 ms");
    return c;
  }

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).setConfiguration(clusterConfig()).build());

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** A small model so thousands of events run in seconds (same maths as the default). */
  static LearnerConfig smallConfig() {
    WindowSpec w = WindowSpec.of(12, 1, VALUE, VALUE);
    return LearnerConfig.builder(w).units(8).batchSize(4).trainEvery(2).replayRows(64).seasonality(48)
        .modelName("kafka-it").build();
  }

  @Test
  void nycTaxiAndFiftyKeysOneForecastPerWindowEqualToTheLearner() throws Exception {
    List<Event> events = new ArrayList<>(nycTaxi());
    events.addAll(synthetic(50, 60, 11));
    events.sort(Comparator.comparingLong(Event::timestamp)); // each partition in event-time order
    Topics t = topics("a");
    KafkaTestIO.produce(kafka, KafkaTestIO.jsonRecords(t.in, events));

    LearnerConfig cfg = smallConfig();
    runJob(options(t, cfg), s -> s, f -> f);

    Map<String, List<Forecast>> got = forecastsByKey(t.out);
    Map<String, List<Forecast>> expected = expected(events, cfg);
    assertEquals(51, expected.size());
    assertOnePerWindow(got, events, cfg.window().timesteps());
    assertEquals(expected, got, "forecasts after the Kafka JSON round trip equal the learner's, bit for bit");
    assertEquals(List.of(), KafkaTestIO.readAll(kafka, t.dlq, true), "no dead letters: all events valid and in order");
  }

  @Test
  void poisonPillsGoToTheDlqWithReasonBytesAndOffsetsAndValidEventsAllCount() throws Exception {
    List<Event> events = synthetic(10, 100, 7);
    events.sort(Comparator.comparingLong(Event::timestamp));
    List<Poison> kinds = poisonKinds();
    assertTrue(kinds.size() >= 10);
    assertTrue(kinds.stream().map(p -> p.reason).distinct().count() >= 10, "at least 10 distinct reasons");
    Topics t = topics("b");

    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Map<Integer, Poison> poisonAt = new HashMap<>(); // index in records -> poison
    List<ProducerRecord<byte[], byte[]>> valid = KafkaTestIO.jsonRecords(t.in, events);
    for (int i = 0; i < valid.size(); i++) {
      records.add(valid.get(i));
      if (i % 5 == 4) { // 1,000 valid, 200 invalid: one after every fifth valid record
        int n = poisonAt.size();
        Poison p = kinds.get(n % kinds.size());
        poisonAt.put(records.size(), p);
        records.add(new ProducerRecord<>(t.in, ("poison-" + n).getBytes(StandardCharsets.UTF_8), p.value));
      }
    }
    assertEquals(1000, valid.size());
    assertEquals(200, poisonAt.size());
    List<RecordMetadata> meta = KafkaTestIO.produce(kafka, records);

    OPENS.set(0);
    LearnerConfig cfg = smallConfig();
    runJob(options(t, cfg), s -> s.map(new CountOpens()).returns(s.getType()).name("count-opens"), f -> f);
    assertEquals(PARALLELISM, OPENS.get(), "the job ran once, without a restart: no poison record failed it");

    Map<String, List<Forecast>> got = forecastsByKey(t.out);
    assertOnePerWindow(got, events, cfg.window().timesteps());
    assertEquals(expected(events, cfg), got, "every valid event was used, and only those");

    Map<String, Integer> partitionOffsetToIndex = new HashMap<>();
    for (int i = 0; i < meta.size(); i++) {
      partitionOffsetToIndex.put(meta.get(i).partition() + "@" + meta.get(i).offset(), i);
    }
    List<ConsumerRecord<byte[], byte[]>> dlq = KafkaTestIO.readAll(kafka, t.dlq, true);
    assertEquals(200, dlq.size(), "every invalid record in the DLQ exactly once");
    Map<String, Integer> byReason = new TreeMap<>();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      DeadLetter d = DeadLetter.fromRecord(r);
      assertEquals(t.in, d.sourceTopic());
      Integer idx = partitionOffsetToIndex.get(d.sourcePartition() + "@" + d.sourceOffset());
      assertNotNull(idx, "source partition/offset point at a produced record: " + d);
      assertTrue(seen.add(idx), "no duplicate dead letter for record " + idx);
      Poison p = poisonAt.get(idx);
      assertNotNull(p, "the record at " + d.sourcePartition() + "@" + d.sourceOffset() + " was valid: " + d);
      assertEquals(p.reason, d.reason(), p.name + ": " + d.detail());
      assertArrayEquals(p.value, r.value(), p.name + ": original bytes untouched");
      assertArrayEquals(records.get(idx).key(), r.key(), p.name + ": original key untouched");
      byReason.merge(d.reason().code(), 1, Integer::sum);
    }
    assertFalse(byReason.containsKey("late"), "no late events in this input: " + byReason);
  }

  @Test
  void exactlyOnceAcrossAnInjectedFailure() throws Exception {
    List<Event> events = synthetic(50, 80, 23);
    events.sort(Comparator.comparingLong(Event::timestamp));
    Topics t = topics("c");
    KafkaTestIO.produce(kafka, KafkaTestIO.jsonRecords(t.in, events));

    FailOnce.reset();
    LearnerConfig cfg = smallConfig();
    runJob(options(t, cfg).checkpointInterval(Duration.ofMillis(300)),
        s -> s.map(new Throttle()).returns(s.getType()).name("throttle"),
        f -> f.map(new FailOnce()).returns(f.getType()).name("fail-once"));
    assertTrue(FailOnce.FAILED.get(), "the failure was injected (after a completed checkpoint)");

    Map<String, List<Forecast>> got = forecastsByKey(t.out);
    assertOnePerWindow(got, events, cfg.window().timesteps());
    assertEquals(expected(events, cfg), got, "read_committed output equals the failure-free forecasts");
    // the aborted transaction's records are in the log; only read_uncommitted shows them
    int committed = KafkaTestIO.readAll(kafka, t.out, true).size();
    int uncommitted = KafkaTestIO.readAll(kafka, t.out, false).size();
    System.out.println("failure test: committed " + committed + ", read_uncommitted " + uncommitted);
    assertTrue(uncommitted >= committed + FailOnce.MIN_IN_OPEN_TRANSACTION, "the failure aborted a transaction "
        + "that held forecasts (" + committed + " committed, " + uncommitted + " in the log)");
  }

  // ------------------------------------------------------------------------------------------ job

  private record Topics(String in, String out, String dlq) {
  }

  private static Topics topics(String suffix) throws Exception {
    Topics t = new Topics("events-" + suffix, "forecasts-" + suffix, "dlq-" + suffix);
    kafka.createTopic(t.in, PARTITIONS);
    kafka.createTopic(t.out, PARTITIONS);
    kafka.createTopic(t.dlq, 1);
    return t;
  }

  private static JobOptions options(Topics t, LearnerConfig cfg) {
    return KafkaTestIO.jobOptions(kafka).inputTopic(t.in)
        .outputTopic(t.out).dlqTopic(t.dlq).groupId("g-" + t.in).transactionalIdPrefix("tx-" + t.in)
        .bounded(true).learner(cfg).checkpointInterval(Duration.ofMillis(500)).parallelism(PARALLELISM);
  }

  private static void runJob(JobOptions o, UnaryOperator<DataStream<Event>> eventTap,
      UnaryOperator<DataStream<Forecast>> forecastTap) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    KafkaForecastJob.build(env, o, eventTap, forecastTap);
    env.execute("kafka-it-" + o.inputTopic());
  }

  static final AtomicInteger OPENS = new AtomicInteger();

  /** Counts subtask starts: more than the parallelism means the job restarted. */
  static final class CountOpens extends RichMapFunction<Event, Event> {
    private static final long serialVersionUID = 1L;

    @Override
    public void open(OpenContext ctx) {
      OPENS.incrementAndGet();
    }

    @Override
    public Event map(Event e) {
      return e;
    }
  }

  /**
   * Slows the source side down until the failure happened: without it the source reads all input into network
   * buffers before the first checkpoint, and aligned barriers queue behind it.
   */
  static final class Throttle extends RichMapFunction<Event, Event> {
    private static final long serialVersionUID = 1L;

    @Override
    public Event map(Event e) throws InterruptedException {
      if (!FailOnce.FAILED.get()) {
        Thread.sleep(1);
      }
      return e;
    }
  }

  /**
   * Throws once, on the forecast path before the sink, after a checkpoint completed and after at least
   * {@link #MIN_IN_OPEN_TRANSACTION} forecasts went into the sink's open transaction since this subtask's last
   * snapshot (chained with the sink, so it snapshots at the same barrier). The restart must then restore the
   * learner state and source offsets and abort that transaction. Static flags: the MiniCluster shares this JVM.
   */
  static final class FailOnce extends RichMapFunction<Forecast, Forecast>
      implements CheckpointListener, CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    static final int MIN_IN_OPEN_TRANSACTION = 20;
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    private int sinceSnapshot;

    static void reset() {
      FAILED.set(false);
      CHECKPOINTED.set(false);
    }

    @Override
    public Forecast map(Forecast f) throws InterruptedException {
      if (CHECKPOINTED.get() && sinceSnapshot >= MIN_IN_OPEN_TRANSACTION && FAILED.compareAndSet(false, true)) {
        Thread.sleep(300); // let the producer send the open transaction's records: they must be aborted, not lost
        throw new IllegalStateException("injected failure after " + sinceSnapshot + " forecasts in the open "
            + "transaction, at " + f);
      }
      sinceSnapshot++;
      return f;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
      sinceSnapshot = 0;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
      sinceSnapshot = 0;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINTED.set(true);
    }
  }

  // ------------------------------------------------------------------------------------------ data

  private static List<Event> nycTaxi() throws Exception {
    Path dir = Path.of(System.getProperty("tidecast.data", "../../shared/data"));
    Path f = dir.resolve("nab/nyc_taxi.csv");
    if (!Files.isRegularFile(f)) {
      String msg = "shared data not found at " + f.toAbsolutePath() + " (set -Dtidecast.data=DIR)";
      if ("true".equals(System.getenv("CI"))) {
        fail(msg);
      }
      Assumptions.assumeTrue(false, msg);
    }
    List<Event> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(f);
    for (String l : lines.subList(1, lines.size())) {
      String[] p = l.split(",");
      long ts = LocalDateTime.parse(p[0].trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
      out.add(new Event("nyc_taxi", ts, VALUE, new double[] {Double.parseDouble(p[1].trim())}));
    }
    return out;
  }

  /** {@code keys} series of {@code perKey} half-hourly events: own level and phase, seeded noise. */
  static List<Event> synthetic(int keys, int perKey, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < perKey; i++) {
      for (int k = 0; k < keys; k++) {
        double v = 100.0 * (k + 1) + 20 * Math.sin(2 * Math.PI * i / 48 + k) + r.nextDouble(-1, 1);
        out.add(new Event("sensor-" + k, T0 + i * HALF_HOUR + k * 1000L, VALUE, new double[] {v}));
      }
    }
    return out;
  }

  private record Poison(String name, byte[] value, DlqReason reason) {
  }

  private static Poison poison(String name, String json, DlqReason reason) {
    return new Poison(name, json == null ? null : json.getBytes(StandardCharsets.UTF_8), reason);
  }

  /** Twenty kinds of invalid record, with the reason FORMATS.md gives for each. */
  private static List<Poison> poisonKinds() {
    String ok = "\"ts\":1404172800000,\"values\":{\"value\":1.5}";
    byte[] badUtf8 = "{\"key\":\"k?\",\"ts\":1404172800000,\"values\":{\"value\":1}}".getBytes(StandardCharsets.UTF_8);
    badUtf8[9] = (byte) 0xff;
    String big = "{\"key\":\"k\"," + ok + ",\"pad\":\"" + "x".repeat(70_000) + "\"}";
    return List.of(
        poison("malformed json", "{\"key\":\"k\",\"ts\":", DlqReason.MALFORMED_JSON),
        poison("NaN", "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"value\":NaN}}", DlqReason.NON_FINITE),
        poison("Infinity", "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"value\":-Infinity}}",
            DlqReason.NON_FINITE),
        poison("missing key", "{" + ok + "}", DlqReason.MISSING_KEY),
        poison("value as string", "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"value\":\"12\"}}",
            DlqReason.WRONG_TYPE),
        poison("numeric key", "{\"key\":7," + ok + "}", DlqReason.WRONG_TYPE),
        poison("oversized", big, DlqReason.OVERSIZED),
        new Poison("invalid utf-8", badUtf8, DlqReason.INVALID_UTF8),
        poison("empty key", "{\"key\":\" \"," + ok + "}", DlqReason.EMPTY_KEY),
        poison("key too long", "{\"key\":\"" + "k".repeat(300) + "\"," + ok + "}", DlqReason.KEY_TOO_LONG),
        poison("out of range", "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"value\":1e16}}",
            DlqReason.OUT_OF_RANGE),
        poison("missing ts", "{\"key\":\"k\",\"values\":{\"value\":1}}", DlqReason.MISSING_TS),
        poison("ts not a date", "{\"key\":\"k\",\"ts\":\"yesterday\",\"values\":{\"value\":1}}", DlqReason.BAD_TS),
        poison("ts float", "{\"key\":\"k\",\"ts\":1.4e12,\"values\":{\"value\":1}}", DlqReason.BAD_TS),
        poison("ts without zone", "{\"key\":\"k\",\"ts\":\"2014-07-01T00:00:00\",\"values\":{\"value\":1}}",
            DlqReason.BAD_TS),
        poison("array root", "[1,2,3]", DlqReason.NOT_AN_OBJECT),
        poison("missing values", "{\"key\":\"k\",\"ts\":1404172800000}", DlqReason.MISSING_VALUES),
        poison("duplicate key", "{\"key\":\"k\",\"key\":\"j\"," + ok + "}", DlqReason.DUPLICATE_FIELD),
        poison("missing target", "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"temp\":1}}",
            DlqReason.MISSING_TARGET),
        poison("tombstone", null, DlqReason.EMPTY_RECORD));
  }

  // ------------------------------------------------------------------------------------------ Kafka I/O

  private static Map<String, List<Forecast>> forecastsByKey(String topic) {
    ForecastFormat format = new ForecastFormat();
    Map<String, List<Forecast>> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : KafkaTestIO.readAll(kafka, topic, true)) {
      Forecast f = format.parse(r.value());
      assertEquals(f.key(), new String(r.key(), StandardCharsets.UTF_8), "record key = forecast key");
      out.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
    }
    for (List<Forecast> l : out.values()) {
      l.sort(Comparator.comparingLong(Forecast::originTimestamp));
    }
    return out;
  }

  /** Each key alone through a fresh learner: what the job must emit for it. */
  private static Map<String, List<Forecast>> expected(List<Event> events, LearnerConfig cfg) {
    Map<String, List<Event>> byKey = new LinkedHashMap<>();
    for (Event e : events) {
      byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
    }
    Map<String, List<Forecast>> out = new TreeMap<>();
    for (Map.Entry<String, List<Event>> e : byKey.entrySet()) {
      OnlineLearner learner = new OnlineLearner(cfg);
      KeyState s = learner.newState(e.getKey());
      List<Forecast> f = new ArrayList<>();
      for (Event ev : e.getValue()) {
        f.addAll(learner.onEvent(s, ev));
      }
      out.put(e.getKey(), f);
    }
    return out;
  }

  /** Stride 1, one target: a key with n events has n - T + 1 complete windows; each origin exactly once. */
  private static void assertOnePerWindow(Map<String, List<Forecast>> got, List<Event> events, int timesteps) {
    Map<String, Long> perKey = new TreeMap<>();
    for (Event e : events) {
      perKey.merge(e.key(), 1L, Long::sum);
    }
    assertEquals(perKey.keySet(), got.keySet(), "every key forecast");
    for (Map.Entry<String, Long> e : perKey.entrySet()) {
      List<Forecast> f = got.get(e.getKey());
      assertEquals(e.getValue() - timesteps + 1, f.size(), "forecasts of key " + e.getKey());
      long[] origins = f.stream().mapToLong(Forecast::originTimestamp).distinct().toArray();
      assertEquals(f.size(), origins.length, "one forecast per origin for key " + e.getKey() + ": "
          + Arrays.toString(origins).substring(0, Math.min(200, Arrays.toString(origins).length())));
    }
  }
}
