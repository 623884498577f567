package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ActivationsTest {
  private static final double TOL = 1e-7;

  /** An activation under test with the points where it is not differentiable. */
  private record Case(ActivationFunction f, double lo, double hi, double... kinks) {
  }

  private static List<Case> elementwiseCases() {
    List<Case> cases = new ArrayList<>();
    double[] common = {0.0};
    cases.add(new Case(Activations.get("elu"), -8, 8, common));
    cases.add(new Case(Activations.get("selu"), -8, 8, common));
    cases.add(new Case(Activations.get("softplus"), -30, 30));
    cases.add(new Case(Activations.get("softsign"), -8, 8, common));
    cases.add(new Case(Activations.get("relu"), -8, 8, common));
    cases.add(new Case(Activations.get("relu6"), -8, 10, 0.0, 6.0));
    cases.add(new Case(Activations.get("leaky_relu"), -8, 8, common));
    cases.add(new Case(Activations.get("tanh"), -10, 10));
    cases.add(new Case(Activations.get("sigmoid"), -30, 30));
    cases.add(new Case(Activations.get("hard_sigmoid"), -5, 5, -3.0, 3.0));
    cases.add(new Case(Activations.get("hard_sigmoid_keras2"), -4, 4, -2.5, 2.5));
    cases.add(new Case(Activations.get("hard_silu"), -5, 5, -3.0, 3.0));
    cases.add(new Case(Activations.get("exponential"), -5, 5));
    cases.add(new Case(Activations.get("linear"), -8, 8));
    cases.add(new Case(Activations.get("gelu"), -10, 10));
    cases.add(new Case(Activations.get("gelu_approximate"), -10, 10));
    cases.add(new Case(Activations.get("silu"), -20, 20));
    cases.add(new Case(Activations.get("mish"), -20, 20));
    cases.add(new Case(Activations.leakyRelu(0.1), -8, 8, common));
    cases.add(new Case(Activations.elu(0.5), -8, 8, common));
    cases.add(new Case(Activations.relu(0.1, 5.0, 0.5), -8, 8, 0.5, 5.0));
    cases.add(new Case(Activations.relu(0.0, 6.0, 0.0), -8, 8, 0.0, 6.0));
    cases.add(new Case(Activations.relu(0.0, 4.0, 0.0), -8, 8, 0.0, 4.0));
    cases.add(new Case(Activations.relu(0.3, Double.POSITIVE_INFINITY, -1.0), -8, 8, -1.0));
    cases.add(new Case(Activations.relu(0.3, 2.0, 0.0), -8, 8, 0.0, 2.0));
    cases.add(new Case(Activations.relu(0.0, Double.POSITIVE_INFINITY, 1.5), -8, 8, 1.5));
    return cases;
  }

  private static double apply(ActivationFunction f, double x) {
    double[] in = {x};
    double[] out = new double[1];
    f.forward(in, out, 0, 1, 1);
    return out[0];
  }

  /** Fourth-order central difference; truncation ~h^4, rounding ~1e-16/h. */
  private static double numericDerivative(DoubleUnaryOperator f, double x) {
    double h = 1e-4 * Math.max(1.0, Math.abs(x));
    return (-f.applyAsDouble(x + 2 * h) + 8 * f.applyAsDouble(x + h) - 8 * f.applyAsDouble(x - h)
        + f.applyAsDouble(x - 2 * h)) / (12 * h);
  }

  private static boolean nearKink(double x, double[] kinks) {
    for (double k : kinks) {
      if (Math.abs(x - k) < 1e-2) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyRegisteredNameIsGradientChecked() {
    List<String> covered = new ArrayList<>();
    for (Case c : elementwiseCases()) {
      covered.add(c.f().name());
    }
    covered.add("softmax");
    covered.add("log_softmax");
    for (String name : Activations.names()) {
      String canonical = Activations.get(name).name();
      assertTrue(covered.contains(canonical), "no gradient check for " + name);
    }
  }

  @Test
  void elementwiseBackwardMatchesCentralDifferences() {
    SplittableRandom rng = new SplittableRandom(42);
    for (Case c : elementwiseCases()) {
      int n = 400;
      double[] x = new double[n + 3];
      for (int i = 0; i < x.length; i++) {
        double v;
        do {
          v = c.lo() + (c.hi() - c.lo()) * rng.nextDouble();
        } while (nearKink(v, c.kinks()));
        x[i] = v;
      }
      double[] y = new double[x.length];
      int off = 3; // exercise the offset contract too
      c.f().forward(x, y, off, n, n);
      double[] dy = new double[x.length];
      for (int i = 0; i < dy.length; i++) {
        dy[i] = rng.nextDouble() * 2 - 1;
      }
      double[] dx = new double[x.length];
      c.f().backward(x, y, dy, dx, off, n, n);
      for (int i = off; i < off + n; i++) {
        double xi = x[i];
        assertEquals(apply(c.f(), xi), y[i], 0.0, c.f() + " forward on a block vs single value");
        double expected = dy[i] * numericDerivative(v -> apply(c.f(), v), xi);
        assertEquals(expected, dx[i], TOL * Math.max(1.0, Math.abs(expected)), c.f() + " at x=" + xi);
      }
      assertEquals(0.0, dx[0], 0.0, "backward wrote outside its block");
    }
  }

  @Test
  void backwardMayWriteIntoDy() {
    ActivationFunction f = Activations.get("gelu");
    double[] x = {-1.5, 0.3, 2.0};
    double[] y = new double[3];
    f.forward(x, y, 0, 3, 3);
    double[] dy = {0.5, -2.0, 1.0};
    double[] separate = new double[3];
    f.backward(x, y, dy, separate, 0, 3, 3);
    f.backward(x, y, dy, dy, 0, 3, 3);
    for (int i = 0; i < 3; i++) {
      assertEquals(separate[i], dy[i], 0.0);
    }
  }

  private static double rowLoss(ActivationFunction f, double[] x, double[] dy, int off, int len, int cols) {
    double[] y = new double[x.length];
    f.forward(x, y, off, len, cols);
    double s = 0;
    for (int i = off; i < off + len; i++) {
      s += dy[i] * y[i];
    }
    return s;
  }

  private void checkRowwiseGradient(ActivationFunction f) {
    SplittableRandom rng = new SplittableRandom(7);
    int rows = 4;
    int cols = 5;
    int off = 2;
    int len = rows * cols;
    double[] x = new double[off + len];
    double[] dy = new double[off + len];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble() * 8 - 4;
      dy[i] = rng.nextDouble() * 2 - 1;
    }
    double[] y = new double[x.length];
    f.forward(x, y, off, len, cols);
    double[] dx = new double[x.length];
    f.backward(x, y, dy, dx, off, len, cols);
    for (int j = off; j < off + len; j++) {
      final int jj = j;
      double num = numericDerivative(v -> {
        double[] xp = x.clone();
        xp[jj] = v;
        return rowLoss(f, xp, dy, off, len, cols);
      }, x[j]);
      assertEquals(num, dx[j], TOL * Math.max(1.0, Math.abs(num)), f.name() + " d/dx[" + j + "]");
    }
  }

  @Test
  void softmaxBackwardIsTheJacobianVectorProduct() {
    checkRowwiseGradient(Activations.get("softmax"));
  }

  @Test
  void logSoftmaxBackwardMatchesCentralDifferences() {
    checkRowwiseGradient(Activations.get("log_softmax"));
  }

  @Test
  void softmaxRowsAreProbabilities() {
    ActivationFunction f = Activations.get("softmax");
    double[] x = {1000, 1000, 0, Math.log(2), -1000, 5, 7, 1e-3};
    double[] y = new double[x.length];
    f.forward(x, y, 0, 8, 2);
    assertEquals(0.5, y[0], 1e-15);
    assertEquals(0.5, y[1], 1e-15);
    assertEquals(1.0 / 3, y[2], 1e-15);
    assertEquals(2.0 / 3, y[3], 1e-15);
    assertEquals(0.0, y[4], 1e-300);
    assertEquals(1.0, y[5], 0.0);
    for (int r = 0; r < 4; r++) {
      assertEquals(1.0, y[2 * r] + y[2 * r + 1], 1e-15);
    }
    // in place, and a row of 3 against the closed form e^x / sum e^x
    double[] z = {0.1, -0.4, 2.0};
    double denom = Math.exp(0.1) + Math.exp(-0.4) + Math.exp(2.0);
    f.forward(z, z, 0, 3, 3);
    assertEquals(Math.exp(2.0) / denom, z[2], 1e-15);
    assertThrows(IllegalArgumentException.class, () -> f.forward(x, y, 0, 7, 2));
  }

  @Test
  void closedFormValues() {
    assertEquals(0.8413447460685429, apply(Activations.get("gelu"), 1.0), 1e-16);
    double c = Math.sqrt(2 / Math.PI);
    assertEquals(0.5 * (1 + Math.tanh(c * (1 + 0.044715))), apply(Activations.get("gelu_approximate"), 1.0), 1e-15);
    assertSame(Activations.get("gelu_approximate"), Activations.gelu(true));
    assertSame(Activations.get("gelu"), Activations.gelu(false));

    double alpha = 1.6732632423543772848170429916717;
    double scale = 1.0507009873554804934193349852946;
    assertEquals(scale * alpha * (Math.exp(-1) - 1), apply(Activations.get("selu"), -1.0), 1e-15);
    assertEquals(scale * 2, apply(Activations.get("selu"), 2.0), 1e-15);
    assertEquals(Math.exp(-2) - 1, apply(Activations.get("elu"), -2.0), 1e-15);
    assertEquals(0.5 * (Math.exp(-2) - 1), apply(Activations.elu(0.5), -2.0), 1e-15);

    assertEquals(1000.0, apply(Activations.get("softplus"), 1000.0), 0.0);
    double tiny = apply(Activations.get("softplus"), -1000.0);
    assertTrue(tiny >= 0 && tiny < 1e-300, "softplus(-1000) = " + tiny);
    assertEquals(Math.log(2), apply(Activations.get("softplus"), 0.0), 1e-16);
    assertEquals(Math.log(1 + Math.E), apply(Activations.get("softplus"), 1.0), 1e-15);
    assertEquals(Math.exp(-40), Activations.softplus(-40), 1e-15 * Math.exp(-40));

    // sigmoid keeps relative precision in the left tail
    assertEquals(Math.exp(-30) / (1 + Math.exp(-30)), Activations.sigmoid(-30), 1e-15 * Math.exp(-30));
    assertEquals(0.5, Activations.sigmoid(0), 0.0);
    assertEquals(1 / (1 + Math.exp(-1.3)), apply(Activations.get("sigmoid"), 1.3), 1e-16);
    assertEquals(Math.tanh(0.7), Activations.tanh(0.7), 0.0);

    assertEquals(0.75, apply(Activations.get("softsign"), 3.0), 1e-16);
    assertEquals(-0.2, apply(Activations.get("leaky_relu"), -1.0), 1e-16);
    assertEquals(6.0, apply(Activations.get("relu6"), 7.5), 0.0);
    assertEquals(4.0 / 6, apply(Activations.get("hard_sigmoid"), 1.0), 1e-16);
    assertEquals(0.0, apply(Activations.get("hard_sigmoid"), -3.5), 0.0);
    assertEquals(1.0, apply(Activations.get("hard_sigmoid"), 3.0), 0.0);
    assertEquals(0.7, apply(Activations.get("hard_sigmoid_keras2"), 1.0), 1e-16);
    assertEquals(1.0, apply(Activations.get("hard_sigmoid_keras2"), 2.6), 0.0);
    assertEquals(1.0 * 4 / 6, apply(Activations.get("hard_swish"), 1.0), 1e-16);
    assertEquals(Math.exp(1.5), apply(Activations.get("exponential"), 1.5), 1e-15);
    assertEquals(2.0 / (1 + Math.exp(-2)), apply(Activations.get("swish"), 2.0), 1e-15);
    assertEquals(Math.tanh(Math.log(1 + Math.E)), apply(Activations.get("mish"), 1.0), 1e-15);
  }

  @Test
  void kerasReluDocExamples() {
    double[] x = {-10, -5, 0.0, 5, 10};
    assertRow(new double[] {0, 0, 0, 5, 10}, Activations.get("relu"), x);
    assertRow(new double[] {-5, -2.5, 0, 5, 10}, Activations.relu(0.5, Double.POSITIVE_INFINITY, 0), x);
    assertRow(new double[] {0, 0, 0, 5, 5}, Activations.relu(0, 5.0, 0), x);
    assertRow(new double[] {0, 0, 0, 0, 10}, Activations.relu(0, Double.POSITIVE_INFINITY, 5.0), x);
    assertSame(Activations.get("relu"), Activations.relu(0, Double.POSITIVE_INFINITY, 0));
    assertThrows(IllegalArgumentException.class, () -> Activations.relu(0, Double.NaN, 0));
  }

  private static void assertRow(double[] expected, ActivationFunction f, double[] x) {
    for (int i = 0; i < x.length; i++) {
      assertEquals(expected[i], apply(f, x[i]), 1e-15, f + " at " + x[i]);
    }
  }

  private static double derivativeAt(ActivationFunction f, double x) {
    double[] in = {x};
    double[] out = new double[1];
    f.forward(in, out, 0, 1, 1);
    double[] dx = new double[1];
    f.backward(in, out, new double[] {1.0}, dx, 0, 1, 1);
    return dx[0];
  }

  @Test
  void kinksFollowTensorFlow() {
    assertEquals(0.0, derivativeAt(Activations.get("relu"), 0.0), 0.0);
    assertEquals(0.0, derivativeAt(Activations.get("relu6"), 0.0), 0.0);
    assertEquals(0.0, derivativeAt(Activations.get("relu6"), 6.0), 0.0);
    assertEquals(0.2, derivativeAt(Activations.get("leaky_relu"), 0.0), 0.0);
    assertEquals(0.0, derivativeAt(Activations.get("hard_sigmoid"), 3.0), 0.0);
    assertEquals(0.0, derivativeAt(Activations.get("hard_sigmoid"), -3.0), 0.0);
    assertEquals(0.2, derivativeAt(Activations.get("hard_sigmoid_keras2"), 2.5), 0.0);
    assertEquals(0.2, derivativeAt(Activations.get("hard_sigmoid_keras2"), -2.5), 0.0);
    assertEquals(1.0, derivativeAt(Activations.get("elu"), 0.0), 0.0);
  }

  @Test
  void namesAreCaseInsensitiveWithKerasAliases() {
    assertSame(Activations.get("relu"), Activations.get("ReLU"));
    assertSame(Activations.get("silu"), Activations.get("swish"));
    assertSame(Activations.get("hard_silu"), Activations.get("HARD_SWISH"));
    assertEquals("linear", Activations.get(null).name());
    assertEquals("linear", Activations.get("").name());
    for (String n : new String[] {"softmax", "elu", "selu", "softplus", "softsign", "relu", "relu6", "tanh",
        "sigmoid", "hard_sigmoid", "hard_sigmoid_keras2", "exponential", "linear", "leaky_relu", "gelu",
        "gelu_approximate", "swish", "silu", "mish"}) {
      assertTrue(Activations.names().contains(n), n);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.get("relu7"));
    assertTrue(e.getMessage().contains("relu7") && e.getMessage().contains("softmax")
        && e.getMessage().contains("gelu"), e.getMessage());
  }
}
