package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OnlineLearnerTest {
  static final List<String> V = List.of("value");

  static Event ev(String key, long i, double v) {
    return new Event(key, 1_000L * i, V, new double[] {v});
  }

  static LearnerConfig cfg(int timesteps, int horizon) {
    return LearnerConfig.builder(WindowSpec.of(timesteps, horizon, V, V)).units(6).batchSize(4).replayRows(40)
        .seasonality(8).build();
  }

  static double wave(long i) {
    return 50 + 10 * Math.sin(2 * Math.PI * i / 8.0) + 0.5 * Math.cos(i * 0.77);
  }

  /** learn=false (a frozen model): forecasts and scores go on, the model and the scalers do not move. */
  @Test
  void frozenEventsNeitherTrainNorRescale() {
    OnlineLearner l = new OnlineLearner(cfg(5, 3));
    KeyState s = l.newState("a");
    for (long i = 0; i < 60; i++) {
      l.onEvent(s, ev("a", i, wave(i)));
    }
    long version = s.version();
    byte[] before = s.toBytes();
    KeyState copy = KeyState.fromBytes(before);
    List<Forecast> frozen = l.onEvent(s, ev("a", 60, 1e6), false);
    assertEquals(version, s.version(), "no training step");
    assertEquals(61, s.evaluator(0).observed(), "still scored");
    // the same event learned from moves the scalers, so the next forecasts differ from the frozen ones
    List<Forecast> learned = l.onEvent(copy, ev("a", 60, 1e6), true);
    assertTrue(copy.version() > version);
    assertNotEquals(frozen.get(0).value(1), learned.get(0).value(1));
    List<Forecast> again = l.onEvent(KeyState.fromBytes(before), ev("a", 60, 1e6), false);
    assertEquals(frozen.get(0).value(1), again.get(0).value(1), 0.0, "frozen forecasts replay exactly");
  }

  @Test
  void forecastsOnceWindowsCompleteAndLearns() {
    OnlineLearner l = new OnlineLearner(cfg(5, 3));
    KeyState s = l.newState("a");
    int forecasts = 0;
    for (long i = 0; i < 300; i++) {
      List<Forecast> f = l.onEvent(s, ev("a", i, wave(i)));
      if (i < 4) {
        assertTrue(f.isEmpty(), "no window before 5 events");
      } else {
        assertEquals(1, f.size());
        Forecast fc = f.get(0);
        assertEquals(3, fc.horizon());
        assertEquals(1_000L * i, fc.originTimestamp());
        assertEquals(1_000L * (i + 2), fc.timestamp(2), "steps spaced by the observed interval");
        forecasts++;
      }
    }
    assertEquals(296, forecasts);
    assertTrue(s.version() > 250, "trained on every labelled window: " + s.version());
    PrequentialEvaluator e = s.evaluator(0);
    assertTrue(e.error(PrequentialEvaluator.Source.MODEL, PrequentialEvaluator.Measure.MAE, 1)
        < e.error(PrequentialEvaluator.Source.NAIVE, PrequentialEvaluator.Measure.MAE, 1),
        "beats naive on a clean seasonal wave");
  }

  @Test
  void stateRoundTripContinuesBitForBit() {
    LearnerConfig c = cfg(6, 2);
    OnlineLearner a = new OnlineLearner(c);
    KeyState s = a.newState("k");
    for (long i = 0; i < 120; i++) {
      a.onEvent(s, ev("k", i, wave(i)));
    }
    byte[] bytes = s.toBytes();
    KeyState restored = KeyState.fromBytes(bytes);
    assertArrayEquals(bytes, restored.toBytes(), "re-encoding is identical");
    OnlineLearner b = new OnlineLearner(c); // a fresh operator after recovery
    for (long i = 120; i < 200; i++) {
      assertEquals(a.onEvent(s, ev("k", i, wave(i))), b.onEvent(restored, ev("k", i, wave(i))));
    }
    assertArrayEquals(s.toBytes(), restored.toBytes());
  }

  @Test
  void stateOfLstm32WithAdamFitsIn64KiB() {
    LearnerConfig c = LearnerConfig.builder(WindowSpec.of(24, 1, V, V)).replayRows(256).build();
    OnlineLearner l = new OnlineLearner(c);
    KeyState s = l.newState("k");
    for (long i = 0; i < 300; i++) {
      l.onEvent(s, ev("k", i, wave(i)));
    }
    assertEquals(4385, l.paramCount());
    int bytes = s.toBytes().length;
    assertTrue(bytes <= 64 * 1024, "key state " + bytes + " bytes");
  }

  @Test
  void sameConfigSameForecastsAndKeysDiffer() {
    List<Forecast> x = run(new OnlineLearner(cfg(4, 1)), "a", 80);
    List<Forecast> y = run(new OnlineLearner(cfg(4, 1)), "a", 80);
    assertEquals(x, y);
    List<Forecast> z = run(new OnlineLearner(cfg(4, 1)), "b", 80);
    assertNotEquals(x.get(10).value(1), z.get(10).value(1), "each key's model is seeded from its key");
  }

  /**
   * One learner serving interleaved keys that train every 3rd window: forecasts load only a key's weights, training
   * its optimizer slots too; each key must still get what it gets alone (no slot of another key's Adam leaks in).
   */
  @Test
  void interleavedKeysWithSparseTrainingMatchEachKeyAlone() {
    LearnerConfig c = LearnerConfig.builder(WindowSpec.of(4, 1, V, V)).units(6).batchSize(2).trainEvery(3)
        .replayRows(12).build();
    OnlineLearner shared = new OnlineLearner(c);
    List<String> keys = List.of("a", "b", "c");
    java.util.Map<String, KeyState> states = new java.util.HashMap<>();
    java.util.Map<String, List<Forecast>> got = new java.util.HashMap<>();
    SplittableRandom r = new SplittableRandom(3);
    long[] next = new long[keys.size()];
    for (int n = 0; n < 240; n++) {
      int k = r.nextInt(keys.size()); // uneven interleaving: runs of one key, then switches
      String key = keys.get(k);
      long i = next[k]++;
      got.computeIfAbsent(key, x -> new ArrayList<>()).addAll(shared.onEvent(
          states.computeIfAbsent(key, shared::newState), ev(key, i, wave(i) + 7 * k)));
    }
    for (int k = 0; k < keys.size(); k++) {
      OnlineLearner alone = new OnlineLearner(c);
      KeyState s = alone.newState(keys.get(k));
      List<Forecast> expected = new ArrayList<>();
      for (long i = 0; i < next[k]; i++) {
        expected.addAll(alone.onEvent(s, ev(keys.get(k), i, wave(i) + 7 * k)));
      }
      assertTrue(expected.size() > 40);
      assertEquals(expected, got.get(keys.get(k)), "key " + keys.get(k));
    }
  }

  static List<Forecast> run(OnlineLearner l, String key, int n) {
    KeyState s = l.newState(key);
    List<Forecast> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      out.addAll(l.onEvent(s, ev(key, i, wave(i))));
    }
    return out;
  }

  @Test
  void nonFiniteAndLateEventsAreDroppedAndCounted() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    OnlineLearner l = new OnlineLearner(cfg(3, 1), new LearnerMetrics(reg, "t", 1));
    KeyState s = l.newState("a");
    l.onEvent(s, ev("a", 10, 1.0));
    assertTrue(l.onEvent(s, ev("a", 11, Double.NaN)).isEmpty());
    assertTrue(l.onEvent(s, ev("a", 12, Double.POSITIVE_INFINITY)).isEmpty());
    assertTrue(l.isLate(s, ev("a", 5, 1.0)));
    assertTrue(l.onEvent(s, ev("a", 5, 1.0)).isEmpty());
    assertEquals(1, s.events());
    assertEquals(2.0, reg.get("tidecast.events.dropped").tag("reason", "non_finite").counter().count());
    assertEquals(1.0, reg.get("tidecast.events.late").counter().count());
    assertEquals(1.0, reg.get("tidecast.events.in").counter().count());
    assertThrows(IllegalArgumentException.class, () -> l.onEvent(s, ev("b", 20, 1.0)));
  }

  @Test
  void explodingSeriesNeverYieldsNonFiniteForecastsAndRollbacksAreCounted() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    OnlineLearner l = new OnlineLearner(cfg(4, 2), new LearnerMetrics(reg, "boom", 2));
    KeyState s = l.newState("fib");
    double a = 1;
    double b = 1;
    int forecasts = 0;
    for (long i = 0; i < 1600; i++) {
      double v = i % 97 == 50 ? 1e9 : a; // Fibonacci growth to ~1e300 with sudden spikes
      for (Forecast f : l.onEvent(s, ev("fib", i, v))) {
        forecasts++;
        for (int h = 1; h <= f.horizon(); h++) {
          assertTrue(Double.isFinite(f.value(h)), "forecast " + f);
        }
      }
      double next = a + b;
      a = b;
      b = Double.isFinite(next) && next < 1e300 ? next : 1.0;
    }
    assertTrue(forecasts > 1000, "kept forecasting: " + forecasts);
    double rollbacks = reg.get("tidecast.model.rollbacks").counter().count();
    assertEquals(s.rollbacks(), (long) rollbacks);
    assertTrue(rollbacks > 0, "exploding losses were refused");
  }

  @Test
  void sharedModelLearnsAcrossKeysWithPerKeyScaling() {
    LearnerConfig c = cfg(4, 1).toBuilder().sharedModel(true).build();
    OnlineLearner l = new OnlineLearner(c);
    KeyState a = l.newState("a");
    KeyState b = l.newState("b");
    assertEquals(null, a.model(), "no per-key model state in shared mode");
    for (long i = 0; i < 100; i++) {
      l.onEvent(a, ev("a", i, wave(i)));
      l.onEvent(b, ev("b", i, 1000 + 100 * wave(i)));
    }
    ModelState m = l.sharedModelState();
    OnlineLearner restored = new OnlineLearner(c);
    restored.restoreSharedModel(m);
    KeyState a2 = KeyState.fromBytes(a.toBytes());
    assertEquals(l.onEvent(a, ev("a", 100, wave(100))), restored.onEvent(a2, ev("a", 100, wave(100))));
  }

  @Test
  void recursiveStrategyForecastsEveryStep() {
    WindowSpec w = WindowSpec.of(5, 4, V, V).withStrategy(WindowSpec.Strategy.RECURSIVE);
    OnlineLearner l = new OnlineLearner(LearnerConfig.builder(w).units(4).batchSize(2).build());
    KeyState s = l.newState("r");
    Forecast last = null;
    for (long i = 0; i < 60; i++) {
      List<Forecast> f = l.onEvent(s, ev("r", i, wave(i)));
      if (!f.isEmpty()) {
        last = f.get(0);
      }
    }
    assertEquals(4, last.horizon());
    for (int h = 1; h <= 4; h++) {
      assertTrue(Double.isFinite(last.value(h)));
    }
  }

  @Test
  void seasonalDifferencingStartsAsSeasonalNaive() {
    // a tiny learning rate leaves the model near its initial output: forecasts ~ y(t+h-m) + small
    LearnerConfig c = LearnerConfig.builder(WindowSpec.of(4, 2, V, V)).units(4).seasonality(8)
        .seasonalDifference(true).learningRate(1e-9).build();
    OnlineLearner l = new OnlineLearner(c);
    KeyState s = l.newState("s");
    List<Double> ys = new ArrayList<>();
    Forecast f = null;
    for (long i = 0; i < 60; i++) {
      double y = 1000 + 100 * Math.sin(2 * Math.PI * i / 8.0);
      ys.add(y);
      List<Forecast> out = l.onEvent(s, ev("s", i, y));
      if (!out.isEmpty()) {
        f = out.get(0);
      }
    }
    int t = ys.size() - 1;
    double spread = 200; // the series' range: an untrained residual model is far closer than that
    assertEquals(ys.get(t + 1 - 8), f.value(1), 0.2 * spread);
    assertEquals(ys.get(t + 2 - 8), f.value(2), 0.2 * spread);
    assertThrows(IllegalArgumentException.class, () -> LearnerConfig.builder(WindowSpec.of(4, 9, V, V))
        .seasonality(8).seasonalDifference(true).build());
  }

  @Test
  void timeFeaturesAreCalendarAngles() {
    double[] row = new double[4];
    // 2024-01-01 (a Monday) 06:00 UTC
    long ts = java.time.Instant.parse("2024-01-01T06:00:00Z").toEpochMilli();
    TimeFeatures.fill(List.of(LearnerConfig.TimeFeature.HOUR_OF_DAY, LearnerConfig.TimeFeature.DAY_OF_WEEK), ts,
        row, 0);
    assertEquals(1.0, row[0], 1e-12, "06:00 is a quarter turn");
    assertEquals(0.0, row[1], 1e-12);
    double turn = 0.25 / 7; // Monday 06:00: a quarter day into the week
    assertEquals(Math.sin(2 * Math.PI * turn), row[2], 1e-12);
    assertEquals(Math.cos(2 * Math.PI * turn), row[3], 1e-12);
  }

  @Test
  void badConfigNamesTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearnerConfig.builder(WindowSpec.of(4, 1, V, V)).recurrent("transformer"));
    assertTrue(e.getMessage().contains("model.recurrent") && e.getMessage().contains("lstm"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LearnerConfig.builder(WindowSpec.of(4, 1, V, V))
        .optimizer("adamm"));
    assertTrue(e.getMessage().contains("adam"), e.getMessage());
  }
}
