package io.tidecast.models.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.layers.Weight;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer against a plain scalar re-implementation of the Keras 3 update, written independently here
 * in the textbook form (e.g. {@code m = b1 m + (1 - b1) g}) rather than the library's in-place form.
 */
class OptimizersTest {
  private static final double[] W0 = {0.5, -1.5, 2.0, 1e-3};
  /** Fixed gradients for 3 steps; they change sign and size so every moment matters. */
  private static final double[][] G = {
      {0.3, -2.0, 1e-6, 4.0},
      {-0.1, -1.0, 0.5, 3.0},
      {0.2, 0.25, -0.7, -0.01}};

  private static Weight weight(double[] v) {
    Weight w = new Weight("w", new int[] {v.length}, null, true);
    System.arraycopy(v, 0, w.value(), 0, v.length);
    return w;
  }

  /** Runs the optimizer in double precision on W0 with the fixed gradients. */
  private static double[] run(Optimizer opt) {
    opt.float32(false);
    Weight w = weight(W0);
    for (double[] g : G) {
      System.arraycopy(g, 0, w.grad(), 0, g.length);
      opt.apply(List.of(w));
    }
    assertEquals(G.length, opt.iterations());
    return w.value().clone();
  }

  private static void assertClose(double[] expected, double[] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-13 * Math.max(1, Math.abs(expected[i])), "element " + i);
    }
  }

  // ---- independent references ----------------------------------------------------------------------

  private static double[] refAdam(double lr, double b1, double b2, double eps, boolean ams, boolean tfjs,
      double wd) {
    double[] w = W0.clone();
    double[] m = new double[w.length];
    double[] v = new double[w.length];
    double[] vh = new double[w.length];
    for (int t = 1; t <= G.length; t++) {
      for (int i = 0; i < w.length; i++) {
        double g = G[t - 1][i];
        w[i] = w[i] - w[i] * wd * lr;
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        vh[i] = Math.max(vh[i], v[i]);
        double vv = ams ? vh[i] : v[i];
        if (tfjs) {
          double mHat = m[i] / (1 - Math.pow(b1, t));
          double vHat = vv / (1 - Math.pow(b2, t));
          w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
        } else {
          double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
          w[i] -= lrT * m[i] / (Math.sqrt(vv) + eps);
        }
      }
    }
    return w;
  }

  private static double[] refRmsprop(double lr, double rho, double mom, double eps, boolean centered) {
    double[] w = W0.clone();
    double[] v = new double[w.length];
    double[] mg = new double[w.length];
    double[] mo = new double[w.length];
    for (double[] gs : G) {
      for (int i = 0; i < w.length; i++) {
        double g = gs[i];
        v[i] = rho * v[i] + (1 - rho) * g * g;
        mg[i] = rho * mg[i] + (1 - rho) * g;
        double denom = centered ? v[i] - mg[i] * mg[i] : v[i];
        double step = lr * g / Math.sqrt(denom + eps);
        mo[i] = mom * mo[i] + step;
        w[i] -= mom > 0 ? mo[i] : step;
      }
    }
    return w;
  }

  private static double[] refAdagrad(double lr, double init, double eps) {
    double[] w = W0.clone();
    for (int i = 0; i < w.length; i++) {
      double acc = init;
      for (double[] gs : G) {
        acc += gs[i] * gs[i];
        w[i] -= lr * gs[i] / Math.sqrt(acc + eps);
      }
    }
    return w;
  }

  private static double[] refAdadelta(double lr, double rho, double eps) {
    double[] w = W0.clone();
    for (int i = 0; i < w.length; i++) {
      double eg = 0;
      double ed = 0;
      for (double[] gs : G) {
        double g = gs[i];
        eg = rho * eg + (1 - rho) * g * g;
        double delta = -g * Math.sqrt(ed + eps) / Math.sqrt(eg + eps);
        ed = rho * ed + (1 - rho) * delta * delta;
        w[i] += lr * delta;
      }
    }
    return w;
  }

  private static double[] refAdamax(double lr, double b1, double b2, double eps) {
    double[] w = W0.clone();
    for (int i = 0; i < w.length; i++) {
      double m = 0;
      double u = 0;
      for (int t = 1; t <= G.length; t++) {
        double g = G[t - 1][i];
        m = b1 * m + (1 - b1) * g;
        u = Math.max(b2 * u, Math.abs(g));
        w[i] -= lr / (1 - Math.pow(b1, t)) * m / (u + eps);
      }
    }
    return w;
  }

  /** Keras 3 Nadam; the momentum-schedule product is recomputed from scratch at every step. */
  private static double[] refNadam(double lr, double b1, double b2, double eps) {
    double[] w = W0.clone();
    for (int i = 0; i < w.length; i++) {
      double m = 0;
      double v = 0;
      for (int t = 1; t <= G.length; t++) {
        double g = G[t - 1][i];
        double prod = 1;
        for (int s = 1; s <= t; s++) {
          prod *= b1 * (1 - 0.5 * Math.pow(0.96, s));
        }
        double ut = b1 * (1 - 0.5 * Math.pow(0.96, t));
        double ut1 = b1 * (1 - 0.5 * Math.pow(0.96, t + 1));
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        double mHat = ut1 * m / (1 - prod * ut1) + (1 - ut) * g / (1 - prod);
        double vHat = v / (1 - Math.pow(b2, t));
        w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
    return w;
  }

  private static double[] refSgd(double lr, double mom, boolean nesterov) {
    double[] w = W0.clone();
    double[] vel = new double[w.length];
    for (double[] gs : G) {
      for (int i = 0; i < w.length; i++) {
        vel[i] = mom * vel[i] - lr * gs[i];
        w[i] += nesterov ? mom * vel[i] - lr * gs[i] : vel[i];
      }
    }
    return w;
  }

  // ---- three steps against the references -------------------------------------------------------------

  @Test
  void adam() {
    assertClose(refAdam(0.001, 0.9, 0.999, 1e-7, false, false, 0), run(new Adam()));
    assertClose(refAdam(0.05, 0.8, 0.99, 1e-3, false, false, 0), run(new Adam(0.05, 0.8, 0.99, 1e-3)));
    assertClose(refAdam(0.05, 0.9, 0.5, 1e-7, true, false, 0), run(new Adam(0.05, 0.9, 0.5, 1e-7, true)));
  }

  @Test
  void adamTfjsEpsilon() {
    double[] tfjs = run(new Adam(0.01, 0.9, 0.999, 1e-3).tfjsEpsilon(true));
    assertClose(refAdam(0.01, 0.9, 0.999, 1e-3, false, true, 0), tfjs);
    // the switch matters: with a large epsilon the two forms differ visibly
    double[] keras = run(new Adam(0.01, 0.9, 0.999, 1e-3));
    assertTrue(Math.abs(keras[0] - tfjs[0]) > 1e-6, keras[0] + " vs " + tfjs[0]);
    assertClose(refAdam(0.01, 0.9, 0.5, 1e-7, true, true, 0),
        run(new Adam(0.01, 0.9, 0.5, 1e-7, true).tfjsEpsilon(true)));
  }

  @Test
  void amsgradChangesTheResult() {
    // beta_2 = 0.5 with shrinking gradients makes v fall below its running maximum
    assertNotEquals(run(new Adam(0.05, 0.9, 0.5, 1e-7, false))[1], run(new Adam(0.05, 0.9, 0.5, 1e-7, true))[1]);
  }

  @Test
  void adamW() {
    assertClose(refAdam(0.001, 0.9, 0.999, 1e-7, false, false, 0.004), run(new AdamW()));
    assertClose(refAdam(0.1, 0.9, 0.999, 1e-7, false, false, 0.3), run(new AdamW(0.1, 0.3)));
    assertEquals(0.004, new AdamW().weightDecay(), 0.0);
  }

  @Test
  void rmsprop() {
    assertClose(refRmsprop(0.001, 0.9, 0, 1e-7, false), run(new RMSprop()));
    assertClose(refRmsprop(0.01, 0.8, 0.5, 1e-7, false), run(new RMSprop(0.01, 0.8, 0.5)));
    assertClose(refRmsprop(0.01, 0.8, 0, 1e-7, true), run(new RMSprop(0.01, 0.8, 0, 1e-7, true)));
    assertClose(refRmsprop(0.01, 0.8, 0.5, 1e-4, true), run(new RMSprop(0.01, 0.8, 0.5, 1e-4, true)));
  }

  @Test
  void adagrad() {
    assertClose(refAdagrad(0.001, 0.1, 1e-7), run(new Adagrad()));
    assertClose(refAdagrad(0.3, 0.0, 1e-3), run(new Adagrad(0.3, 0.0, 1e-3)));
  }

  @Test
  void adadelta() {
    assertClose(refAdadelta(0.001, 0.95, 1e-7), run(new Adadelta()));
    assertClose(refAdadelta(1.0, 0.9, 1e-6), run(new Adadelta(1.0, 0.9, 1e-6)));
  }

  @Test
  void adamax() {
    assertClose(refAdamax(0.001, 0.9, 0.999, 1e-7), run(new Adamax()));
    assertClose(refAdamax(0.02, 0.7, 0.9, 1e-3), run(new Adamax(0.02, 0.7, 0.9, 1e-3)));
  }

  @Test
  void nadam() {
    assertClose(refNadam(0.001, 0.9, 0.999, 1e-7), run(new Nadam()));
    assertClose(refNadam(0.02, 0.8, 0.99, 1e-3), run(new Nadam(0.02, 0.8, 0.99, 1e-3)));
  }

  @Test
  void sgd() {
    assertClose(refSgd(0.01, 0, false), run(new SGD()));
    assertClose(refSgd(0.1, 0.3, false), run(new SGD(0.1, 0.3)));
    assertClose(refSgd(0.1, 0.9, true), run(new SGD(0.1, 0.9, true)));
  }

  @Test
  void nadamStateRoundTripsThroughScalarStateAndSlots() {
    Nadam a = new Nadam(0.02);
    a.float32(false);
    Weight w = weight(W0);
    System.arraycopy(G[0], 0, w.grad(), 0, 4);
    a.apply(List.of(w));
    // checkpoint after step 1 into a fresh optimizer
    Nadam b = new Nadam(0.02);
    b.float32(false);
    Weight w2 = weight(w.value());
    double[][] sa = a.slots(w);
    double[][] sb = b.slots(w2);
    for (int k = 0; k < sa.length; k++) {
      System.arraycopy(sa[k], 0, sb[k], 0, sa[k].length);
    }
    b.restoreIterations(a.iterations());
    b.restoreScalarState(a.scalarState());
    for (int s = 1; s < G.length; s++) {
      System.arraycopy(G[s], 0, w2.grad(), 0, 4);
      b.apply(List.of(w2));
    }
    assertClose(refNadam(0.02, 0.9, 0.999, 1e-7), w2.value());
    // reset forgets the product
    b.reset();
    assertArrayEquals(new double[] {1.0}, b.scalarState(), 0.0);
  }

  // ---- base-class behaviour ------------------------------------------------------------------------

  private static Weight[] twoWeights() {
    Weight a = weight(new double[] {0, 0});
    Weight b = weight(new double[] {0, 0});
    System.arraycopy(new double[] {3, 4}, 0, a.grad(), 0, 2);
    System.arraycopy(new double[] {0.3, -0.4}, 0, b.grad(), 0, 2);
    return new Weight[] {a, b};
  }

  @Test
  void clipnormIsPerVariable() {
    Weight[] w = twoWeights();
    Optimizer o = new SGD(1.0).clipnorm(1.0);
    o.float32(false);
    o.apply(List.of(w));
    assertArrayEquals(new double[] {-0.6, -0.8}, w[0].value(), 1e-15); // norm 5 -> 1
    assertArrayEquals(new double[] {-0.3, 0.4}, w[1].value(), 1e-15); // norm 0.5 untouched
  }

  @Test
  void globalClipnormScalesAllByTheJointNorm() {
    Weight[] w = twoWeights();
    Optimizer o = new SGD(1.0).globalClipnorm(1.0);
    o.float32(false);
    o.apply(List.of(w));
    double n = Math.sqrt(9 + 16 + 0.09 + 0.16);
    assertArrayEquals(new double[] {-3 / n, -4 / n}, w[0].value(), 1e-15);
    assertArrayEquals(new double[] {-0.3 / n, 0.4 / n}, w[1].value(), 1e-15);
  }

  @Test
  void clipvalueClipsEachElement() {
    Weight[] w = twoWeights();
    Optimizer o = new Adagrad(1.0, 0.0, 0.0).clipvalue(0.35);
    o.float32(false);
    o.apply(List.of(w));
    // Adagrad's first step with zero initial accumulator and eps 0 is -sign(g) * lr
    assertArrayEquals(new double[] {-1, -1}, w[0].value(), 1e-15);
    assertArrayEquals(new double[] {-1, 1}, w[1].value(), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> new Adam().clipvalue(1).clipnorm(1));
  }

  @Test
  void weightDecayIsDecoupledAndUsesLearningRate() {
    Weight w = weight(new double[] {2.0, -1.0});
    System.arraycopy(new double[] {0.5, 0.5}, 0, w.grad(), 0, 2);
    Optimizer o = new SGD(0.1).weightDecay(0.5);
    o.float32(false);
    o.apply(List.of(w));
    // w - w * 0.5 * 0.1 - 0.1 * g
    assertArrayEquals(new double[] {2 * 0.95 - 0.05, -0.95 - 0.05}, w.value(), 1e-15);
  }

  @Test
  void scheduleIsEvaluatedAtTheZeroBasedStep() {
    Weight w = weight(new double[] {0});
    Optimizer o = new SGD(123).learningRateSchedule(step -> 0.1 / (1 + step));
    o.float32(false);
    for (int s = 0; s < 3; s++) {
      w.grad()[0] = 1.0;
      o.apply(List.of(w));
    }
    assertEquals(-(0.1 + 0.05 + 0.1 / 3), w.value()[0], 1e-15);
    assertEquals(0.1 / 4, o.learningRate(), 1e-15);
    assertEquals(3, o.iterations());
  }

  @Test
  void frozenWeightsAreNotUpdatedButIterationsCount() {
    Weight w = weight(new double[] {1, 2});
    w.trainable(false);
    w.grad()[0] = 5;
    Optimizer o = new Adam(0.1);
    o.apply(List.of(w));
    o.apply(List.of(w));
    assertArrayEquals(new double[] {1, 2}, w.value(), 0.0);
    assertEquals(2, o.iterations());
  }

  @Test
  void float32RoundsWeightsAndSlots() {
    for (Optimizer o : new Optimizer[] {new Adam(0.013), new Nadam(0.013), new RMSprop(0.013, 0.9, 0.3, 1e-7, true),
        new Adadelta(0.7)}) {
      Weight w = weight(new double[] {0.1, 0.2, 0.3});
      System.arraycopy(new double[] {0.123, -0.456, 0.789}, 0, w.grad(), 0, 3);
      o.apply(List.of(w)); // float32 is the default
      for (double v : w.value()) {
        assertEquals((double) (float) v, v, 0.0, o.className());
      }
      for (double[] s : o.slots(w)) {
        for (double v : s) {
          assertEquals((double) (float) v, v, 0.0, o.className() + " slot");
        }
      }
    }
    // and in double mode the result is not float-representable
    Weight w = weight(new double[] {0.1, 0.2, 0.3});
    System.arraycopy(new double[] {0.123, -0.456, 0.789}, 0, w.grad(), 0, 3);
    Optimizer o = new Adam(0.013);
    o.float32(false);
    o.apply(List.of(w));
    assertNotEquals((double) (float) w.value()[0], w.value()[0]);
  }

  /** f(w) = 0.5 sum a_i (w_i - c_i)^2 with unequal curvatures. */
  @Test
  void everyOptimizerMinimisesAQuadraticBowl() {
    double[] a = {1.0, 4.0, 0.25};
    double[] c = {1.0, -2.0, 0.5};
    Optimizer[] opts = {new SGD(0.1), new SGD(0.05, 0.9), new Adam(0.02), new Adam(0.02).tfjsEpsilon(true),
        new AdamW(0.02, 1e-4), new RMSprop(0.01), new RMSprop(0.01, 0.9, 0.5, 1e-7, true), new Adagrad(0.5),
        new Adadelta(1.0), new Adamax(0.02), new Nadam(0.02)};
    for (Optimizer o : opts) {
      o.float32(false);
      Weight w = weight(new double[] {-1, 1, 3});
      double f0 = bowl(w.value(), a, c);
      for (int s = 0; s < 3000; s++) {
        for (int i = 0; i < 3; i++) {
          w.grad()[i] = a[i] * (w.value()[i] - c[i]);
        }
        o.apply(List.of(w));
      }
      double f = bowl(w.value(), a, c);
      assertTrue(f < 1e-4 * f0, o.className() + " " + o.getConfig() + " ended at f=" + f + " from " + f0);
    }
  }

  private static double bowl(double[] w, double[] a, double[] c) {
    double f = 0;
    for (int i = 0; i < w.length; i++) {
      f += 0.5 * a[i] * (w[i] - c[i]) * (w[i] - c[i]);
    }
    return f;
  }

  // ---- registry and config ---------------------------------------------------------------------------

  @Test
  void registryGivesKerasDefaults() {
    Map<String, Object> adam = Optimizers.get("Adam").getConfig();
    assertEquals(0.001, adam.get("learning_rate"));
    assertEquals(0.9, adam.get("beta_1"));
    assertEquals(0.999, adam.get("beta_2"));
    assertEquals(1e-7, adam.get("epsilon"));
    assertEquals(false, adam.get("amsgrad"));
    assertFalse(adam.containsKey("tfjs_epsilon"));
    assertEquals(0.01, Optimizers.get("SGD").getConfig().get("learning_rate"));
    Map<String, Object> rms = Optimizers.get("rmsprop").getConfig();
    assertEquals(0.9, rms.get("rho"));
    assertEquals(0.0, rms.get("momentum"));
    assertEquals(false, rms.get("centered"));
    assertEquals(0.1, Optimizers.get("adagrad").getConfig().get("initial_accumulator_value"));
    assertEquals(0.95, Optimizers.get("ADADELTA").getConfig().get("rho"));
    assertEquals(0.999, Optimizers.get("adamax").getConfig().get("beta_2"));
    assertEquals(1e-7, Optimizers.get("nadam").getConfig().get("epsilon"));
    Map<String, Object> adamw = Optimizers.get("AdamW").getConfig();
    assertEquals(0.004, adamw.get("weight_decay"));
    assertEquals("adamw", adamw.get("name"));
    assertEquals(true, new Adam().tfjsEpsilon(true).getConfig().get("tfjs_epsilon"));
    for (String n : Optimizers.names()) {
      assertEquals(n.equals("sgd") ? 0.01 : 0.001, Optimizers.get(n).learningRate(), 0.0, n);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("lbfgs"));
    assertTrue(e.getMessage().contains("lbfgs") && e.getMessage().contains("nadam"), e.getMessage());
  }
}
