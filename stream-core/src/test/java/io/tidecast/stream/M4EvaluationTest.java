package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * M4 scoring on the two-series sample in {@code src/test/resources/m4} (h = 3, m = 4), every expected number
 * worked out by hand below. The "model" is seasonal naive ({@code yhat(n+i) = y(n-4+i)}) so that its errors are
 * hand-checkable too.
 */
class M4EvaluationTest {
  static final Path TRAIN = Path.of("src/test/resources/m4/Sample-train.csv");
  static final Path TEST = Path.of("src/test/resources/m4/Sample-test.csv");
  static final double EPS = 1e-5;

  @TempDir
  Path tmp;

  @Test
  void readsTheM4LayoutWithPaddedRows() throws Exception {
    List<M4Series> d = M4Series.read(TRAIN, TEST);
    assertEquals(2, d.size());
    assertEquals("A1", d.get(0).id());
    assertArrayEquals(new double[] {10, 20, 30, 40, 10, 20, 30, 40, 12, 22, 32, 42}, d.get(0).train());
    assertArrayEquals(new double[] {3, 5, 4, 6, 5, 4, 6, 5}, d.get(1).train(), "padding cells dropped");
    assertArrayEquals(new double[] {6, 4, 5}, d.get(1).test());
  }

  /*
   * Series A1 = 10 20 30 40 | 10 20 30 40 | 12 22 32 42, n = 12, mean 308/12 = 25.6667.
   * Deviations d: -15.667 -5.667 4.333 14.333 (twice), then -13.667 -3.667 6.333 16.333; sum d^2 = 1510.667.
   * Lag sums sum_{t>=k} d_t d_{t-k}: k=1 -37.444, k=2 -705.556, k=3 -393.667, k=4 998.222, so
   * r1 = -0.024787, r2 = -0.467049, r3 = -0.260591, r4 = 0.660783.
   * Limit = 1.645 sqrt((1 + 2 (r1^2 + r2^2 + r3^2)) / 12) = 1.645 sqrt((1 + 2 * 0.286653) / 12) = 0.595639.
   * |r4| = 0.6608 > 0.5956: seasonal.
   */
  @Test
  void seasonalityTest() throws Exception {
    List<M4Series> d = M4Series.read(TRAIN, TEST);
    assertTrue(Naive2.isSeasonal(d.get(0).train(), 4));
    assertFalse(Naive2.isSeasonal(d.get(1).train(), 4), "8 values < 3m = 12: never seasonal");
    // 3 5 4 6 5 4 6 5 3 4 6 5: mean 4.6667, sum d^2 = 12.667, lag-4 sum 0.5556 -> r4 = 0.04386; the limit is
    // 1.645 sqrt((1 + 2 (0.140351^2 + 0.333333^2 + 0.026316^2)) / 12) = 0.5337: not seasonal
    assertFalse(Naive2.isSeasonal(new double[] {3, 5, 4, 6, 5, 4, 6, 5, 3, 4, 6, 5}, 4));
  }

  /*
   * 2x4 centred moving average of A1, T(t) = (y(t-2)/2 + y(t-1) + y(t) + y(t+1) + y(t+2)/2) / 4, defined at
   * t = 2..9 (0-based): 25, 25, 25, 25, 101/4 = 25.25, 103/4 = 25.75, 105/4 = 26.25, 107/4 = 26.75.
   * Ratios y/T by phase t % 4:
   *   phase 0: t=4 10/25 = 0.4,  t=8 12/26.25 = 0.457143  -> mean 0.428571
   *   phase 1: t=5 20/25 = 0.8,  t=9 22/26.75 = 0.822430  -> mean 0.811215
   *   phase 2: t=2 30/25 = 1.2,  t=6 30/25.25 = 1.188119  -> mean 1.194059
   *   phase 3: t=3 40/25 = 1.6,  t=7 40/25.75 = 1.553398  -> mean 1.576699
   * Their mean is 1.002636; divided by it: S = 0.427445, 0.809082, 1.190920, 1.572553.
   * Naive2: the last value y(11) = 42 has phase 3, seasonally adjusted 42 / 1.572553 = 26.708183; steps 1..3 have
   * phases 0, 1, 2: 26.708183 * S = 11.416256, 21.609088, 31.807272. B1 is not seasonal: naive 5, 5, 5.
   */
  @Test
  void naive2Forecasts() throws Exception {
    List<M4Series> d = M4Series.read(TRAIN, TEST);
    assertArrayEquals(new double[] {0.427445, 0.809082, 1.190920, 1.572553}, Naive2.seasonalIndices(d.get(0).train(),
        4), EPS);
    assertArrayEquals(new double[] {11.416256, 21.609088, 31.807272}, Naive2.forecast(d.get(0).train(), 3, 4), EPS);
    assertArrayEquals(new double[] {5, 5, 5}, Naive2.forecast(d.get(1).train(), 3, 4), 0.0);
  }

