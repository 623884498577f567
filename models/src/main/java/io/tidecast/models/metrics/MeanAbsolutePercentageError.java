package io.tidecast.models.metrics;

/** Keras metric {@code mean_absolute_percentage_error}: {@code 100 |y - p| / max(|y|, 1e-7)}. */
public final class MeanAbsolutePercentageError extends ElementwiseMetric {
  private static final double EPSILON = 1e-7;

  public MeanAbsolutePercentageError() {
    this("mean_absolute_percentage_error");
  }

  public MeanAbsolutePercentageError(String name) {
    super(name);
  }

  @Override
  double value(double y, double p) {
    return 100.0 * Math.abs(y - p) / Math.max(Math.abs(y), EPSILON);
  }
}
