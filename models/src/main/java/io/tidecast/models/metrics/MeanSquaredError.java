package io.tidecast.models.metrics;

/** Keras metric {@code mean_squared_error}. */
public final class MeanSquaredError extends ElementwiseMetric {
  public MeanSquaredError() {
    this("mean_squared_error");
  }

  public MeanSquaredError(String name) {
    super(name);
  }

  @Override
  double value(double y, double p) {
    double d = p - y;
    return d * d;
  }
}
