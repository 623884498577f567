package io.tidecast.stream.flink;

import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.connectors.kafka.HostileCorpus;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.ForecastFormat;
import io.tidecast.stream.Event;
import io.tidecast.stream.SharedData;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.OnlineLearner;
import io.tidecast.stream.WindowSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
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
  private static KafkaIo io;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = EmbeddedKafka.start();
    io = new KafkaIo(kafka);
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
    events.addAll(HostileCorpus.synthetic(50, 60, 11));
    events.sort(Comparator.comparingLong(Event::timestamp)); // each partition in event-time order
    Topics t = topics("a");
    io.produce(jsonRecords(t.in, events));

    LearnerConfig cfg = smallConfig();
    runJob(options(t, cfg), s -> s, f -> f);

    Map<String, List<Forecast>> got = io.forecastsByKey(t.out);
    Map<String, List<Forecast>> expected = expected(events, cfg);
    assertEquals(51, expected.size());
    assertOnePerWindow(got, events, cfg.window().timesteps());
    assertEquals(expected, got, "forecasts after the Kafka JSON round trip equal the learner's, bit for bit");
    assertEquals(List.of(), io.readAll(t.dlq, true), "no dead letters: all events valid and in order");
  }

  @Test
  void poisonPillsGoToTheDlqWithReasonBytesAndOffsetsAndValidEventsAllCount() throws Exception {
    List<Event> events = HostileCorpus.synthetic(10, 100, 7);
    events.sort(Comparator.comparingLong(Event::timestamp));
    List<HostileCorpus.Poison> kinds = HostileCorpus.poisonKinds();
    assertTrue(kinds.size() >= 10);
    assertTrue(kinds.stream().map(p -> p.reason()).distinct().count() >= 10, "at least 10 distinct reasons");
    Topics t = topics("b");

    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Map<Integer, HostileCorpus.Poison> poisonAt = new HashMap<>(); // index in records -> poison
    List<ProducerRecord<byte[], byte[]>> valid = jsonRecords(t.in, events);
    for (int i = 0; i < valid.size(); i++) {
      records.add(valid.get(i));
      if (i % 5 == 4) { // 1,000 valid, 200 invalid: one after every fifth valid record
        int n = poisonAt.size();
        HostileCorpus.Poison p = kinds.get(n % kinds.size());
        poisonAt.put(records.size(), p);
        records.add(new ProducerRecord<>(t.in, ("poison-" + n).getBytes(StandardCharsets.UTF_8), p.value()));
      }
    }
    assertEquals(1000, valid.size());
    assertEquals(200, poisonAt.size());
    List<RecordMetadata> meta = io.produce(records);

    OPENS.set(0);
    LearnerConfig cfg = smallConfig();
    runJob(options(t, cfg), s -> s.map(new CountOpens()).returns(s.getType()).name("count-opens"), f -> f);
    assertEquals(PARALLELISM, OPENS.get(), "the job ran once, without a restart: no poison record failed it");

    Map<String, List<Forecast>> got = io.forecastsByKey(t.out);
    assertOnePerWindow(got, events, cfg.window().timesteps());
    assertEquals(expected(events, cfg), got, "every valid event was used, and only those");

    Map<String, Integer> partitionOffsetToIndex = new HashMap<>();
    for (int i = 0; i < meta.size(); i++) {
      partitionOffsetToIndex.put(meta.get(i).partition() + "@" + meta.get(i).offset(), i);
    }
    List<ConsumerRecord<byte[], byte[]>> dlq = io.readAll(t.dlq, true);
    assertEquals(200, dlq.size(), "every invalid record in the DLQ exactly once");
    Map<String, Integer> byReason = new TreeMap<>();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      DeadLetter d = DeadLetter.fromRecord(r);
      assertEquals(t.in, d.sourceTopic());
      Integer idx = partitionOffsetToIndex.get(d.sourcePartition() + "@" + d.sourceOffset());
      assertNotNull(idx, "source partition/offset point at a produced record: " + d);
      assertTrue(seen.add(idx), "no duplicate dead letter for record " + idx);
      HostileCorpus.Poison p = poisonAt.get(idx);
      assertNotNull(p, "the record at " + d.sourcePartition() + "@" + d.sourceOffset() + " was valid: " + d);
      assertEquals(p.reason(), d.reason(), p.name() + ": " + d.detail());
      assertArrayEquals(p.value(), r.value(), p.name() + ": original bytes untouched");
      assertArrayEquals(records.get(idx).key(), r.key(), p.name() + ": original key untouched");
      byReason.merge(d.reason().code(), 1, Integer::sum);
    }
    assertFalse(byReason.containsKey("late"), "no late events in this input: " + byReason);
  }

  @Test
  void exactlyOnceAcrossAnInjectedFailure() throws Exception {
    List<Event> events = HostileCorpus.synthetic(50, 80, 23);
    events.sort(Comparator.comparingLong(Event::timestamp));
    Topics t = topics("c");
    io.produce(jsonRecords(t.in, events));

    FailOnce.reset();
    LearnerConfig cfg = smallConfig();
    runJob(options(t, cfg).checkpointInterval(Duration.ofMillis(300)),
        s -> s.map(new Throttle()).returns(s.getType()).name("throttle"),
        f -> f.map(new FailOnce()).returns(f.getType()).name("fail-once"));
    assertTrue(FailOnce.FAILED.get(), "the failure was injected (after a completed checkpoint)");

    Map<String, List<Forecast>> got = io.forecastsByKey(t.out);
    assertOnePerWindow(got, events, cfg.window().timesteps());
    assertEquals(expected(events, cfg), got, "read_committed output equals the failure-free forecasts");
    // the aborted transaction's records are in the log; only read_uncommitted shows them
    int committed = io.readAll(t.out, true).size();
    int uncommitted = io.readAll(t.out, false).size();
    System.out.println("failure test: committed " + committed + ", read_uncommitted " + uncommitted);
    assertTrue(uncommitted >= committed + FailOnce.MIN_IN_OPEN_TRANSACTION, "the failure aborted a transaction "
        + "that held forecasts (" + committed + " committed, " + uncommitted + " in the log)");
  }

  /**
   * Hostile input (RELIABILITY.md): {@link HostileCorpus} — 2,000 valid events, many in odd but legal encodings,
   * mixed with 11,500 bad records of about 50 kinds in one topic — through the unbounded job. The job never
   * restarts; every bad record is in the DLQ exactly once with the reason of its kind (content-bad ones with their
   * original bytes and source offset, late ones re-encoded); the forecasts equal a clean run of only the valid
   * events through the learner, bit for bit.
   */
  @Test
  void hostileInputIsDeadLetteredByKindAndLeavesTheForecastsUnchanged() throws Exception {
    long t0 = System.nanoTime();
    HostileCorpus c = new HostileCorpus(2026, 8000, 1000, 2500);
    Topics t = topics("hostile");
    List<HostileCorpus.Item> items = new ArrayList<>(c.phaseA);
    List<RecordMetadata> meta = new ArrayList<>(io.produce(records(t.in, c.phaseA)));
    LearnerConfig cfg = smallConfig();
    Map<String, List<Forecast>> expected = expected(c.events, cfg);
    int expectedForecasts = expected.values().stream().mapToInt(List::size).sum();

    OPENS.set(0);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    KafkaForecastJob.build(env, options(t, cfg).bounded(false),
        s -> s.map(new CountOpens()).returns(s.getType()).name("count-opens"), f -> f);
    JobClient job = env.executeAsync("kafka-it-hostile");
    List<ConsumerRecord<byte[], byte[]>> out;
    List<ConsumerRecord<byte[], byte[]>> dlq;
    long tA;
    try (KafkaIo.Tail outTail = io.tail(t.out); KafkaIo.Tail dlqTail = io.tail(t.dlq)) {
      // phase B once the watermark passed each key's late bound: its late records are then late whatever the timing
      Map<String, Long> bound = new TreeMap<>();
      c.eventsByKey().keySet().forEach(k -> bound.put(k, c.lateBound(k)));
      outTail.await("forecasts at each key's late bound", got -> bound.entrySet().stream().allMatch(
          b -> got.stream().anyMatch(r -> new String(r.key(), StandardCharsets.UTF_8).equals(b.getKey())
              && new ForecastFormat().parse(r.value()).originTimestamp() == b.getValue())));
      tA = System.nanoTime();
      items.addAll(c.phaseB);
      meta.addAll(io.produce(records(t.in, c.phaseB)));
      List<ProducerRecord<byte[], byte[]>> ends = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        ends.add(new ProducerRecord<>(t.in, p, null, null, HostileCorpus.json(c.endMarker(p))));
      }
      io.produce(ends);
      long bad = items.stream().filter(i -> i.reason() != null).count();
      out = outTail.await(expectedForecasts + " forecasts", got -> got.size() >= expectedForecasts);
      dlq = dlqTail.await(bad + " dead letters", got -> got.size() >= bad);
      assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "the job is still running");
    } finally {
      job.cancel().get();
    }
    assertEquals(PARALLELISM, OPENS.get(), "the job ran once, without a restart: no hostile record failed it");

    Map<String, List<Forecast>> got = io.forecastsByKey(t.out);
    assertOnePerWindow(got, c.events, cfg.window().timesteps());
    assertEquals(expected, got, () -> "forecasts equal a clean run of only the valid events, bit for bit; "
        + firstDifferences(expected, got));
    assertEquals(expectedForecasts, out.size());

    // late events lose their bytes and source offset past the keyBy: the job re-encodes them
    Map<String, Integer> byReason = HostileCorpus.checkDeadLetters(items, meta, dlq, LateDeadLetter::toJson);
    System.out.printf("hostile input: %d records, %d dead letters, phase A %.1f s, all %.1f s; by reason %s; by kind"
        + " %s%n", items.size(), dlq.size(), (tA - t0) / 1e9, (System.nanoTime() - t0) / 1e9, byReason,
        HostileCorpus.byKind(items));
  }

  /**
   * Keys whose events share one time (twenty at once, or every time twice) among clean keys. Each partition is in
   * event-time order, so the repeats reach the learner together once the watermark passes their time: the first
   * is learned, the rest go to the DLQ as late (before the fix, a key with a window of events at one time got a
   * zero step and crash-looped the job). No restart; every key's forecasts equal the learner alone on the events
   * it accepts, so the clean keys' are those of a clean run, bit for bit. (Times going back in Flink depend on the
   * watermark's timing: HostileCorpus covers them; the learner's and Kafka Streams' tests cover them exactly.)
   */
  @Test
  void keysWithRepeatedTimesAreDeadLetteredAndTheCleanKeysUnchanged() throws Exception {
    List<HostileCorpus.Item> items = new ArrayList<>();
    for (Event e : HostileCorpus.synthetic(8, 60, 31)) {
      items.add(new HostileCorpus.Item("clean", e.key().getBytes(StandardCharsets.UTF_8), HostileCorpus.json(e),
          null, e));
    }
    long mid = HostileCorpus.T0 + 30 * HostileCorpus.HALF_HOUR + 500;
    long[] oneTime = new long[20];
    Arrays.fill(oneTime, mid);
    long[] twice = new long[80];
    for (int i = 0; i < twice.length; i++) {
      twice[i] = HostileCorpus.T0 + (i / 2) * HostileCorpus.HALF_HOUR + 700;
    }
    items.addAll(HostileCorpus.keyAtTimes("one-time", oneTime));
    items.addAll(HostileCorpus.keyAtTimes("every-time-twice", twice));
    items.sort(Comparator.comparingLong(i -> i.event().timestamp())); // stable: repeats keep their order
    List<Event> accepted = items.stream().filter(i -> i.reason() == null).map(HostileCorpus.Item::event).toList();
    List<Event> clean = accepted.stream().filter(e -> e.key().startsWith("sensor-")).toList();
    assertEquals(480 + 1 + 40, accepted.size());
    Topics t = topics("ties");
    List<RecordMetadata> meta = io.produce(records(t.in, items));

    OPENS.set(0);
    LearnerConfig cfg = smallConfig();
    runJob(options(t, cfg), s -> s.map(new CountOpens()).returns(s.getType()).name("count-opens"), f -> f);
    assertEquals(PARALLELISM, OPENS.get(), "the job ran once, without a restart");

    Map<String, List<Forecast>> got = io.forecastsByKey(t.out);
    Map<String, List<Forecast>> want = expected(accepted, cfg);
    assertEquals(List.of(), want.remove("one-time"), "one time is no series: nothing to forecast");
    assertEquals(want, got, () -> "each key as the learner alone on its accepted events; " + firstDifferences(want,
        got));
    assertEquals(expected(clean, cfg), got.entrySet().stream().filter(e -> e.getKey().startsWith("sensor-"))
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "clean keys unchanged");
    Map<String, Integer> byReason = HostileCorpus.checkDeadLetters(items, meta, io.readAll(t.dlq, true),
        LateDeadLetter::toJson);
    assertEquals(Map.of("late", 19 + 40), byReason);
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
    return io.jobOptions().inputTopic(t.in)
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
    return SharedData.nab("nab/nyc_taxi.csv", "nyc_taxi");
  }

  /** JSON records keyed by the event key (one key, one partition: per-key order is kept). */
  static List<ProducerRecord<byte[], byte[]>> jsonRecords(String topic, List<Event> events) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(events.size());
    for (Event e : events) {
      out.add(new ProducerRecord<>(topic, e.key().getBytes(StandardCharsets.UTF_8), LateDeadLetter.toJson(e)));
    }
    return out;
  }

  private static List<ProducerRecord<byte[], byte[]>> records(String topic, List<HostileCorpus.Item> items) {
    return items.stream().map(i -> new ProducerRecord<>(topic, i.key(), i.value())).toList();
  }

  /** Each key alone through a fresh learner: what the job must emit for it. */
  static Map<String, List<Forecast>> expected(List<Event> events, LearnerConfig cfg) {
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

  /** Per key, where {@code got} first departs from {@code want} (assertion messages). */
  private static String firstDifferences(Map<String, List<Forecast>> want, Map<String, List<Forecast>> got) {
    StringBuilder diff = new StringBuilder();
    for (String k : want.keySet()) {
      List<Forecast> g = got.getOrDefault(k, List.of());
      List<Forecast> w = want.get(k);
      int i = 0;
      while (i < Math.min(g.size(), w.size()) && g.get(i).equals(w.get(i))) {
        i++;
      }
      if (i < Math.max(g.size(), w.size())) {
        diff.append('\n').append(k).append(": got ").append(g.size()).append(", want ").append(w.size())
            .append(", first difference at ").append(i).append(i < g.size() ? ": got " + g.get(i) : "")
            .append(i < w.size() ? ", want " + w.get(i) : "");
      }
    }
    return diff.toString();
  }

  /** Stride 1, one target: a key with n events has n - T + 1 complete windows; each origin exactly once. */
  static void assertOnePerWindow(Map<String, List<Forecast>> got, List<Event> events, int timesteps) {
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
