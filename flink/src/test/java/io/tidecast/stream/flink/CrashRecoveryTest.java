package io.tidecast.stream.flink;

import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.connectors.kafka.HostileCorpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidecast.connectors.ForecastFormat;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability of {@link KafkaForecastJob} on a Flink MiniCluster against a real in-process KRaft broker, on
 * 100,000 events over 125 keys: the read_committed forecasts of a run with seeded injected failures, and of a
 * run stopped with savepoints and restored at parallelism 1 → 2 → 1, equal the forecasts the job makes without
 * interruption, record for record and byte for byte per key. RELIABILITY.md reports the numbers.
 */
class CrashRecoveryTest {
  static final int KEYS = 125;
  static final int PER_KEY = 800;
  static final int PARTITIONS = 3;
  static final int PARALLELISM = 2;
  static final int TIMESTEPS = 8;
  static final int FAILURES = 4;
  static final long SEED = 20261122L;
  static final String IN = "crash-events";
  /** Complete windows per key (stride 1, one target) = forecasts per key. */
  static final int EXPECTED = KEYS * (PER_KEY - TIMESTEPS + 1);

  private static Configuration clusterConfig() {
    Configuration c = new Configuration();
    c.setString("restart-strategy.type", "fixed-delay");
    c.setString("restart-strategy.fixed-delay.attempts", Integer.toString(2 * FAILURES));
    c.setString("restart-strategy.fixed-delay.delay", "100 ms");
    // an aligned checkpoint barrier queues behind the in-flight buffers of a backpressured learner: small
    // buffers keep checkpoints (and so failure points and savepoints) well under a second on a loaded box
    c.setString("taskmanager.memory.segment-size", "4kb");
    c.setString("taskmanager.network.memory.buffers-per-channel", "2");
    c.setString("taskmanager.network.memory.floating-buffers-per-gate", "4");
    return c;
  }

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).setConfiguration(clusterConfig()).build());

  private static EmbeddedKafka kafka;
  private static KafkaIo io;
  private static Map<String, List<byte[]>> reference;

  @BeforeAll
  static void startKafkaAndProduce() throws Exception {
    kafka = EmbeddedKafka.start();
    io = new KafkaIo(kafka);
    kafka.createTopic(IN, PARTITIONS);
    List<Event> events = events();
    assertEquals(100_000, events.size());
    List<ProducerRecord<byte[], byte[]>> records = KafkaForecastJobTest.jsonRecords(IN, events);
    // one far-future event per partition: an unbounded job's watermark passes the last real events with it
    // (a bounded job flushes at the end anyway); a key with one event makes no forecast
    for (int p = 0; p < PARTITIONS; p++) {
      Event flush = new Event("__flush-" + p, 4_102_444_800_000L + p, List.of("value"), new double[] {0});
      records.add(new ProducerRecord<>(IN, p, flush.key().getBytes(StandardCharsets.UTF_8),
          LateDeadLetter.toJson(flush)));
    }
    io.produce(records);
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** LSTM(4), 8 timesteps: small, so 100,000 events run in seconds; the maths is the default's. */
  static LearnerConfig config() {
    WindowSpec w = WindowSpec.of(TIMESTEPS, 1, List.of("value"), List.of("value"));
    return LearnerConfig.builder(w).units(4).batchSize(8).trainEvery(8).replayRows(64).seasonality(48)
        .modelName("crash").build();
  }

  private static JobOptions options(String name, boolean bounded) throws Exception {
    kafka.createTopic(name + "-out", PARTITIONS);
    kafka.createTopic(name + "-dlq", 1);
    return io.jobOptions().inputTopic(IN).outputTopic(name + "-out").dlqTopic(name + "-dlq")
        .groupId("g-" + name).transactionalIdPrefix("tx-" + name).bounded(bounded).learner(config())
        .checkpointInterval(Duration.ofMillis(200));
  }

  /**
   * What the job writes when nothing fails, computed once: each key's events through a fresh learner, each
   * forecast serialised by the sink's own format ({@code KafkaForecastJobTest} checks the uninterrupted job
   * against the same learner). Cheaper than a third job run, and not subject to the run it is compared with.
   */
  private static synchronized Map<String, List<byte[]>> reference() {
    if (reference == null) {
      long t0 = System.nanoTime();
      reference = learnerBytes();
      System.out.printf("reference: %d forecasts over %d keys from the learner in %.1f s%n", count(reference),
          reference.size(), (System.nanoTime() - t0) / 1e9);
    }
    return reference;
  }

  /** Each key's events through a fresh learner, forecasts written as the sink writes them. */
  private static Map<String, List<byte[]>> learnerBytes() {
    OnlineLearner learner = new OnlineLearner(config());
    ForecastFormat format = new ForecastFormat();
    Map<String, KeyState> states = new TreeMap<>();
    Map<String, List<byte[]>> out = new TreeMap<>();
    for (Event e : events()) {
      KeyState s = states.computeIfAbsent(e.key(), learner::newState);
      for (Forecast f : learner.onEvent(s, e)) {
        out.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(format.write(f));
      }
    }
    assertEquals(KEYS, out.size());
    assertEquals(EXPECTED, count(out), "one forecast per complete window");
    return out;
  }

  static List<Event> events() {
    List<Event> events = HostileCorpus.synthetic(KEYS, PER_KEY, SEED);
    events.sort(Comparator.comparingLong(Event::timestamp)); // each partition in event-time order
    return events;
  }

  @Test
  void seededFailuresAfterCheckpointsRecoverToTheFailureFreeOutputBitForBit() throws Exception {
    Map<String, List<byte[]>> expected = reference();
    JobOptions o = options("crash", true).parallelism(PARALLELISM);
    Chaos.arm(new SplittableRandom(SEED), FAILURES, 100_000);
    long t0 = System.nanoTime();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    KafkaForecastJob.build(env, o, Chaos.tap(Chaos.EVENTS_SITE), Chaos.tap(Chaos.FORECASTS_SITE));
    env.execute("crash-injected");
    double seconds = (System.nanoTime() - t0) / 1e9;

    Map<Integer, Long> restoredFrom = new TreeMap<>(Chaos.RESTORED_FROM);
    System.out.printf("crash run: %d failures injected at event counts %s (sites %s), Flink restarts %d, restored "
        + "from checkpoints (attempt -> id) %s, %d events seen incl. replays, %.1f s%n", Chaos.INJECTED.get(),
        Arrays.toString(Chaos.failAt), Arrays.toString(Chaos.failSite), Chaos.MAX_ATTEMPT.get(), restoredFrom,
        Chaos.EVENTS.get(), seconds);
    assertEquals(FAILURES, Chaos.INJECTED.get(), "every scheduled failure was injected");
    assertEquals(FAILURES, Chaos.MAX_ATTEMPT.get(), "Flink restarted the job once per injected failure");
    for (int attempt = 1; attempt <= FAILURES; attempt++) {
      assertTrue(restoredFrom.containsKey(attempt), "restart " + attempt + " restored state from a completed "
          + "checkpoint: " + restoredFrom);
    }
    assertTrue(Chaos.EVENTS.get() > 100_000, "restored runs replayed events after their checkpoint");
    assertSameBytes(expected, forecastBytesByKey(o.outputTopic()), "after " + FAILURES + " failures");
    assertNoDeadLetters(o);
  }

  @Test
  void stopWithSavepointAndRestoreAtParallelismOneTwoOneContinuesBitForBit(@TempDir Path dir) throws Exception {
    Map<String, List<byte[]>> expected = reference();
    JobOptions o = options("savepoint", false);
    Chaos.arm(new SplittableRandom(SEED), 0, 0); // no failures: the tap only records parallelism and restores
    Chaos.throttleEvery = 10; // at most ~10k events/s per subtask: read_committed lags a checkpoint, the job must not
                              // reach the end of the input before the planned stop
    long t0 = System.nanoTime();
    String savepoint = null;
    int[] parallelism = {1, 2, 1};
    int[] stopAt = {EXPECTED / 4, EXPECTED / 2, -1};
    try (KafkaConsumer<byte[], byte[]> out = io.fromStart(o.outputTopic(), true)) {
      int committed = 0;
      for (int stage = 0; stage < parallelism.length; stage++) {
        o.parallelism(parallelism[stage]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaForecastJob.build(env, o, Chaos.tap(Chaos.EVENTS_SITE), Chaos.tap(Chaos.FORECASTS_SITE));
        StreamGraph graph = env.getStreamGraph();
        // every piece of state in the savepoint must map to an operator uid of the new job: no allowNonRestored
        graph.setSavepointRestoreSettings(savepoint == null ? SavepointRestoreSettings.none()
            : SavepointRestoreSettings.forPath(savepoint, false));
        Chaos.PARALLELISM.clear();
        JobClient job = env.executeAsync(graph);
        int before = committed;
        int target = stopAt[stage] > 0 ? stopAt[stage] : EXPECTED;
        committed = awaitCommitted(out, committed, target, job);
        if (stopAt[stage] > 0) {
          savepoint = job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(120, TimeUnit.SECONDS);
          job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
          committed = drain(out, committed);
          assertTrue(committed < EXPECTED, "stage " + stage + " stopped mid-stream: " + committed + " of "
              + EXPECTED + " forecasts committed");
        } else {
          Thread.sleep(1500); // several more checkpoints: nothing may follow the expected forecasts
          committed = drain(out, committed);
          job.cancel().get(60, TimeUnit.SECONDS);
        }
        System.out.printf("savepoint stage %d: parallelism %s, restored %s, %d forecasts committed (%d new)%s%n",
            stage, Chaos.PARALLELISM.keySet(), stage == 0 ? "no" : "yes", committed,
            committed - before, stopAt[stage] > 0 ? ", stopped with savepoint " + savepoint : "");
        assertEquals(Set.of(parallelism[stage]), Chaos.PARALLELISM.keySet(), "stage " + stage + " parallelism");
        assertTrue(committed > before, "stage " + stage + " made progress");
      }
      assertEquals(EXPECTED, committed, "no forecast twice, none missing");
    }
    System.out.printf("savepoint run: 3 stages in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertEquals(2, Chaos.RESTORED_JOBS.size(), "stages 2 and 3 each restored from a savepoint: "
        + Chaos.RESTORED_JOBS);
    assertSameBytes(expected, forecastBytesByKey(o.outputTopic()), "after stop/restore 1 -> 2 -> 1");
    assertNoDeadLetters(o);
  }

  // ------------------------------------------------------------------------------------------ failures

  /**
   * A pass-through tap that throws at seeded event counts, on the event path (before the learner) or on the
   * forecast path (before the transactional sink), each time only after a checkpoint completed since the last
   * injected failure, so every recovery restores learner state, source offsets and sink transactions. It also
   * records Flink's attempt number, the checkpoint each restart restored and the parallelism. Static: the
   * MiniCluster runs in this JVM.
   */
  static final class Chaos<T> extends RichMapFunction<T, T> implements CheckpointListener, CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    static final int EVENTS_SITE = 0;
    static final int FORECASTS_SITE = 1;
    static final AtomicLong EVENTS = new AtomicLong();
    static final AtomicInteger NEXT = new AtomicInteger();
    static final AtomicInteger INJECTED = new AtomicInteger();
    static final AtomicInteger MAX_ATTEMPT = new AtomicInteger();
    /** The newest checkpoint completed in an attempt after the last injected failure (0: none yet). */
    static final AtomicLong LAST_CHECKPOINT = new AtomicLong();
    static final AtomicInteger ATTEMPT_AT_FAILURE = new AtomicInteger(-1);
    /** Attempt number -> the checkpoint it restored; job id -> the checkpoint or savepoint it restored. */
    static final Map<Integer, Long> RESTORED_FROM = new ConcurrentHashMap<>();
    static final Map<String, Long> RESTORED_JOBS = new ConcurrentHashMap<>();
    static final Map<Integer, Boolean> PARALLELISM = new ConcurrentHashMap<>();
    static volatile long[] failAt = new long[0];
    static volatile int[] failSite = new int[0];
    /** Sleep 1 ms every this many events (0: never): keeps a fast box from finishing before a planned stop. */
    static volatile int throttleEvery;

    private final int site;

    Chaos(int site) {
      this.site = site;
    }

    /** {@code n} failures at sorted event counts drawn from [5%, 85%] of {@code events}, at random sites. */
    static void arm(SplittableRandom r, int n, long events) {
      long[] at = new long[n];
      int[] sites = new int[n];
      for (int i = 0; i < n; i++) {
        at[i] = r.nextLong(events / 20, events * 85 / 100);
        sites[i] = r.nextInt(2);
      }
      Arrays.sort(at);
      failAt = at;
      failSite = sites;
      throttleEvery = 0;
      EVENTS.set(0);
      NEXT.set(0);
      INJECTED.set(0);
      MAX_ATTEMPT.set(0);
      LAST_CHECKPOINT.set(0);
      ATTEMPT_AT_FAILURE.set(-1);
      RESTORED_FROM.clear();
      RESTORED_JOBS.clear();
      PARALLELISM.clear();
    }

    static <T> UnaryOperator<DataStream<T>> tap(int site) {
      return s -> s.map(new Chaos<T>(site)).returns(s.getType()).name(site == EVENTS_SITE ? "chaos-events"
          : "chaos-forecasts");
    }

    @Override
    public void open(OpenContext ctx) {
      MAX_ATTEMPT.accumulateAndGet(getRuntimeContext().getTaskInfo().getAttemptNumber(), Math::max);
      PARALLELISM.put(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks(), true);
    }

    @Override
    public T map(T value) {
      long seen = site == EVENTS_SITE ? EVENTS.incrementAndGet() : EVENTS.get();
      int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
      int i = NEXT.get();
      boolean due = i < failAt.length && seen >= failAt[i];
      if (site == EVENTS_SITE && throttleEvery > 0 && seen % throttleEvery == 0) {
        sleepQuietly(1);
      }
      if (due && LAST_CHECKPOINT.get() == 0 && site == EVENTS_SITE) {
        // a loaded box may not complete a checkpoint before the input ends: slow the input (between records the
        // source still takes checkpoints) until one completes, so every scheduled failure is injected
        sleepQuietly(2);
      }
      if (due && failSite[i] == site) {
        synchronized (Chaos.class) {
          // one failure per attempt, and only once this attempt completed a checkpoint: a notification or a
          // subtask of the failing attempt that is still running must not inject the next failure
          if (NEXT.get() == i && attempt > ATTEMPT_AT_FAILURE.get() && LAST_CHECKPOINT.get() > 0) {
            NEXT.set(i + 1);
            ATTEMPT_AT_FAILURE.set(attempt);
            LAST_CHECKPOINT.set(0);
            INJECTED.incrementAndGet();
            throw new IllegalStateException("injected failure " + (i + 1) + " at event " + seen + " on the "
                + (site == EVENTS_SITE ? "event" : "forecast") + " path");
          }
        }
      }
      return value;
    }

    private static void sleepQuietly(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      synchronized (Chaos.class) {
        if (getRuntimeContext().getTaskInfo().getAttemptNumber() > ATTEMPT_AT_FAILURE.get()) {
          LAST_CHECKPOINT.accumulateAndGet(checkpointId, Math::max);
        }
      }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
      if (context.isRestored()) {
        long id = context.getRestoredCheckpointId().orElse(-1);
        RESTORED_FROM.put(getRuntimeContext().getTaskInfo().getAttemptNumber(), id);
        RESTORED_JOBS.put(getRuntimeContext().getJobInfo().getJobId().toString(), id);
      }
    }
  }

  // ------------------------------------------------------------------------------------------ output

  /** Reads committed forecasts until {@code target} arrived; fails if the job ends or a minute passes idle. */
  private static int awaitCommitted(KafkaConsumer<byte[], byte[]> out, int committed, int target, JobClient job)
      throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (committed < target) {
      committed += out.poll(Duration.ofMillis(100)).count();
      if (System.currentTimeMillis() > deadline || job.getJobStatus().get().isGloballyTerminalState()) {
        fail(committed + " of " + target + " forecasts committed; job " + job.getJobStatus().get());
      }
    }
    return committed;
  }

  /** Reads whatever else is committed now. */
  private static int drain(KafkaConsumer<byte[], byte[]> out, int committed) {
    int n;
    do {
      n = out.poll(Duration.ofMillis(500)).count();
      committed += n;
    } while (n > 0);
    return committed;
  }

  /** read_committed forecast values per key, in the order the job wrote them (a key is on one partition). */
  private static Map<String, List<byte[]>> forecastBytesByKey(String topic) {
    Map<String, List<byte[]>> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : io.readAll(topic, true)) {
      out.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
    }
    return out;
  }

  private static int count(Map<String, List<byte[]>> m) {
    return m.values().stream().mapToInt(List::size).sum();
  }

  private static void assertSameBytes(Map<String, List<byte[]>> expected, Map<String, List<byte[]>> got,
      String what) {
    assertEquals(expected.keySet(), got.keySet(), what + ": keys");
    for (Map.Entry<String, List<byte[]>> e : expected.entrySet()) {
      List<byte[]> g = got.get(e.getKey());
      for (int i = 0; i < Math.min(e.getValue().size(), g.size()); i++) {
        if (!Arrays.equals(e.getValue().get(i), g.get(i))) {
          fail(what + ": key " + e.getKey() + " record " + i + " differs:\n  expected "
              + new String(e.getValue().get(i), StandardCharsets.UTF_8) + "\n  got      "
              + new String(g.get(i), StandardCharsets.UTF_8));
        }
      }
      assertEquals(e.getValue().size(), g.size(), what + ": forecasts of key " + e.getKey());
    }
    System.out.printf("%s: %d forecasts over %d keys equal the failure-free output byte for byte%n", what,
        count(got), got.size());
  }

  private static void assertNoDeadLetters(JobOptions o) {
    assertEquals(0, io.readAll(o.dlqTopic(), true).size(), "no dead letters in " + o.dlqTopic());
  }
}
