package io.tidecast.models.losses;

/** Keras {@code mean_absolute_error}: {@code mean(|p - y|)} over the last axis (subgradient 0 at p == y). */
public final class MeanAbsoluteError extends ElementwiseLoss {
  @Override
  public String name() {
    return "mean_absolute_error";
  }

  @Override
  double value(double y, double p) {
    return Math.abs(p - y);
  }

  @Override
  double derivative(double y, double p) {
    return Math.signum(p - y);
  }
}
