package io.tidecast.models.losses;

/**
 * Keras {@code huber} with {@code delta} (default 1.0): for {@code e = p - y}, {@code 0.5 e^2} if
 * {@code |e| <= delta}, else {@code delta |e| - 0.5 delta^2}; mean over the last axis.
 */
public final class Huber extends ElementwiseLoss {
  private final double delta;

  public Huber() {
    this(1.0);
  }

  public Huber(double delta) {
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("delta must be a positive finite number, got " + delta);
    }
    this.delta = delta;
  }

  public double delta() {
    return delta;
  }

  @Override
  public String name() {
    return "huber";
  }

  @Override
  double value(double y, double p) {
    double e = p - y;
    double a = Math.abs(e);
    return a <= delta ? 0.5 * e * e : delta * a - 0.5 * delta * delta;
  }

  @Override
  double derivative(double y, double p) {
    double e = p - y;
    return Math.abs(e) <= delta ? e : delta * Math.signum(e);
  }
}
