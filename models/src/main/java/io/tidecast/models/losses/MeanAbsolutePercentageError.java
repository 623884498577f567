package io.tidecast.models.losses;

/**
 * Keras {@code mean_absolute_percentage_error}: {@code 100 * mean(|y - p| / max(|y|, 1e-7))} over the last
 * axis. The floor on {@code |y|} keeps zero targets finite (but huge), as in Keras.
 */
public final class MeanAbsolutePercentageError extends ElementwiseLoss {
  static final double EPSILON = 1e-7;

  @Override
  public String name() {
    return "mean_absolute_percentage_error";
  }

  @Override
  double value(double y, double p) {
    return 100.0 * Math.abs(y - p) / Math.max(Math.abs(y), EPSILON);
  }

  @Override
  double derivative(double y, double p) {
    return 100.0 * Math.signum(p - y) / Math.max(Math.abs(y), EPSILON);
  }
}
