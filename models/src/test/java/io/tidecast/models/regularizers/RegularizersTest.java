package io.tidecast.models.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.Regularizer;
import io.tidecast.models.Regularizers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegularizersTest {
  @Test
  void penaltiesMatchTheKerasFormulas() {
    double[] w = {1.5, -2.0, 0.0, 0.25};
    double abs = 1.5 + 2.0 + 0.25;
    double sq = 2.25 + 4.0 + 0.0625;
    assertEquals(0.01 * abs, new L1().penalty(w), 1e-15);
    assertEquals(0.01 * sq, new L2().penalty(w), 1e-15);
    assertEquals(0.0, new L1L2().penalty(w), 0.0);
    assertEquals(0.3 * abs + 0.7 * sq, new L1L2(0.3, 0.7).penalty(w), 1e-14);
    assertEquals(0.3 * abs, Regularizers.l1(0.3).penalty(w), 1e-15);
    assertEquals(0.7 * sq, Regularizers.l2(0.7).penalty(w), 1e-15);
    assertEquals(0.3 * abs + 0.7 * sq, Regularizers.l1l2(0.3, 0.7).penalty(w), 1e-14);
  }

  @Test
  void gradientMatchesCentralDifferencesAndAccumulates() {
    SplittableRandom rng = new SplittableRandom(3);
    Regularizer[] rs = {new L1(0.2), new L2(0.3), new L1L2(0.15, 0.4)};
    for (Regularizer r : rs) {
      double[] w = new double[50];
      for (int i = 0; i < w.length; i++) {
        double v;
        do {
          v = rng.nextDouble() * 4 - 2;
        } while (Math.abs(v) < 1e-3); // |w| has a kink at 0
        w[i] = v;
      }
      double[] grad = new double[w.length];
      grad[0] = 1.0; // must be added to, not overwritten
      r.addGradient(w, grad);
      double h = 1e-6;
      for (int i = 0; i < w.length; i++) {
        double[] p = w.clone();
        p[i] += h;
        double[] m = w.clone();
        m[i] -= h;
        double num = (r.penalty(p) - r.penalty(m)) / (2 * h);
        assertEquals(num + (i == 0 ? 1.0 : 0.0), grad[i], 1e-7, r.className() + " at " + i);
      }
    }
    double[] zero = {0.0};
    double[] g = {0.0};
    new L1(0.5).addGradient(zero, g);
    assertEquals(0.0, g[0], 0.0, "sign(0) = 0");
  }

  @Test
  void namesDefaultsAndValidation() {
    assertEquals(0.01, ((L1) Regularizers.get("l1")).l1(), 0.0);
    assertEquals(0.01, ((L2) Regularizers.get("L2")).l2(), 0.0);
    L1L2 both = (L1L2) Regularizers.get("l1_l2");
    assertEquals(0.0, both.l1(), 0.0);
    assertEquals(0.0, both.l2(), 0.0);
    assertEquals(L1L2.class, Regularizers.get("L1L2").getClass());
    assertEquals("L1L2", both.className());
    assertEquals(0.5, new L1L2(0.5, 0.25).getConfig().get("l1"));
    assertEquals(0.25, new L1L2(0.5, 0.25).getConfig().get("l2"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l3"));
    assertTrue(e.getMessage().contains("l1_l2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new L1(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new L2(Double.NaN));
  }
}
