package io.tidecast.stream;

import static io.tidecast.stream.PrequentialEvaluator.Measure.MAE;
import static io.tidecast.stream.PrequentialEvaluator.Measure.MASE;
import static io.tidecast.stream.PrequentialEvaluator.Measure.RMSE;
import static io.tidecast.stream.PrequentialEvaluator.Measure.SMAPE;
import static io.tidecast.stream.PrequentialEvaluator.Source.MODEL;
import static io.tidecast.stream.PrequentialEvaluator.Source.NAIVE;
import static io.tidecast.stream.PrequentialEvaluator.Source.SEASONAL_NAIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.PrequentialEvaluator.Measure;
import io.tidecast.stream.PrequentialEvaluator.Source;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrequentialEvaluatorTest {
  private static final double TOL = 1e-12;
  private static final double[] Y = {1, 3, 2, 5, 4, 6};
  // model forecasts issued after observing y(0..4), for steps h = 1, 2
  private static final double[][] F = {{2, 2}, {4, 4}, {3, 3}, {5, 5}, {5, 7}};

  private static PrequentialEvaluator run(long warmup) {
    PrequentialEvaluator e = new PrequentialEvaluator(2, 2, warmup);
    for (int t = 0; t < Y.length; t++) {
      e.observe(Y[t]);
      if (t < F.length) {
        e.forecast(F[t]);
      }
    }
    return e;
  }

  @Test
  void handWorkedShortSeries() {
    PrequentialEvaluator e = run(0);
    // h=1: targets 3,2,5,4,6. model 2,4,3,5,5 -> |e| 1,2,2,1,1
    assertEquals(5, e.count(1));
    assertEquals(7.0 / 5, e.error(MODEL, MAE, 1), TOL);
    assertEquals(Math.sqrt(11.0 / 5), e.error(MODEL, RMSE, 1), TOL);
    double smape = (200.0 * 1 / 5 + 200.0 * 2 / 6 + 200.0 * 2 / 8 + 200.0 * 1 / 9 + 200.0 * 1 / 11) / 5;
    assertEquals(smape, e.error(MODEL, SMAPE, 1), TOL);
    // naive y(t): 1,3,2,5,4 -> |e| 2,1,3,1,2
    assertEquals(9.0 / 5, e.error(NAIVE, MAE, 1), TOL);
    assertEquals(Math.sqrt(19.0 / 5), e.error(NAIVE, RMSE, 1), TOL);
    // seasonal naive m=2, h=1 -> y(t-1); origin 0 has no y(-1) and falls back to y(0): 1,1,3,2,5 -> 2,1,2,2,1
    assertEquals(8.0 / 5, e.error(SEASONAL_NAIVE, MAE, 1), TOL);
    // h=2: targets 2,5,4,6. model 2,4,3,5 -> 0,1,1,1; naive = seasonal naive (k=1 -> y(t)) = 1,3,2,5 -> 1,2,2,1
    assertEquals(4, e.count(2));
    assertEquals(3.0 / 4, e.error(MODEL, MAE, 2), TOL);
    assertEquals(6.0 / 4, e.error(NAIVE, MAE, 2), TOL);
    assertEquals(6.0 / 4, e.error(SEASONAL_NAIVE, MAE, 2), TOL);
    // MASE scale: |2-1|, |5-3|, |4-2|, |6-5| -> 1.5
    assertEquals(1.5, e.maseScale(), TOL);
    assertEquals((7.0 / 5) / 1.5, e.error(MODEL, MASE, 1), TOL);
    assertEquals(1 - (7.0 / 5) / (9.0 / 5), e.skill(MAE, 1, NAIVE), TOL);
    assertEquals(1 - (7.0 / 5) / (9.0 / 5), e.skill(MASE, 1, NAIVE), TOL);
    assertEquals(1 - 0.75 / 1.5, e.skill(MAE, 2, SEASONAL_NAIVE), TOL);
    // pooled over steps: model |e| 1,2,2,1,1,0,1,1,1 -> 10/9
    assertEquals(10.0 / 9, e.error(MODEL, MAE), TOL);
    assertEquals(Math.sqrt(14.0 / 9), e.error(MODEL, RMSE), TOL);
  }

  @Test
  void warmupSkipsLeadingTargets() {
    PrequentialEvaluator e = run(3);
    // scored targets y(3..5) only. h=1 origins 2,3,4: model 3,5,5 vs 5,4,6 -> 2,1,1;
    // h=2 origins 1,2,3: 4,3,5 vs 5,4,6 -> 1,1,1
    assertEquals(3, e.count(1));
    assertEquals(4.0 / 3, e.error(MODEL, MAE, 1), TOL);
    assertEquals(1.0, e.error(MODEL, MAE, 2), TOL);
    assertEquals(2, PrequentialEvaluator.warmupForLast(0.8, 10));
    assertEquals(2, PrequentialEvaluator.warmupForLast(0.8, 7)); // floor(5.6) = 5 scored
    assertEquals(0, PrequentialEvaluator.warmupForLast(1.0, 7));
  }

  @Test
  void undefinedMetricsAreNaNAndMisuseIsExplained() {
    PrequentialEvaluator e = new PrequentialEvaluator(1, 1, 0);
    assertTrue(Double.isNaN(e.error(MODEL, MAE, 1)));
    assertTrue(Double.isNaN(e.maseScale()));
    assertThrows(IllegalStateException.class, () -> e.forecast(new double[] {1}));
    e.observe(0);
    e.forecast(new double[] {0});
    assertThrows(IllegalStateException.class, () -> e.forecast(new double[] {0}));
    e.observe(0);
    // both zero: sMAPE term 0; baseline error 0 -> skill undefined
    assertEquals(0.0, e.error(MODEL, SMAPE, 1));
    assertTrue(Double.isNaN(e.skill(MAE, 1, NAIVE)));
    assertTrue(Double.isNaN(e.error(MODEL, MASE, 1))); // constant series: zero scale
    assertThrows(IllegalArgumentException.class, () -> e.forecast(new double[] {Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> e.error(MODEL, MAE, 2));
  }

  /** Brute force over the whole series, straight from the definitions. */
  private static double[][] reference(double[] y, double[][] f, boolean[] issued, int m, long warmup, int H,
      Source src) {
    double[] sumAbs = new double[H];
    double[] sumSq = new double[H];
    double[] sumSm = new double[H];
    int[] n = new int[H];
    for (int o = 0; o < y.length; o++) {
      if (!issued[o]) {
        continue;
      }
      for (int h = 1; h <= H && o + h < y.length; h++) {
        if (o + h < warmup) {
          continue;
        }
        double p;
        if (src == MODEL) {
          p = f[o][h - 1];
        } else if (src == NAIVE) {
          p = y[o];
        } else {
          int k = (int) Math.ceil(h / (double) m);
          int idx = o + h - m * k;
          p = idx >= 0 ? y[idx] : y[o];
        }
        double a = y[o + h];
        double err = Math.abs(a - p);
        sumAbs[h - 1] += err;
        sumSq[h - 1] += err * err;
        sumSm[h - 1] += (Math.abs(a) + Math.abs(p)) == 0 ? 0 : 200 * err / (Math.abs(a) + Math.abs(p));
        n[h - 1]++;
      }
    }
    double[][] r = new double[3][H];
    for (int h = 0; h < H; h++) {
      r[0][h] = sumAbs[h] / n[h];
      r[1][h] = Math.sqrt(sumSq[h] / n[h]);
      r[2][h] = sumSm[h] / n[h];
    }
    return r;
  }

  @Test
  void matchesBruteForceOnRandomStreams() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 25; trial++) {
      int H = 1 + rnd.nextInt(5);
      int m = 1 + rnd.nextInt(7);
      int len = 40 + rnd.nextInt(80);
      long warmup = rnd.nextInt(20);
      double[] y = new double[len];
      double[][] f = new double[len][H];
      boolean[] issued = new boolean[len];
      PrequentialEvaluator e = new PrequentialEvaluator(H, m, warmup);
      for (int t = 0; t < len; t++) {
        y[t] = 10 * Math.sin(2 * Math.PI * t / m) + rnd.nextGaussian();
        e.observe(y[t]);
        issued[t] = rnd.nextInt(4) != 0;
        if (issued[t]) {
          for (int h = 0; h < H; h++) {
            f[t][h] = y[t] + rnd.nextGaussian();
          }
          e.forecast(f[t]);
        }
      }
      double scale = 0;
      for (int t = m; t < len; t++) {
        scale += Math.abs(y[t] - y[t - m]);
      }
      scale /= len - m;
      assertEquals(scale, e.maseScale(), 1e-10);
      for (Source src : Source.values()) {
        double[][] ref = reference(y, f, issued, m, warmup, H, src);
        for (int h = 1; h <= H; h++) {
          assertEquals(ref[0][h - 1], e.error(src, MAE, h), 1e-10, src + " MAE h=" + h);
          assertEquals(ref[1][h - 1], e.error(src, RMSE, h), 1e-10, src + " RMSE h=" + h);
          assertEquals(ref[2][h - 1], e.error(src, SMAPE, h), 1e-9, src + " sMAPE h=" + h);
          assertEquals(ref[0][h - 1] / scale, e.error(src, MASE, h), 1e-9, src + " MASE h=" + h);
        }
      }
    }
  }

  @Test
  void summaryPoolsPointErrorsAndAveragesMase() {
    PrequentialEvaluator a = run(0);
    PrequentialEvaluator b = new PrequentialEvaluator(2, 2, 0);
    double[] y = {10, 0, 10, 0, 10};
    for (double v : y) {
      b.observe(v);
      b.forecast(new double[] {5, 5});
    }
    // b: every scored forecast is off by 5; h=1 has 4 targets, h=2 has 3
    assertEquals(5.0, b.error(MODEL, MAE, 1), TOL);
    PrequentialSummary s = PrequentialSummary.of(List.of(a, b));
    assertEquals(2, s.keys());
    assertEquals(9, s.count(1));
    assertEquals((7.0 + 4 * 5) / 9, s.error(MODEL, MAE, 1), TOL);
    assertEquals(Math.sqrt((11.0 + 4 * 25) / 9), s.error(MODEL, RMSE, 1), TOL);
    // b's MASE scale: |10-10| and |0-0| -> 0, so only a's MASE is defined
    assertEquals((7.0 / 5) / 1.5, s.error(MODEL, MASE, 1), TOL);
    assertEquals((3.0 + 3 * 5) / 7, s.error(MODEL, MAE, 2), TOL);
    assertEquals((10.0 + 7 * 5) / 16, s.error(MODEL, MAE), TOL);
    double naive1 = (9.0 + 4 * 10) / 9;
    assertEquals(1 - ((7.0 + 20) / 9) / naive1, s.skill(MAE, 1, NAIVE), TOL);
    assertThrows(IllegalArgumentException.class,
        () -> PrequentialSummary.of(List.of(a, new PrequentialEvaluator(3, 1, 0))));
    for (Measure m : Measure.values()) {
      assertTrue(!Double.isNaN(s.error(NAIVE, m, 1)));
    }
  }
}
