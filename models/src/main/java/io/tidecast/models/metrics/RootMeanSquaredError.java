package io.tidecast.models.metrics;

/**
 * Keras {@code RootMeanSquaredError}: the square root of the mean squared error accumulated over all
 * batches (not the mean of per-batch roots).
 */
public final class RootMeanSquaredError extends ElementwiseMetric {
  public RootMeanSquaredError() {
    this("root_mean_squared_error");
  }

  public RootMeanSquaredError(String name) {
    super(name);
  }

  @Override
  double value(double y, double p) {
    double d = p - y;
    return d * d;
  }

  @Override
  public double result() {
    return Math.sqrt(super.result());
  }
}
