package io.tidecast.models.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.Initializer;
import io.tidecast.models.Initializers;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitializersTest {
  private static final int[] BIG = {400, 500}; // 200k samples

  private static double[] draw(Initializer init, int[] shape, long seed) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] out = new double[n];
    init.initialize(out, shape, new SplittableRandom(seed));
    return out;
  }

  private static double mean(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x;
    }
    return s / a.length;
  }

  private static double std(double[] a) {
    double m = mean(a);
    double s = 0;
    for (double x : a) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / a.length);
  }

  private static double maxAbs(double[] a, double center) {
    double m = 0;
    for (double x : a) {
      m = Math.max(m, Math.abs(x - center));
    }
    return m;
  }

  /** mean and std within 5 standard errors of the targets. */
  private static void assertMoments(double[] a, double mean, double std, String what) {
    double n = a.length;
    assertEquals(mean, mean(a), 5 * std / Math.sqrt(n), what + " mean");
    assertEquals(std, std(a), 5 * std / Math.sqrt(2 * n) * 1.5, what + " std");
  }

  @Test
  void fansFollowKerasComputeFans() {
    assertArrayEquals(new long[] {1, 1}, VarianceScaling.computeFans(new int[0]));
    assertArrayEquals(new long[] {7, 7}, VarianceScaling.computeFans(new int[] {7}));
    assertArrayEquals(new long[] {3, 5}, VarianceScaling.computeFans(new int[] {3, 5}));
    assertArrayEquals(new long[] {4 * 3, 8 * 3}, VarianceScaling.computeFans(new int[] {3, 4, 8}));
    assertArrayEquals(new long[] {20 * 9, 30 * 9}, VarianceScaling.computeFans(new int[] {3, 3, 20, 30}));
  }

  @Test
  void randomNormalMatchesItsDefinition() {
    double[] a = draw(new RandomNormal(0.5, 2.0), BIG, 1);
    assertMoments(a, 0.5, 2.0, "RandomNormal");
    int within = 0;
    for (double x : a) {
      if (Math.abs(x - 0.5) <= 2.0) {
        within++;
      }
    }
    // P(|Z| <= 1) = erf(1/sqrt 2) = 0.682689...; standard error ~0.001
    assertEquals(0.6826894921370859, within / (double) a.length, 0.005);
    assertMoments(draw(new RandomNormal(), BIG, 2), 0.0, 0.05, "RandomNormal()");
  }

  @Test
  void randomUniformMatchesItsDefinition() {
    double[] a = draw(new RandomUniform(-1.0, 3.0), BIG, 3);
    for (double x : a) {
      assertTrue(x >= -1.0 && x < 3.0, "out of range: " + x);
    }
    assertMoments(a, 1.0, 4.0 / Math.sqrt(12), "RandomUniform");
    double[] d = draw(new RandomUniform(), BIG, 4);
    assertTrue(maxAbs(d, 0) <= 0.05);
    assertMoments(d, 0.0, 0.1 / Math.sqrt(12), "RandomUniform()");
  }

  @Test
  void truncatedNormalNeverLeavesTwoStddevs() {
    double[] a = draw(new TruncatedNormal(0.0, 0.5), BIG, 5);
    assertTrue(maxAbs(a, 0.0) <= 1.0, "beyond 2 stddev: " + maxAbs(a, 0.0));
    assertTrue(maxAbs(a, 0.0) > 0.99, "tails missing"); // 200k draws do reach close to the edge
    assertMoments(a, 0.0, 0.5 * 0.87962566103423978, "TruncatedNormal");
    double[] shifted = draw(new TruncatedNormal(3.0, 0.05), BIG, 6);
    assertTrue(maxAbs(shifted, 3.0) <= 0.1 + 1e-15);
    assertEquals(3.0, mean(shifted), 1e-3);
  }

  @Test
  void varianceScalingModesAndDistributions() {
    double[] t = draw(new VarianceScaling(), BIG, 7); // fan_in=400, truncated
    double sd = Math.sqrt(1.0 / 400);
    assertMoments(t, 0.0, sd, "truncated fan_in");
    assertTrue(maxAbs(t, 0) <= 2 * sd / 0.87962566103423978 + 1e-15);

    double[] u = draw(new VarianceScaling(2.0, "fan_out", "untruncated_normal"), BIG, 8);
    assertMoments(u, 0.0, Math.sqrt(2.0 / 500), "untruncated fan_out");
    assertTrue(maxAbs(u, 0) > 4 * Math.sqrt(2.0 / 500), "an untruncated sample of 200k has 4-sigma values");

    double[] f = draw(new VarianceScaling(3.0, "fan_avg", "uniform"), BIG, 9);
    double limit = Math.sqrt(3 * 3.0 / 450);
    assertTrue(maxAbs(f, 0) <= limit);
    assertMoments(f, 0.0, limit / Math.sqrt(3), "uniform fan_avg");

    // "normal" is Keras' legacy spelling of truncated_normal
    assertEquals("truncated_normal", new VarianceScaling(1.0, "fan_in", "normal").distribution());
    assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(0.0, "fan_in", "uniform"));
    assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(1.0, "fan_mid", "uniform"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new VarianceScaling(1.0, "fan_in", "cauchy"));
    assertTrue(e.getMessage().contains("truncated_normal"), e.getMessage());
  }

  @Test
  void namedVarianceScalingVariants() {
    int[] conv = {3, 3, 20, 30}; // fan_in 180, fan_out 270
    double fanIn = 180;
    double fanOut = 270;
    double[] gu = draw(new GlorotUniform(), conv, 10);
    double gl = Math.sqrt(6 / (fanIn + fanOut));
    assertTrue(maxAbs(gu, 0) <= gl);
    assertMoments(draw(new GlorotUniform(), BIG, 11), 0, Math.sqrt(6.0 / 900) / Math.sqrt(3), "glorot_uniform");
    assertMoments(draw(new GlorotNormal(), BIG, 12), 0, Math.sqrt(2.0 / 900), "glorot_normal");
    assertMoments(draw(new HeNormal(), BIG, 13), 0, Math.sqrt(2.0 / 400), "he_normal");
    assertMoments(draw(new HeUniform(), BIG, 14), 0, Math.sqrt(6.0 / 400) / Math.sqrt(3), "he_uniform");
    assertMoments(draw(new LecunNormal(), BIG, 15), 0, Math.sqrt(1.0 / 400), "lecun_normal");
    assertMoments(draw(new LecunUniform(), BIG, 16), 0, Math.sqrt(3.0 / 400) / Math.sqrt(3), "lecun_uniform");
    double[] he = draw(new HeNormal(), conv, 17);
    assertTrue(maxAbs(he, 0) <= 2 * Math.sqrt(2 / fanIn) / 0.87962566103423978 + 1e-15);
    assertTrue(maxAbs(draw(new HeUniform(), conv, 18), 0) <= Math.sqrt(6 / fanIn));
    assertTrue(maxAbs(draw(new LecunUniform(), conv, 19), 0) <= Math.sqrt(3 / fanIn));
    assertTrue(maxAbs(draw(new GlorotNormal(), conv, 20), 0)
        <= 2 * Math.sqrt(2 / (fanIn + fanOut)) / 0.87962566103423978 + 1e-15);
  }

  private static void assertOrthonormal(double[] q, int rows, int cols, double gain) {
    boolean wide = rows < cols;
    int k = wide ? rows : cols; // size of the Gram matrix
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double s = 0;
        int len = wide ? cols : rows;
        for (int i = 0; i < len; i++) {
          s += wide ? q[a * cols + i] * q[b * cols + i] : q[i * cols + a] * q[i * cols + b];
        }
        assertEquals(a == b ? gain * gain : 0.0, s, 1e-12 * gain * gain, "Gram[" + a + "][" + b + "]");
      }
    }
  }

  @Test
  void orthogonalHasOrthonormalRowsOrColumns() {
    int[][] shapes = {{4, 16}, {16, 4}, {32, 128}, {128, 32}, {7, 7}};
    for (int[] s : shapes) {
      double[] q = draw(new Orthogonal(), s, 21);
      assertOrthonormal(q, s[0], s[1], 1.0);
    }
    // rank 4: flattened to (3*3*4, 8)
    assertOrthonormal(draw(new Orthogonal(), new int[] {3, 3, 4, 8}, 22), 36, 8, 1.0);
    assertOrthonormal(draw(new Orthogonal(2.5), new int[] {10, 6}, 23), 10, 6, 2.5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Orthogonal().initialize(new double[5], new int[] {5}, new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("at least two-dimensional"), e.getMessage());
  }

  @Test
  void orthogonalIsNotBiasedTowardsAnySign() {
    // sign(diag(R)) fixing makes Q Haar-distributed: every entry has mean 0 over many draws
    SplittableRandom rng = new SplittableRandom(24);
    double[] sum = new double[9];
    int trials = 4000;
    for (int t = 0; t < trials; t++) {
      double[] q = new double[9];
      new Orthogonal().initialize(q, new int[] {3, 3}, rng);
      for (int i = 0; i < 9; i++) {
        sum[i] += q[i];
      }
    }
    for (int i = 0; i < 9; i++) {
      // entries of a Haar 3x3 orthogonal matrix have variance 1/3
      assertEquals(0.0, sum[i] / trials, 5 * Math.sqrt(1.0 / 3 / trials), "entry " + i);
    }
  }

  @Test
  void seedsMakeDrawsReproducible() {
    Initializer[] seeded = {new RandomNormal(42), new RandomUniform(42), new TruncatedNormal(42),
        new VarianceScaling(1.0, "fan_in", "truncated_normal", 42), new GlorotUniform(42), new HeNormal(42),
        new Orthogonal(42)};
    Initializer[] otherSeed = {new RandomNormal(43), new RandomUniform(43), new TruncatedNormal(43),
        new VarianceScaling(1.0, "fan_in", "truncated_normal", 43), new GlorotUniform(43), new HeNormal(43),
        new Orthogonal(43)};
    int[] shape = {6, 9};
    for (int i = 0; i < seeded.length; i++) {
      double[] a = draw(seeded[i], shape, 1);
      double[] b = draw(seeded[i], shape, 999); // own seed wins over the stream handed in
      assertArrayEquals(a, b, 0.0, seeded[i].className());
      assertFalse(Arrays.equals(a, draw(otherSeed[i], shape, 1)), seeded[i].className() + " ignores its seed");
    }
    Initializer unseeded = new GlorotNormal();
    assertArrayEquals(draw(unseeded, shape, 5), draw(unseeded, shape, 5), 0.0);
    assertFalse(Arrays.equals(draw(unseeded, shape, 5), draw(unseeded, shape, 6)));
    SplittableRandom shared = new SplittableRandom(5);
    double[] first = new double[54];
    double[] second = new double[54];
    unseeded.initialize(first, shape, shared);
    unseeded.initialize(second, shape, shared);
    assertFalse(Arrays.equals(first, second), "an unseeded initializer must advance the model's stream");
  }

  @Test
  void constantsAndIdentity() {
    assertArrayEquals(new double[] {0, 0, 0, 0}, draw(new Zeros(), new int[] {2, 2}, 1), 0.0);
    assertArrayEquals(new double[] {1, 1, 1}, draw(new Ones(), new int[] {3}, 1), 0.0);
    assertArrayEquals(new double[] {2.5, 2.5}, draw(new Constant(2.5), new int[] {2}, 1), 0.0);
    assertArrayEquals(new double[] {0, 0}, draw(new Constant(), new int[] {2}, 1), 0.0);
    assertArrayEquals(new double[] {3, 0, 0, 0, 0, 3, 0, 0}, draw(new Identity(3.0), new int[] {2, 4}, 1), 0.0);
    assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0}, draw(new Identity(), new int[] {3, 2}, 1), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Identity().initialize(new double[8], new int[] {2, 2, 2}, null));
    assertTrue(e.getMessage().contains("2D") && e.getMessage().contains("rank 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Zeros().initialize(new double[3], new int[] {2, 2}, null));
  }

  @Test
  void namesClassNamesAndConfigs() {
    Object[][] expected = {
        {"zeros", Zeros.class}, {"Zeros", Zeros.class}, {"zero", Zeros.class}, {"ones", Ones.class},
        {"constant", Constant.class}, {"random_normal", RandomNormal.class}, {"normal", RandomNormal.class},
        {"RandomUniform", RandomUniform.class}, {"uniform", RandomUniform.class},
        {"truncated_normal", TruncatedNormal.class}, {"VarianceScaling", VarianceScaling.class},
        {"orthogonal", Orthogonal.class}, {"Orthogonal", Orthogonal.class},
        {"OrthogonalInitializer", Orthogonal.class}, {"identity", Identity.class},
        {"glorot_uniform", GlorotUniform.class}, {"GlorotUniform", GlorotUniform.class},
        {"glorot_normal", GlorotNormal.class}, {"he_normal", HeNormal.class}, {"HeUniform", HeUniform.class},
        {"lecun_normal", LecunNormal.class}, {"lecun_uniform", LecunUniform.class}};
    for (Object[] row : expected) {
      Initializer i = Initializers.get((String) row[0]);
      assertEquals(row[1], i.getClass(), (String) row[0]);
      assertEquals(((Class<?>) row[1]).getSimpleName(), i.className());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.get("xavier"));
    assertTrue(e.getMessage().contains("xavier") && e.getMessage().contains("glorot_uniform"), e.getMessage());

    Map<String, Object> vs = new VarianceScaling(2.0, "fan_out", "uniform", 7).getConfig();
    assertEquals(7L, vs.get("seed"));
    assertEquals(2.0, vs.get("scale"));
    assertEquals("fan_out", vs.get("mode"));
    assertEquals("uniform", vs.get("distribution"));
    Map<String, Object> gu = new GlorotUniform().getConfig();
    assertEquals(1, gu.size());
    assertTrue(gu.containsKey("seed"));
    assertNull(gu.get("seed"));
    assertEquals(0.05, new RandomNormal().getConfig().get("stddev"));
    assertEquals(-0.05, new RandomUniform().getConfig().get("minval"));
    assertEquals(1.0, new Orthogonal().getConfig().get("gain"));
    assertEquals(0.0, new Constant().getConfig().get("value"));
    assertEquals("Orthogonal", new Orthogonal().className());
  }
}
