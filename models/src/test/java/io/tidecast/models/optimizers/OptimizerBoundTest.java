package io.tidecast.models.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.layers.Weight;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The finite-step bounds that let {@link Optimizer#apply} skip its rollback copy. A wrong bound would let
 * a step write a non-finite value it can no longer undo; the fuzz below drives every optimizer with values
 * from tiny to near float's maximum (and negative accumulators) and checks the all-or-nothing contract on
 * each step. Assertions are on in tests, so {@code apply} also checks every "proven" step for finiteness.
 */
class OptimizerBoundTest {

  private static final List<Supplier<Optimizer>> ALL = List.of(
      () -> new SGD(0.5), () -> new SGD(0.5, 0.9), () -> new SGD(0.5, 0.9, true),
      () -> new Adam(0.1), () -> new Adam(0.1, 0.9, 0.999, 1e-7, true), () -> new Adam(0.1).tfjsEpsilon(true),
      () -> new AdamW(0.1, 0.5), () -> new RMSprop(0.1), () -> new RMSprop(0.1, 0.9, 0.5),
      () -> new RMSprop(0.1, 0.9, 0.5, 1e-7, true), () -> new Adagrad(0.1), () -> new Adadelta(1.0),
      () -> new Adamax(0.1), () -> new Nadam(0.1), () -> new Adam(0.1, 0.9, 0.999, 0.0));

  @Test
  void ordinaryStepsTakeNoRollbackCopy() {
    for (Supplier<Optimizer> s : ALL) {
      Optimizer o = s.get();
      Weight w = new Weight("w", new int[] {3}, null, true);
      for (int step = 0; step < 5; step++) {
        w.grad()[0] = 0.3;
        w.grad()[1] = -2.0 + step;
        w.grad()[2] = 1e-4;
        assertTrue(o.apply(List.of(w)));
      }
      String what = o.getConfig().toString();
      boolean unprovable = what.contains("centered=true") || what.contains("epsilon=0.0");
      assertEquals(unprovable ? 5 : 0, o.backups, what);
    }
  }

  @Test
  void overflowStillRollsBackThroughTheCopy() {
    Optimizer o = new Adam(0.1);
    Weight w = new Weight("w", new int[] {2}, null, true);
    w.grad()[0] = 1.0;
    assertTrue(o.apply(List.of(w)));
    double[] before = w.value().clone();
    w.grad()[1] = 1e21; // v = (1 - 0.999) g^2 = 1e39 overflows float
    assertFalse(o.apply(List.of(w)));
    assertEquals(1, o.backups);
    assertArrayEquals(before, w.value(), 0.0);
    assertEquals(1, o.iterations());
  }

  @Test
  void fuzzAllOrNothingAcrossMagnitudes() {
    SplittableRandom rnd = new SplittableRandom(9);
    for (Supplier<Optimizer> s : ALL) {
      Optimizer o = s.get();
      Weight a = new Weight("a", new int[] {4}, null, true);
      Weight b = new Weight("b", new int[] {3}, null, true);
      List<Weight> ws = List.of(a, b);
      long proven = 0;
      for (int trial = 0; trial < 300; trial++) {
        for (Weight w : ws) {
          fill(rnd, w.value(), true);
          fill(rnd, w.grad(), true);
          for (double[] slot : o.slots(w)) {
            fill(rnd, slot, rnd.nextInt(4) == 0);
          }
        }
        double[][] saved = snapshot(o, ws);
        long it = o.iterations();
        long backupsBefore = o.backups;
        boolean ok = o.apply(ws);
        if (o.backups == backupsBefore) {
          proven++;
        }
        double[][] now = snapshot(o, ws);
        if (ok) {
          for (double[] x : now) {
            for (double v : x) {
              assertTrue(Float.isFinite((float) v), o.className() + " wrote " + v);
            }
          }
          assertEquals(it + 1, o.iterations());
        } else {
          for (int i = 0; i < saved.length; i++) {
            assertArrayEquals(saved[i], now[i], 0.0, o.className() + " did not restore array " + i);
          }
          assertEquals(it, o.iterations());
        }
      }
      assertTrue(proven > 0 || o.backups == 300, o.className() + ": the bound never held");
    }
  }

  /** Log-uniform magnitudes from 1e-12 to 3e38 (float range), random sign unless {@code nonNegative}. */
  private static void fill(SplittableRandom rnd, double[] a, boolean signed) {
    double maxExp = rnd.nextInt(3) == 0 ? 38.4 : 3;
    for (int i = 0; i < a.length; i++) {
      double v = (float) Math.pow(10, -12 + rnd.nextDouble() * (12 + maxExp));
      a[i] = signed && rnd.nextBoolean() ? -v : v;
    }
  }

  private static double[][] snapshot(Optimizer o, List<Weight> ws) {
    java.util.List<double[]> out = new java.util.ArrayList<>();
    for (Weight w : ws) {
      out.add(w.value().clone());
      for (double[] slot : o.slots(w)) {
        out.add(slot.clone());
      }
    }
    return out.toArray(new double[0][]);
  }
}