  /*
   * MASE scales (in-sample MAE of the lag-4 seasonal naive):
   *   A1: |y(t) - y(t-4)| for t = 4..11 = 0 0 0 0 2 2 2 2 -> 8 / 8 = 1
   *   B1: |5-3| |4-5| |6-4| |5-6| = 2 1 2 1 -> 6 / 4 = 1.5
   * Naive2, A1 (test 12 24 36): errors 0.583744, 2.390912, 4.192728 -> MAE 2.389128, MASE 2.389128;
   *   sMAPE = 200/3 (0.583744/23.416256 + 2.390912/45.609088 + 4.192728/67.807272)
   *         = 200/3 (0.024929 + 0.052422 + 0.061833) = 9.278923
   * Naive2, B1 (test 6 4 5, forecast 5 5 5): errors 1 1 0 -> MASE (2/3) / 1.5 = 0.444444;
   *   sMAPE = 200/3 (1/11 + 1/9 + 0) = 13.468013
   * Naive2 means: sMAPE (9.278923 + 13.468013) / 2 = 11.373468, MASE (2.389128 + 0.444444) / 2 = 1.416786.
   * Seasonal naive, A1: 12 22 32 -> errors 0 2 4, MASE 2 / 1 = 2, sMAPE 200/3 (0 + 2/46 + 4/68) = 6.820119
   * Seasonal naive, B1: y(4..6) = 5 4 6 -> errors 1 0 1, MASE (2/3) / 1.5 = 0.444444,
   *   sMAPE 200/3 (1/11 + 0 + 1/11) = 12.121212
   * Means: sMAPE (6.820119 + 12.121212) / 2 = 9.470666, MASE (2 + 0.444444) / 2 = 1.222222.
   * OWA = (9.470666 / 11.373468 + 1.222222 / 1.416786) / 2 = (0.832698 + 0.862672) / 2 = 0.847685.
   */
  @Test
  void smapeMaseAndOwaAgainstNaive2() throws Exception {
    List<M4Series> d = M4Series.read(TRAIN, TEST);
    M4Evaluation.Result r = M4Evaluation.evaluate(d, 3, 4, (y, h) -> {
      double[] f = new double[h];
      for (int i = 0; i < h; i++) {
        f[i] = y[y.length - 4 + i];
      }
      return f;
    });
    assertEquals(2, r.series());
    assertEquals(11.373468, r.naive2Smape(), EPS);
    assertEquals(1.416786, r.naive2Mase(), EPS);
    assertEquals(9.470666, r.smape(), EPS);
    assertEquals(1.222222, r.mase(), EPS);
    assertEquals(0.847685, r.owa(), EPS);
    assertEquals(0, r.fallbacks());
    // Naive2 against itself scores OWA 1 exactly
    M4Evaluation.Result self = M4Evaluation.evaluate(d, 3, 4, (y, h) -> Naive2.forecast(y, h, 4));
    assertEquals(1.0, self.owa(), 1e-12);
  }

  @Test
  void onlineLearnerForecastsEverySampleSeries() throws Exception {
    List<M4Series> d = M4Series.read(TRAIN, TEST);
    LearnerConfig cfg = LearnerConfig.builder(WindowSpec.of(3, 3, List.of("value"), List.of("value")))
        .seasonality(4).seasonalDifference(true).units(4).build();
    M4Evaluation.Method f = M4Evaluation.online(cfg);
    double[] a = f.forecast(d.get(0).train(), 3);
    assertNotNull(a);
    assertArrayEquals(a, f.forecast(d.get(0).train(), 3), 0.0, "a fresh learner per series: repeatable");
    M4Evaluation.Result r = M4Evaluation.evaluate(d, 3, 4, f);
    assertEquals(0, r.fallbacks());
    assertTrue(Double.isFinite(r.owa()), "OWA " + r.owa());
    assertEquals(11.373468, r.naive2Smape(), EPS, "the benchmark does not depend on the forecaster");
    assertEquals(2, M4Evaluation.evaluate(d, 3, 4, (y, h) -> null).fallbacks(), "null: Naive2 stands in");
  }

  @Test
  void badFilesAreClearErrors() throws Exception {
    Path train = tmp.resolve("t.csv");
    Files.writeString(train, "\"V1\",\"V2\",\"V3\"\n\"X\",\"1\",\"oops\"\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> M4Series.read(train, TEST));
    assertTrue(e.getMessage().contains("line 2, column 3") && e.getMessage().contains("'oops'"), e.getMessage());
    Files.writeString(train, "\"V1\",\"V2\",\"V3\"\n\"A1\",\"1\",\"2\"\n");
    e = assertThrows(IllegalArgumentException.class, () -> M4Series.read(train, TEST));
    assertTrue(e.getMessage().contains("missing from train [B1]"), e.getMessage());
    List<M4Series> d = M4Series.read(TRAIN, TEST);
    e = assertThrows(IllegalArgumentException.class, () -> M4Evaluation.evaluate(d, 4, 4, (y, h) -> null));
    assertTrue(e.getMessage().contains("3 test values; the horizon is 4"), e.getMessage());
  }

  /** Each series has its own learner, so they may run in parallel; the scores must not change by one bit. */
  @Test
  void parallelSeriesScoreExactlyAsSequential() {
    java.util.Random r = new java.util.Random(7);
    List<M4Series> data = new java.util.ArrayList<>();
    for (int k = 0; k < 6; k++) {
      double[] y = new double[60 + 7 * k];
      for (int t = 0; t < y.length; t++) {
        y[t] = 100 + 10 * k + 8 * Math.sin(2 * Math.PI * t / 6) + r.nextGaussian();
      }
      int n = y.length - 4;
      data.add(new M4Series("S" + k, java.util.Arrays.copyOf(y, n), java.util.Arrays.copyOfRange(y, n, y.length)));
    }
    LearnerConfig cfg = LearnerConfig.builder(WindowSpec.of(8, 4, List.of("value"), List.of("value"))).units(4)
        .seasonality(6).build();
    M4Evaluation.Result one = M4Evaluation.evaluate(data, 4, 6, M4Evaluation.online(cfg));
    Progress p = new Progress("m4", "series", data.size(), new java.io.PrintStream(
        java.io.OutputStream.nullOutputStream()), false);
    M4Evaluation.Result three = M4Evaluation.evaluate(data, 4, 6, M4Evaluation.online(cfg), 3, p);
    assertEquals(one, three);
    assertEquals(6, p.done());
  }
}
