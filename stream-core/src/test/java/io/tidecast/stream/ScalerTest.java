package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScalerTest {
  private static final MathContext MC = new MathContext(700);

  /** Reference: exact sums, mean and population std in 700-digit decimal arithmetic (no overflow). */
  private static double[] reference(List<Double> xs) {
    BigDecimal n = BigDecimal.valueOf(xs.size());
    BigDecimal sum = BigDecimal.ZERO;
    for (double x : xs) {
      sum = sum.add(new BigDecimal(x));
    }
    BigDecimal mean = sum.divide(n, MC);
    BigDecimal ss = BigDecimal.ZERO;
    for (double x : xs) {
      BigDecimal d = new BigDecimal(x).subtract(mean, MC);
      ss = ss.add(d.multiply(d, MC), MC);
    }
    return new double[] {mean.doubleValue(), ss.divide(n, MC).sqrt(MC).doubleValue()};
  }

  private static void assertRel(double expected, double actual, double tol, String what) {
    double err = Math.abs(expected - actual);
    assertTrue(err <= tol * Math.max(Math.abs(expected), Double.MIN_NORMAL),
        what + ": expected " + expected + " got " + actual);
  }

  private static void checkAgainstReference(List<Double> xs, double tol) {
    OnlineStandardScaler s = new OnlineStandardScaler(1);
    List<Double> seen = new ArrayList<>();
    for (double x : xs) {
      s.update(new double[] {x});
      seen.add(x);
      double[] ref = reference(seen);
      assertRel(ref[0], s.mean(0), tol, "mean after " + seen.size());
      if (ref[1] != 0) {
        assertRel(ref[1], s.std(0), tol, "std after " + seen.size());
      }
      double z = s.transform(0, x);
      assertTrue(Double.isFinite(z), "transform finite");
      assertRel(x, s.inverseTransform(0, z), 1e-9, "inverse(transform(x))");
    }
  }

  @Test
  void standardScalerHandWorked() {
    OnlineStandardScaler s = new OnlineStandardScaler(2);
    for (double[] row : new double[][] {{1, 10}, {2, 10}, {3, 10}, {4, 10}}) {
      s.update(row);
    }
    // mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25; second column is constant
    assertEquals(2.5, s.mean(0), 1e-15);
    assertEquals(Math.sqrt(1.25), s.std(0), 1e-15);
    assertEquals(1.5 / Math.sqrt(1.25), s.transform(0, 4), 1e-14);
    assertEquals(0.0, s.transform(1, 10));
    assertEquals(10.0, s.inverseTransform(1, 0), 1e-12);
    // constant column: std floored at 1e-8 * max(1, |mean|) = 1e-7
    assertEquals(1.0, s.transform(1, 10 + 1e-7), 1e-6);
    double[] out = s.transform(new double[] {2.5, 10}, new double[2]);
    assertEquals(0.0, out[0], 1e-15);
  }

  @Test
  void identityBeforeFirstUpdateAndRejectsNonFinite() {
    OnlineStandardScaler s = new OnlineStandardScaler(1);
    assertEquals(7.0, s.transform(0, 7));
    assertEquals(7.0, s.inverseTransform(0, 7));
    s.update(new double[] {1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.update(new double[] {Double.NaN}));
    assertTrue(e.getMessage().contains("finite"));
    assertEquals(1, s.count());
    assertEquals(1.0, s.mean(0));
  }

  @Test
  void welfordMatchesDecimalReferenceOnRandomData() {
    SplittableRandom rnd = new SplittableRandom(3);
    List<Double> xs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      xs.add(rnd.nextGaussian() * 3 + 1000);
    }
    checkAgainstReference(xs, 1e-9);
  }

  @Test
  void fibonacciTo1e30StaysFinite() {
    List<Double> xs = new ArrayList<>();
    double a = 1;
    double b = 1;
    while (a < 1e30) {
      xs.add(a);
      double c = a + b;
      a = b;
      b = c;
    }
    assertTrue(xs.size() > 100);
    checkAgainstReference(xs, 1e-9);
  }

  @Test
  void extremeMagnitudesUpTo1e300() {
    List<Double> geometric = new ArrayList<>();
    for (int k = 0; k <= 300; k += 3) {
      geometric.add(Math.pow(10, k));
    }
    checkAgainstReference(geometric, 1e-9);
    List<Double> alternating = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      alternating.add(i % 2 == 0 ? 1e300 : -1e300);
    }
    OnlineStandardScaler s = new OnlineStandardScaler(1);
    for (double x : alternating) {
      s.update(new double[] {x});
    }
    assertEquals(0.0, s.mean(0), 1e285);
    assertRel(1e300, s.std(0), 1e-12, "std of +-1e300");
    assertEquals(1.0, s.transform(0, 1e300), 1e-12);
    // tiny values and zeros next to huge ones: no NaN anywhere
    s.update(new double[] {0});
    s.update(new double[] {1e-300});
    for (double v : new double[] {0, 1e-300, -1e300, 1e300}) {
      assertTrue(Double.isFinite(s.transform(0, v)));
      assertTrue(Double.isFinite(s.inverseTransform(0, s.transform(0, v))));
    }
  }

  @Test
  void constantAndZeroSeriesNeverNaN() {
    for (double c : new double[] {0, 5, -3e200, 1e-310}) {
      OnlineStandardScaler s = new OnlineStandardScaler(1);
      for (int i = 0; i < 10; i++) {
        s.update(new double[] {c});
        assertEquals(0.0, s.transform(0, c));
        assertEquals(c, s.inverseTransform(0, 0), Math.abs(c) * 1e-15);
      }
      assertTrue(Double.isFinite(s.transform(0, c + 1)));
    }
  }

  @Test
  void minMaxHandWorked() {
    OnlineMinMaxScaler s = new OnlineMinMaxScaler(1);
    for (double v : new double[] {2, 6, 4}) {
      s.update(new double[] {v});
    }
    assertEquals(0.5, s.transform(0, 4));
    assertEquals(0.0, s.transform(0, 2));
    assertEquals(1.0, s.transform(0, 6));
    assertEquals(3.0, s.inverseTransform(0, 0.25));
    assertEquals(1.25, s.transform(0, 7)); // outside the seen range: not clipped
  }

  @Test
  void minMaxExtremesAndConstants() {
    OnlineMinMaxScaler s = new OnlineMinMaxScaler(2);
    s.update(new double[] {-Double.MAX_VALUE, 7});
    s.update(new double[] {Double.MAX_VALUE, 7});
    assertEquals(0.5, s.transform(0, 0));
    assertEquals(1.0, s.transform(0, Double.MAX_VALUE));
    assertEquals(Double.MAX_VALUE, s.inverseTransform(0, 1));
    assertEquals(0.0, s.transform(1, 7)); // zero range counts as 1, as scikit-learn
    assertEquals(7.0, s.inverseTransform(1, 0));
    assertEquals(1.0, s.transform(1, 8));
  }
}
