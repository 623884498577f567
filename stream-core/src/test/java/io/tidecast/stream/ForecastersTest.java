package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every registered forecaster behind the one learn_one/forecast seam, checked against its definition. */
class ForecastersTest {
  static final List<String> V = List.of("value");

  static double y(int t) {
    return 100 + 10 * Math.sin(2 * Math.PI * t / 6) + t * 0.5;
  }

  static Forecaster fed(String name, int n, int m, LearnerConfig cfg) {
    Forecaster f = Forecasters.create(name, m, cfg);
    for (int t = 0; t < n; t++) {
      f.learnOne(y(t));
    }
    return f;
  }

  @Test
  void classicalForecastersFollowTheirDefinitions() {
    assertArrayEquals(new double[] {y(29), y(29), y(29)}, fed("naive", 30, 6, null).forecast(new double[3]));
    // seasonal naive: one season back, the same phase; within the first season the newest value
    double[] sn = fed("seasonal_naive", 30, 6, null).forecast(new double[8]);
    for (int h = 1; h <= 8; h++) {
      assertEquals(y(29 + h - 6 * ((h + 5) / 6)), sn[h - 1], 0.0, "h=" + h);
    }
    assertArrayEquals(new double[] {y(3), y(3)}, fed("seasonal_naive", 4, 6, null).forecast(new double[2]));
    HoltWinters hw = new HoltWinters(6);
    double[] hist = new double[30];
    for (int t = 0; t < 30; t++) {
      hw.update(y(t));
      hist[t] = y(t);
    }
    assertArrayEquals(hw.forecast(new double[4]), fed("holt_winters", 30, 6, null).forecast(new double[4]), 0.0);
    assertArrayEquals(Naive2.forecast(hist, 4, 6), fed("naive2", 30, 6, null).forecast(new double[4]), 0.0);
    assertTrue(Double.isNaN(Forecasters.create("naive", 6, null).forecast(new double[1])[0]), "nothing learned");
    assertTrue(Forecasters.names().containsAll(List.of("naive", "seasonal_naive", "holt_winters", "naive2",
        "network")));
    assertThrows(IllegalArgumentException.class, () -> Forecasters.create("prophet", 6, null));
  }

  @Test
  void theNetworkForecastsAsTheLearnerDoesAndM4TakesAnyForecaster() {
    LearnerConfig cfg = LearnerConfig.builder(WindowSpec.of(4, 3, V, V)).units(4).batchSize(4).seasonality(6)
        .build();
    OnlineLearner l = new OnlineLearner(cfg);
    KeyState s = l.newState("series");
    List<Forecast> last = List.of();
    for (int t = 0; t < 40; t++) {
      last = l.onEvent(s, new Event("series", t, V, new double[] {y(t)}));
    }
    double[] net = fed("network", 40, 6, cfg).forecast(new double[3]);
    assertArrayEquals(new double[] {last.get(0).value(1), last.get(0).value(2), last.get(0).value(3)}, net, 0.0);
    assertTrue(Double.isNaN(fed("network", 2, 6, cfg).forecast(new double[3])[0]), "window not full yet");

    double[] history = new double[40];
    for (int t = 0; t < 40; t++) {
      history[t] = y(t);
    }
    assertArrayEquals(net, M4Evaluation.online(cfg).forecast(history, 3), 0.0);
    assertArrayEquals(Naive2.forecast(history, 3, 6),
        M4Evaluation.of(() -> new Naive2Forecaster(6)).forecast(history, 3), 0.0);
    assertNull(M4Evaluation.of(() -> new Naive2Forecaster(6)).forecast(new double[0], 3), "cannot: null");
  }
}
