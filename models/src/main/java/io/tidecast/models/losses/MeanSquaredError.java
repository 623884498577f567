package io.tidecast.models.losses;

/** Keras {@code mean_squared_error}: {@code mean((p - y)^2)} over the last axis. */
public final class MeanSquaredError extends ElementwiseLoss {
  @Override
  public String name() {
    return "mean_squared_error";
  }

  @Override
  double value(double y, double p) {
    double d = p - y;
    return d * d;
  }

  @Override
  double derivative(double y, double p) {
    return 2.0 * (p - y);
  }
}
