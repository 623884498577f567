package io.tidecast.models.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.Loss;
import io.tidecast.models.Losses;
import io.tidecast.models.layers.Tensor;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class LossesTest {
  private static final double EPS = 1e-7;

  private static Tensor t(double[] d, int... shape) {
    return new Tensor(d, shape);
  }

  private static Tensor random(SplittableRandom r, DoubleSupplier gen, int... shape) {
    Tensor x = new Tensor(shape);
    for (int i = 0; i < x.size(); i++) {
      x.data[i] = gen.getAsDouble();
    }
    return x;
  }

  /** Central differences of the reduced loss against {@link Loss#gradient}. */
  private static void checkGradient(Loss loss, Tensor yTrue, Tensor yPred) {
    Tensor g = loss.gradient(yTrue, yPred);
    assertEquals(java.util.Arrays.toString(yPred.shape), java.util.Arrays.toString(g.shape));
    double h = 1e-6;
    for (int i = 0; i < yPred.size(); i++) {
      double keep = yPred.data[i];
      yPred.data[i] = keep + h;
      double lp = loss.compute(yTrue, yPred);
      yPred.data[i] = keep - h;
      double lm = loss.compute(yTrue, yPred);
      yPred.data[i] = keep;
      double num = (lp - lm) / (2 * h);
      assertEquals(num, g.data[i], 1e-7 * Math.max(1, Math.abs(num)),
          loss.name() + " gradient element " + i + " of " + yPred.shapeString());
    }
  }

  private static final int[][] SHAPES = {{5, 3}, {2, 3, 4}, {4, 1}};

  private static void gradientCheck(Loss loss, long seed, DoubleSupplierFactory trueGen,
      DoubleSupplierFactory predGen) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int[] shape : SHAPES) {
      Tensor y = random(r, trueGen.make(r), shape);
      Tensor p = random(r, predGen.make(r), shape);
      checkGradient(loss, y, p);
    }
  }

  interface DoubleSupplierFactory {
    DoubleSupplier make(SplittableRandom r);
  }

  private static DoubleSupplierFactory uniform(double lo, double hi) {
    return r -> () -> lo + (hi - lo) * r.nextDouble();
  }

  private static DoubleSupplierFactory bits() {
    return r -> () -> r.nextBoolean() ? 1.0 : 0.0;
  }

  // ---- values at hand-worked points --------------------------------------------------------------

  @Test
  void meanSquaredErrorValue() {
    // rows: ((1.5-1)^2 + 0) / 2 = 0.125 and ((2-3)^2 + (5-4)^2) / 2 = 1 -> mean 0.5625
    Tensor y = t(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor p = t(new double[] {1.5, 2, 2, 5}, 2, 2);
    assertEquals(0.5625, Losses.get("mse").compute(y, p), 1e-15);
    assertEquals(0.5625, Losses.get("mean_squared_error").compute(y, p), 1e-15);
    // (N,) targets against (N, 1) outputs are accepted like Keras
    assertEquals(0.5, new MeanSquaredError().compute(t(new double[] {0, 1}, 2), t(new double[] {1, 1}, 2, 1)),
        1e-15);
  }

  @Test
  void meanAbsoluteErrorValue() {
    Tensor y = t(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor p = t(new double[] {1.5, 2, 2, 5}, 2, 2);
    // rows: 0.25 and 1 -> 0.625
    assertEquals(0.625, Losses.get("mae").compute(y, p), 1e-15);
  }

  @Test
  void mapeValueAndZeroTarget() {
    Tensor y = t(new double[] {2, -4, 0}, 3, 1);
    Tensor p = t(new double[] {3, -3, 1e-3}, 3, 1);
    // 100*|2-3|/2 = 50, 100*1/4 = 25, 100*1e-3/1e-7 = 1e6
    double expected = (50 + 25 + 1e6) / 3;
    assertEquals(expected, Losses.get("mape").compute(y, p), 1e-9);
  }

  @Test
  void msleValueAndClipping() {
    Tensor y = t(new double[] {1, 3}, 1, 2);
    Tensor p = t(new double[] {2, -5}, 1, 2);
    double a = Math.log(3) - Math.log(2);
    double b = Math.log(1 + 1e-7) - Math.log(4); // negative prediction is floored at eps
    assertEquals((a * a + b * b) / 2, Losses.get("msle").compute(y, p), 1e-15);
    Tensor g = new MeanSquaredLogarithmicError().gradient(y, p);
    assertEquals(0.0, g.data[1], 0.0, "no gradient where max(p, eps) picks eps");
    assertEquals(2 * a / 3 / 2, g.data[0], 1e-15);
  }

  @Test
  void huberValue() {
    Tensor y = t(new double[] {0, 0, 0, 0}, 1, 4);
    Tensor p = t(new double[] {0.5, -1, 3, -2}, 1, 4);
    // 0.125, 0.5, 3 - 0.5 = 2.5, 2 - 0.5 = 1.5 -> mean 4.625 / 4
    assertEquals(4.625 / 4, Losses.get("huber").compute(y, p), 1e-15);
    // delta 2: 0.125, 0.5, 2*3 - 2 = 4, 0.5*4 = 2 -> 6.625 / 4
    assertEquals(6.625 / 4, Losses.huber(2.0).compute(y, p), 1e-15);
  }

  @Test
  void logCoshValueIncludingLargeErrors() {
    Tensor y = t(new double[] {0, 1, 0}, 3, 1);
    Tensor p = t(new double[] {0.5, -1, 800}, 3, 1);
    // cosh(800) overflows; log cosh x = |x| - log 2 + log(1 + exp(-2|x|)) ~ 800 - log 2
    double expected = (Math.log(Math.cosh(0.5)) + Math.log(Math.cosh(-2)) + 800 - Math.log(2)) / 3;
    assertEquals(expected, Losses.get("log_cosh").compute(y, p), 1e-12);
  }

  @Test
  void binaryCrossentropyValueAndClipping() {
    Tensor y = t(new double[] {1, 0, 1, 0}, 2, 2);
    Tensor p = t(new double[] {0.9, 0.2, 0.0, 1.0}, 2, 2);
    double clipped = -Math.log(1e-7);
    // row 0: (-log 0.9 - log 0.8) / 2; row 1: both clipped to eps / 1-eps -> -log(eps) each
    double expected = ((-Math.log(0.9) - Math.log(0.8)) / 2 + clipped) / 2;
    assertEquals(expected, Losses.get("binary_crossentropy").compute(y, p), 1e-9);
    Tensor g = new BinaryCrossentropy().gradient(y, p);
    assertEquals(0.0, g.data[2], 0.0);
    assertEquals(0.0, g.data[3], 0.0);
    assertEquals(-1 / 0.9 / 4, g.data[0], 1e-15);
  }

  @Test
  void categoricalCrossentropyValueNormalisesRows() {
    Tensor y = t(new double[] {0, 1, 0, 1, 0, 0}, 2, 3);
    Tensor p = t(new double[] {0.2, 0.6, 0.2, 1, 1, 2}, 2, 3); // second row sums to 4
    double expected = (-Math.log(0.6) - Math.log(0.25)) / 2;
    assertEquals(expected, Losses.get("categorical_crossentropy").compute(y, p), 1e-15);
    // a zero probability is clipped to eps
    Tensor p0 = t(new double[] {0.5, 0, 0.5}, 1, 3);
    assertEquals(-Math.log(1e-7), new CategoricalCrossentropy().compute(t(new double[] {0, 1, 0}, 1, 3), p0),
        1e-9);
  }

  @Test
  void sparseCategoricalCrossentropyValueAllTargetShapes() {
    Tensor p = t(new double[] {0.2, 0.6, 0.2, 0.7, 0.1, 0.2}, 2, 3);
    double expected = (-Math.log(0.6) - Math.log(0.7)) / 2;
    Loss l = Losses.get("sparse_categorical_crossentropy");
    assertEquals(expected, l.compute(t(new double[] {1, 0}, 2), p), 1e-15);
    assertEquals(expected, l.compute(t(new double[] {1, 0}, 2, 1), p), 1e-15);
    Tensor p3 = p.reshape(1, 2, 3);
    assertEquals(expected, l.compute(t(new double[] {1, 0}, 1, 2), p3), 1e-15);
    assertEquals(expected, l.compute(t(new double[] {1, 0}, 1, 2, 1), p3), 1e-15);
  }

  @Test
  void sparseEqualsCategoricalOnOneHot() {
    SplittableRandom r = new SplittableRandom(7);
    for (boolean logits : new boolean[] {false, true}) {
      Tensor p = random(r, () -> 0.05 + r.nextDouble(), 3, 4, 5);
      Tensor labels = new Tensor(3, 4);
      Tensor oneHot = new Tensor(3, 4, 5);
      for (int i = 0; i < 12; i++) {
        int k = r.nextInt(5);
        labels.data[i] = k;
        oneHot.data[i * 5 + k] = 1;
      }
      Loss s = Losses.sparseCategoricalCrossentropy(logits);
      Loss c = Losses.categoricalCrossentropy(logits);
      assertEquals(c.compute(oneHot, p), s.compute(labels, p), 1e-14);
      Tensor gs = s.gradient(labels, p);
      Tensor gc = c.gradient(oneHot, p);
      for (int i = 0; i < gs.size(); i++) {
        assertEquals(gc.data[i], gs.data[i], 1e-14);
      }
    }
  }

  @Test
  void logitsVariantsMatchProbabilityVariants() {
    double[] x = {-1.2, 0.3, 2.0, 0.7, -0.4, 0.1};
    double[] sig = new double[6];
    for (int i = 0; i < 6; i++) {
      sig[i] = 1 / (1 + Math.exp(-x[i]));
    }
    Tensor y = t(new double[] {1, 0, 1, 0, 0, 1}, 2, 3);
    assertEquals(Losses.binaryCrossentropy(false).compute(y, t(sig, 2, 3)),
        Losses.binaryCrossentropy(true).compute(y, t(x, 2, 3)), 1e-12);
    double[] soft = new double[6];
    for (int row = 0; row < 2; row++) {
      double s = 0;
      for (int j = 0; j < 3; j++) {
        s += Math.exp(x[row * 3 + j]);
      }
      for (int j = 0; j < 3; j++) {
        soft[row * 3 + j] = Math.exp(x[row * 3 + j]) / s;
      }
    }
    Tensor oh = t(new double[] {0, 0, 1, 1, 0, 0}, 2, 3);
    assertEquals(Losses.categoricalCrossentropy(false).compute(oh, t(soft, 2, 3)),
        Losses.categoricalCrossentropy(true).compute(oh, t(x, 2, 3)), 1e-12);
  }

  // ---- gradients by central differences ------------------------------------------------------------

  @Test
  void regressionGradients() {
    gradientCheck(new MeanSquaredError(), 1, uniform(-2, 2), uniform(-2, 2));
    gradientCheck(new MeanAbsoluteError(), 2, uniform(-2, 2), uniform(-2, 2));
    gradientCheck(new MeanAbsolutePercentageError(), 3, uniform(0.5, 3), uniform(-2, 4));
    gradientCheck(new MeanSquaredLogarithmicError(), 4, uniform(0, 3), uniform(0.01, 3));
    gradientCheck(new Huber(), 5, uniform(-2, 2), uniform(-2, 2));
    gradientCheck(new Huber(0.3), 6, uniform(-2, 2), uniform(-2, 2));
    gradientCheck(new LogCosh(), 7, uniform(-3, 3), uniform(-3, 3));
  }

  @Test
  void crossentropyGradients() {
    gradientCheck(new BinaryCrossentropy(), 11, bits(), uniform(0.02, 0.98));
    gradientCheck(new BinaryCrossentropy(), 12, uniform(0, 1), uniform(0.02, 0.98)); // soft labels
    gradientCheck(new BinaryCrossentropy(true), 13, bits(), uniform(-4, 4));
    // unnormalised positive rows exercise the row-sum normalisation
    gradientCheck(new CategoricalCrossentropy(), 14, uniform(0, 1), uniform(0.05, 1));
    gradientCheck(new CategoricalCrossentropy(true), 15, uniform(0, 1), uniform(-3, 3));
  }

  @Test
  void categoricalGradientOnSoftmaxRowsWithOneHotTargets() {
    SplittableRandom r = new SplittableRandom(21);
    for (int[] shape : new int[][] {{6, 4}, {2, 3, 5}}) {
      int c = shape[shape.length - 1];
      Tensor p = random(r, () -> Math.exp(r.nextDouble(-2, 2)), shape);
      Tensor y = new Tensor(shape);
      for (int o = 0; o < p.size(); o += c) {
        double s = 0;
        for (int j = 0; j < c; j++) {
          s += p.data[o + j];
        }
        for (int j = 0; j < c; j++) {
          p.data[o + j] /= s;
        }
        y.data[o + r.nextInt(c)] = 1;
      }
      checkGradient(new CategoricalCrossentropy(), y, p);
      Tensor labels = new Tensor(java.util.Arrays.copyOf(shape, shape.length - 1));
      for (int row = 0; row < labels.size(); row++) {
        for (int j = 0; j < c; j++) {
          if (y.data[row * c + j] == 1) {
            labels.data[row] = j;
          }
        }
      }
      checkGradient(new SparseCategoricalCrossentropy(), labels, p);
      checkGradient(new SparseCategoricalCrossentropy(true), labels, p);
    }
  }

  @Test
  void categoricalClippedEntriesGetZeroGradient() {
    // the target class has probability 0 -> clipped: the whole row's gradient is 0 (nothing depends on p)
    Tensor y = t(new double[] {0, 1, 0}, 1, 3);
    Tensor p = t(new double[] {0.5, 0, 0.5}, 1, 3);
    Tensor g = new CategoricalCrossentropy().gradient(y, p);
    for (double v : g.data) {
      assertEquals(0.0, v, 0.0);
    }
    Tensor gs = new SparseCategoricalCrossentropy().gradient(t(new double[] {1}, 1), p);
    for (double v : gs.data) {
      assertEquals(0.0, v, 0.0);
    }
  }

  // ---- errors --------------------------------------------------------------------------------------

  @Test
  void categoricalWithIndexTargetsSuggestsSparse() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.get("categorical_crossentropy").compute(new Tensor(100, 1), new Tensor(100, 2)));
    assertTrue(e.getMessage().startsWith("Target shape (100, 1) does not match output shape (100, 2) for loss "
        + "categorical_crossentropy."), e.getMessage());
    assertTrue(e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
    assertTrue(e.getMessage().contains("toCategorical"), e.getMessage());
  }

  @Test
  void otherMismatchesNameBothShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.get("mse").gradient(new Tensor(8, 3), new Tensor(8, 1)));
    assertTrue(e.getMessage().contains("(8, 3)") && e.getMessage().contains("(8, 1)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Losses.get("mse").compute(new Tensor(8, 1), new Tensor(9, 1)));
    assertTrue(e.getMessage().contains("number of samples"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Losses.get("sparse_categorical_crossentropy").compute(new Tensor(4, 3), new Tensor(4, 3)));
    assertTrue(e.getMessage().contains("one-hot") && e.getMessage().contains("categorical_crossentropy"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Losses.get("sparse_categorical_crossentropy")
        .compute(t(new double[] {3}, 1), t(new double[] {0.2, 0.3, 0.5}, 1, 3)));
    assertTrue(e.getMessage().contains("[0, 3)"), e.getMessage());
  }

  @Test
  void registry() {
    assertEquals("mean_squared_error", Losses.get("MSE").name());
    assertEquals("mean_absolute_error", Losses.get("mae").name());
    assertEquals("mean_absolute_percentage_error", Losses.get("mape").name());
    assertEquals("mean_squared_logarithmic_error", Losses.get("msle").name());
    assertEquals("huber", Losses.get("huber").name());
    assertEquals("log_cosh", Losses.get("log_cosh").name());
    assertEquals("categorical_crossentropy", Losses.get("CategoricalCrossentropy").name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("hinge2"));
    assertTrue(e.getMessage().contains("hinge2") && e.getMessage().contains("sparse_categorical_crossentropy"),
        e.getMessage());
  }
}
