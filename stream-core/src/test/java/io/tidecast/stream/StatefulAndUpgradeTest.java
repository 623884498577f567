package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatefulAndUpgradeTest {
  static final List<String> V = List.of("value");

  static double wave(long i) {
    return 50 + 10 * Math.sin(2 * Math.PI * i / 8.0) + 0.5 * Math.cos(i * 0.77);
  }

  static Event ev(String key, long i) {
    return new Event(key, 1000L * i, V, new double[] {wave(i)});
  }

  static LearnerConfig stateful() {
    return LearnerConfig.builder(WindowSpec.of(6, 2, V, V)).units(5).seasonality(8).stateful(true).build();
  }

  @Test
  void statefulLearnerCarriesStateForecastsAndLearns() {
    OnlineLearner l = new OnlineLearner(stateful());
    KeyState s = l.newState("s");
    int n = 0;
    for (long i = 0; i < 400; i++) {
      List<Forecast> f = l.onEvent(s, ev("s", i));
      assertEquals(i >= 5 ? 1 : 0, f.size(), "one forecast per complete window");
      n += f.size();
      for (Forecast fc : f) {
        assertTrue(Double.isFinite(fc.value(1)) && Double.isFinite(fc.value(2)));
      }
    }
    assertEquals(395, n);
    assertTrue(s.version() > 350, "trained each labelled window: " + s.version());
    PrequentialEvaluator e = s.evaluator(0);
    assertTrue(e.error(PrequentialEvaluator.Source.MODEL, PrequentialEvaluator.Measure.MAE, 1)
        < e.error(PrequentialEvaluator.Source.NAIVE, PrequentialEvaluator.Measure.MAE, 1), "beats naive");
  }

  @Test
  void carriedStateMattersAndRoundTripsBitForBit() {
    LearnerConfig c = stateful();
    OnlineLearner a = new OnlineLearner(c);
    KeyState s = a.newState("k");
    for (long i = 0; i < 150; i++) {
      a.onEvent(s, ev("k", i));
    }
    KeyState copy = KeyState.fromBytes(s.toBytes());
    OnlineLearner b = new OnlineLearner(c);
    for (long i = 150; i < 220; i++) {
      assertEquals(a.onEvent(s, ev("k", i)), b.onEvent(copy, ev("k", i)));
    }
    assertArrayEquals(s.toBytes(), copy.toBytes());

    // the same events without the carried state give other forecasts: the state is really used
    KeyState noCarry = KeyState.fromBytes(s.toBytes());
    java.util.Arrays.fill(noCarry.carried, 0f);
    assertNotEquals(a.onEvent(s, ev("k", 220)).get(0).value(1), b.onEvent(noCarry, ev("k", 220)).get(0).value(1));
  }

  @Test
  void statefulNeedsUnitSamplingRate() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearnerConfig.builder(WindowSpec.of(6, 2, V, V).withSamplingRate(2)).stateful(true).build());
    assertTrue(e.getMessage().contains("sampling_rate"), e.getMessage());
  }

  /**
   * {@code golden/keystate-v1.bin} was written by the first release's state format (KeyState v1, before the
   * stateful-mode fields): LSTM(4), timesteps 6, horizon 2, seasonality 8, 100 events of {@link #wave}. This
   * release must read it, continue from it, and write it in the current format.
   */
  @Test
  void previousReleaseStateRestoresAndContinues() throws Exception {
    byte[] v1;
    try (InputStream in = getClass().getResourceAsStream("/golden/keystate-v1.bin")) {
      v1 = in.readAllBytes();
    }
    KeyState old = KeyState.fromBytes(v1);
    assertEquals("golden", old.key());
    assertEquals(100, old.events());
    assertEquals(93, old.version());
    assertEquals(99_000L, old.lastTimestamp());
    assertEquals(wave(99), old.window.input(0, 0), 0.0, "the window's newest value survived");
    assertEquals(wave(94), old.window.input(5, 0), 0.0);

    LearnerConfig c = LearnerConfig.builder(WindowSpec.of(6, 2, V, V)).units(4).batchSize(4).replayRows(32)
        .seasonality(8).build();
    KeyState upgraded = KeyState.fromBytes(old.toBytes());
    assertNotEquals(v1.length, old.toBytes().length, "rewritten in the current format");
    OnlineLearner l1 = new OnlineLearner(c);
    OnlineLearner l2 = new OnlineLearner(c);
    List<Forecast> a = new ArrayList<>();
    List<Forecast> b = new ArrayList<>();
    for (long i = 100; i < 140; i++) {
      a.addAll(l1.onEvent(old, ev("golden", i)));
      b.addAll(l2.onEvent(upgraded, ev("golden", i)));
    }
    assertEquals(40, a.size());
    assertEquals(a, b);
    assertEquals(133, old.version(), "kept learning from the restored model");
  }
}
