package io.tidecast.kstreams;

import static io.tidecast.kstreams.KafkaStreamsAppTest.count;
import static io.tidecast.kstreams.KafkaStreamsAppTest.forecastsByKey;
import static io.tidecast.kstreams.KafkaStreamsAppTest.keyed;
import static io.tidecast.kstreams.KafkaTestSupport.VALUE;
import static io.tidecast.kstreams.KafkaTestSupport.app;
import static io.tidecast.kstreams.KafkaTestSupport.createTopics;
import static io.tidecast.kstreams.KafkaTestSupport.produce;
import static io.tidecast.kstreams.KafkaTestSupport.reference;
import static io.tidecast.kstreams.KafkaTestSupport.smallConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.connectors.kafka.Engine;
import io.tidecast.connectors.kafka.SoakRun;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.LearnerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle-key TTL of the Kafka Streams runtime against a real (in-process KRaft) broker: keys idle for longer than
 * the TTL in event time are dropped (blob and index entry), live keys are untouched, a key that comes back starts
 * fresh; and a small soak ({@link SoakRun}, as the Flink job's {@code SoakTest}) shows the idle cohort evicted and
 * state not growing. No timing asserts: waits are bounded only to fail instead of hanging.
 */
class IdleKeyTtlTest {
  private static final Duration LONG = Duration.ofMinutes(3);
  private static final long STEP = 60_000;
  private static final Duration SCAN = Duration.ofMillis(200);
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

  /** Keys {@code keys} at steps {@code from..to-1}, one event per key and step, interleaved in time. */
  private static List<Event> steps(List<String> keys, int from, int to) {
    List<Event> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      for (int k = 0; k < keys.size(); k++) {
        double v = 10 * k + 5 * Math.sin(0.4 * i + k) + 0.01 * (i % 7);
        out.add(new Event(keys.get(k), 1_000_000L + i * STEP + k, VALUE, new double[] {v}));
      }
    }
    return out;
  }

  private static double gauge(KafkaStreamsApp app, String name) {
    return app.registry().find(name).gauge().value();
  }

  private static double counter(KafkaStreamsApp app, String name) {
    return app.registry().find(name).counter().count();
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + LONG.toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
      Thread.sleep(50);
    }
  }

  @Test
  void idleKeysAreEvictedLiveKeysUntouchedAndAReturningKeyStartsFresh(@TempDir Path dir) throws Exception {
    String name = "ttl";
    createTopics(kafka, name, 1);
    LearnerConfig cfg = smallConfig(name);
    List<String> live = List.of("a0", "a1", "a2", "a3");
    List<String> idle = List.of("b0", "b1");
    List<String> all = new ArrayList<>(live);
    all.addAll(idle);
    // b0, b1 stop after step 29; by step 59 they are 30 steps behind, well past a TTL of 10 steps
    List<Event> first = new ArrayList<>(steps(all, 0, 30));
    first.addAll(steps(live, 30, 60));
    List<Event> back = steps(all, 60, 90); // then everyone, the idle keys included, sends again
    Map<String, List<Forecast>> expected = new LinkedHashMap<>();
    List<Event> liveEvents = new ArrayList<>(first);
    liveEvents.addAll(back);
    reference(cfg, liveEvents).forEach((k, f) -> {
      if (live.contains(k)) {
        expected.put(k, f); // never idle: one uninterrupted model
      }
    });
    Map<String, List<Forecast>> before = reference(cfg, first.stream().filter(e -> idle.contains(e.key())).toList());
    Map<String, List<Forecast>> after = reference(cfg, back.stream().filter(e -> idle.contains(e.key())).toList());
    for (String k : idle) { // the old model's forecasts, then a fresh model's, as if the key were new
      List<Forecast> f = new ArrayList<>(before.get(k));
      f.addAll(after.get(k));
      expected.put(k, f);
    }

    try (KafkaStreamsApp app = app(kafka, cfg, name, dir).idleKeyTtl(Duration.ofMillis(10 * STEP))
        .idleKeyScan(SCAN).build().start();
         KafkaTestSupport.Reader reader = new KafkaTestSupport.Reader(kafka, name + "-out")) {
      produce(kafka, first.stream().map(e -> keyed(name + "-in", e)).toList());
      await("the idle keys' eviction", () -> counter(app, "tidecast.keys.evicted") >= idle.size());
      assertEquals(live.size(), gauge(app, "tidecast.keys.live"), 0.0, "only the live keys are held");
      assertEquals(idle.size(), counter(app, "tidecast.keys.evicted"), 0.0);
      produce(kafka, back.stream().map(e -> keyed(name + "-in", e)).toList());
      List<Forecast> got = new ArrayList<>();
      reader.awaitAtLeast(count(expected), LONG).settle(Duration.ofSeconds(1));
      assertEquals(KafkaStreams.State.RUNNING, app.state());
      assertEquals(all.size(), gauge(app, "tidecast.keys.live"), 0.0, "the returning keys are live again");
      assertEquals(idle.size(), counter(app, "tidecast.keys.evicted"), 0.0, "nobody else was evicted");
      Map<String, List<Forecast>> byKey = forecastsByKey(reader.records);
      assertEquals(count(expected), reader.records.size(), "one forecast per window");
      for (String k : all) {
        assertEquals(expected.get(k), byKey.get(k), "key " + k + " (" + (live.contains(k) ? "live" : "returned")
            + "), bit for bit");
      }
    }
  }

  /** The shipped app in this JVM, as an {@link Engine} for {@link SoakRun}. */
  private static final class InJvm implements Engine {
    private final LearnerConfig cfg;
    private final Duration ttl;
    private Path dir;
    private KafkaStreamsApp app;

    InJvm(LearnerConfig cfg, Duration ttl) {
      this.cfg = cfg;
      this.ttl = ttl;
    }

    @Override
    public String name() {
      return "kstreams";
    }

    @Override
    public void start(String in, String out, String dlq) throws Exception {
      dir = Files.createTempDirectory("tidecast-soak-kstreams-");
      app = app(kafka, cfg, in + "-kstreams", dir).inputTopic(in).outputTopic(out).dlqTopic(dlq).idleKeyTtl(ttl)
          .idleKeyScan(SCAN).build().start();
    }

    long liveKeys() {
      return app == null ? -1 : (long) gauge(app, "tidecast.keys.live");
    }

    long evicted() {
      return (long) counter(app, "tidecast.keys.evicted");
    }

    @Override
    public long heapAfterGc() throws InterruptedException {
      return Engine.localHeapAfterGc();
    }

    @Override
    public long stateDirBytes() {
      return Engine.dirBytes(dir);
    }

    @Override
    public void close() {
      if (app != null) {
        app.close();
      }
      Engine.deleteTree(dir);
    }
  }

  @Test
  void soakEvictsTheIdleCohortAndStateStaysFlat() throws Exception {
    SoakRun soak = new SoakRun(100, 20_000);
    LearnerConfig cfg = smallConfig("soak").toBuilder().trainEvery(8).build();
    kafka.createTopic("soak", 1);
    soak.preload(kafka, "soak");
    InJvm ks = new InJvm(cfg, soak.ttl());
    long[] evicted = new long[1];
    List<SoakRun.Sample> samples = soak.run(kafka, ks, () -> {
      long n = ks.liveKeys();
      evicted[0] = ks.evicted();
      return n;
    }, ks::stateDirBytes, "soak", 10, LONG);
    samples.forEach(s -> System.out.println("kstreams soak sample " + s));
    long peak = samples.stream().mapToLong(SoakRun.Sample::liveKeys).max().orElseThrow();
    SoakRun.Sample last = samples.get(samples.size() - 1);
    assertEquals(soak.keys() + soak.cohort(), peak, "new keys joined while the idle cohort was still held");
    assertEquals(soak.keys(), last.liveKeys(), "the idle cohort's state was evicted by the TTL");
    assertEquals(soak.cohort(), evicted[0], "exactly the idle cohort was evicted");
    // the RocksDB directory swings with flushes and compaction: generous bounds, as SoakTest's
    List<SoakRun.Sample> earlier = samples.subList(1, samples.size() - 1);
    long state = earlier.stream().mapToLong(SoakRun.Sample::stateBytes).max().orElseThrow();
    long heap = earlier.stream().mapToLong(SoakRun.Sample::heapBytes).max().orElseThrow();
    assertTrue(last.stateBytes() > 0, "the store holds the state");
    assertTrue(last.stateBytes() <= 2 * state + (1 << 20),
        "state directory grew to " + last.stateBytes() + " bytes; at most " + state + " before");
    assertTrue(last.heapBytes() <= 1.5 * heap + (64 << 20),
        "heap after GC grew to " + last.heapBytes() + " bytes; at most " + heap + " before");
  }
}
