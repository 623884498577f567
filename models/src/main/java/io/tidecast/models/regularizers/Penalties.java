package io.tidecast.models.regularizers;

/** The L1 and L2 sums shared by the regularizers. */
final class Penalties {
  private Penalties() {
  }

  /** Keras' validate_float_arg: a finite, non-negative factor. */
  static double check(String name, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          "Invalid value for argument " + name + ": expected a non-negative float. Received: " + name + "=" + value);
    }
    return value;
  }

  static double penalty(double[] w, double l1, double l2) {
    double a = 0;
    double s = 0;
    for (double x : w) {
      a += Math.abs(x);
      s += x * x;
    }
    return l1 * a + l2 * s;
  }

  /** grad += l1 * sign(w) + 2 * l2 * w, with sign(0) = 0. */
  static void addGradient(double[] w, double[] grad, double l1, double l2) {
    if (grad.length < w.length) {
      throw new IllegalArgumentException("gradient array (" + grad.length + ") shorter than weights (" + w.length + ")");
    }
    double twoL2 = 2.0 * l2;
    for (int i = 0; i < w.length; i++) {
      double x = w[i];
      grad[i] += l1 * Math.signum(x) + twoL2 * x;
    }
  }
}
