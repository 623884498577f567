package io.tidecast.models.losses;

/**
 * Keras {@code binary_crossentropy}, mean over the last axis. With probabilities ({@code fromLogits=false},
 * the default) {@code p} is clipped to {@code [1e-7, 1 - 1e-7]} and the loss is
 * {@code -(y log p + (1 - y) log(1 - p))}; where clipping is active the gradient is 0 (as TF's
 * {@code clip_by_value}). With logits: {@code max(x, 0) - x y + log(1 + exp(-|x|))}.
 */
public final class BinaryCrossentropy extends ElementwiseLoss {
  static final double EPSILON = 1e-7;
  private final boolean fromLogits;

  public BinaryCrossentropy() {
    this(false);
  }

  public BinaryCrossentropy(boolean fromLogits) {
    this.fromLogits = fromLogits;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public String name() {
    return "binary_crossentropy";
  }

  @Override
  double value(double y, double p) {
    if (fromLogits) {
      return Math.max(p, 0.0) - p * y + Math.log1p(Math.exp(-Math.abs(p)));
    }
    double c = Math.min(1.0 - EPSILON, Math.max(EPSILON, p));
    return -(y * Math.log(c) + (1.0 - y) * Math.log(1.0 - c));
  }

  @Override
  double derivative(double y, double p) {
    if (fromLogits) {
      return 1.0 / (1.0 + Math.exp(-p)) - y;
    }
    if (p < EPSILON || p > 1.0 - EPSILON) {
      return 0.0;
    }
    return -y / p + (1.0 - y) / (1.0 - p);
  }
}
