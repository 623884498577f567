package io.tidecast.models.losses;

/**
 * Keras {@code log_cosh}: {@code mean(log(cosh(p - y)))} over the last axis, evaluated stably as
 * {@code x + softplus(-2x) - log(2)} so large errors don't overflow {@code cosh}.
 */
public final class LogCosh extends ElementwiseLoss {
  private static final double LOG2 = Math.log(2.0);

  @Override
  public String name() {
    return "log_cosh";
  }

  @Override
  double value(double y, double p) {
    double x = p - y;
    return x + softplus(-2.0 * x) - LOG2;
  }

  @Override
  double derivative(double y, double p) {
    // d/dx [x + softplus(-2x)] = 1 - 2 sigmoid(-2x) = tanh(x)
    return Math.tanh(p - y);
  }

  static double softplus(double z) {
    return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
  }
}
