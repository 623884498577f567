package io.tidecast.models.layers;

import io.tidecast.models.Activations;
import java.util.Map;

/**
 * Keras {@code ReLU(max_value=None, negative_slope=0.0, threshold=0.0)}: {@code x} above {@code threshold}
 * (capped at {@code max_value}), {@code negative_slope * (x - threshold)} below it.
 */
public class ReLU extends FunctionLayer<ReLU> {
  private final double maxValue;
  private final double negativeSlope;
  private final double threshold;

  /** Keras's defaults: a plain relu. */
  public ReLU() {
    this(Double.POSITIVE_INFINITY, 0.0, 0.0);
  }

  /** {@code maxValue}: {@code Double.POSITIVE_INFINITY} for Keras's {@code max_value=None}. */
  public ReLU(double maxValue, double negativeSlope, double threshold) {
    super(Activations.relu(negativeSlope, check(maxValue, negativeSlope, threshold), threshold));
    this.maxValue = maxValue;
    this.negativeSlope = negativeSlope;
    this.threshold = threshold;
  }

  private static double check(double maxValue, double negativeSlope, double threshold) {
    if (!(maxValue >= 0)) { // as Keras: also refuses NaN
      throw new IllegalArgumentException("ReLU max_value of " + maxValue + " is not allowed: it must be >= 0 "
          + "(or None).");
    }
    if (!(negativeSlope >= 0) || Double.isInfinite(negativeSlope)) {
      throw new IllegalArgumentException("ReLU negative_slope of " + negativeSlope + " is not allowed: it must be a "
          + "finite number >= 0.");
    }
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("ReLU threshold must be a finite number, got " + threshold);
    }
    return maxValue;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("max_value", maxValue == Double.POSITIVE_INFINITY ? null : maxValue);
    c.put("negative_slope", negativeSlope);
    c.put("threshold", threshold);
    return c;
  }
}
