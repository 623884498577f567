package io.tidecast.models;

/**
 * Keras {@code relu(x, negative_slope, max_value, threshold)}, following Keras 3's {@code ReLU.static_call}
 * branch for branch so odd argument combinations (e.g. a negative threshold) give Keras' values.
 * {@code maxValue = +infinity} stands for Keras' {@code max_value=None}.
 */
final class ParametricRelu extends ActivationFunction.Elementwise {
  private final double slope;
  private final double maxValue;
  private final double threshold;
  private final boolean leakyOnly;
  private final boolean relu6;
  private final boolean clipMax;

  ParametricRelu(double negativeSlope, double maxValue, double threshold) {
    if (Double.isNaN(negativeSlope) || Double.isInfinite(negativeSlope)) {
      throw new IllegalArgumentException("relu: negative_slope must be a finite number, got " + negativeSlope);
    }
    if (Double.isNaN(maxValue) || maxValue == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(
          "relu: max_value must be a number (use Double.POSITIVE_INFINITY for no maximum), got " + maxValue);
    }
    if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("relu: threshold must be a finite number, got " + threshold);
    }
    this.slope = negativeSlope;
    this.maxValue = maxValue;
    this.threshold = threshold;
    boolean hasMax = maxValue != Double.POSITIVE_INFINITY;
    this.leakyOnly = negativeSlope != 0.0 && !hasMax && threshold == 0.0;
    this.relu6 = threshold == 0.0 && maxValue == 6.0;
    this.clipMax = hasMax && !relu6;
  }

  @Override
  public String name() {
    return "relu";
  }

  @Override
  public double apply(double x) {
    if (leakyOnly) {
      return x > 0 ? x : slope * x;
    }
    double a;
    if (threshold != 0.0) {
      a = x > threshold ? x : 0.0;
    } else if (relu6) {
      a = x > 0 ? (x < 6.0 ? x : 6.0) : 0.0;
    } else {
      a = x > 0 ? x : 0.0;
    }
    if (clipMax) {
      a = Math.min(Math.max(a, 0.0), maxValue);
    }
    if (slope != 0.0) {
      double neg = threshold - x; // relu(-x + threshold)
      a -= slope * (neg > 0 ? neg : 0.0);
    }
    return a;
  }

  @Override
  public double derivative(double x, double y) {
    if (leakyOnly) {
      return x > 0 ? 1.0 : slope;
    }
    double g;
    double a;
    if (threshold != 0.0) {
      g = x > threshold ? 1.0 : 0.0;
      a = x > threshold ? x : 0.0;
    } else if (relu6) {
      g = x > 0 && x < 6.0 ? 1.0 : 0.0;
      a = 0.0;
    } else {
      g = x > 0 ? 1.0 : 0.0;
      a = x > 0 ? x : 0.0;
    }
    if (clipMax && (a < 0.0 || a > maxValue)) {
      g = 0.0; // clip passes the gradient only inside [0, max], edges included
    }
    if (slope != 0.0 && threshold - x > 0) {
      g += slope;
    }
    return g;
  }

  @Override
  public String toString() {
    return "relu(negative_slope=" + slope + ", max_value="
        + (maxValue == Double.POSITIVE_INFINITY ? "None" : maxValue) + ", threshold=" + threshold + ")";
  }
}
