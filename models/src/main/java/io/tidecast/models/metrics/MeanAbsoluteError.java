package io.tidecast.models.metrics;

/** Keras metric {@code mean_absolute_error}. */
public final class MeanAbsoluteError extends ElementwiseMetric {
  public MeanAbsoluteError() {
    this("mean_absolute_error");
  }

  public MeanAbsoluteError(String name) {
    super(name);
  }

  @Override
  double value(double y, double p) {
    return Math.abs(p - y);
  }
}
