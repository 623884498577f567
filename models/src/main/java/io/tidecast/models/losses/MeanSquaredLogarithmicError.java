package io.tidecast.models.losses;

/**
 * Keras {@code mean_squared_logarithmic_error}:
 * {@code mean((log(max(p, 1e-7) + 1) - log(max(y, 1e-7) + 1))^2)} over the last axis.
 */
public final class MeanSquaredLogarithmicError extends ElementwiseLoss {
  static final double EPSILON = 1e-7;

  @Override
  public String name() {
    return "mean_squared_logarithmic_error";
  }

  @Override
  double value(double y, double p) {
    double d = Math.log1p(Math.max(p, EPSILON)) - Math.log1p(Math.max(y, EPSILON));
    return d * d;
  }

  @Override
  double derivative(double y, double p) {
    // tf.maximum passes the gradient to its first argument when it is >= the second
    if (p < EPSILON) {
      return 0.0;
    }
    double d = Math.log1p(p) - Math.log1p(Math.max(y, EPSILON));
    return 2.0 * d / (p + 1.0);
  }
}
