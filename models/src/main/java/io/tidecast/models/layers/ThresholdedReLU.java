package io.tidecast.models.layers;

import io.tidecast.models.Activations;
import java.util.Map;

/** Keras 2 {@code ThresholdedReLU(theta=1.0)}: {@code x} for {@code x > theta}, else 0. */
public class ThresholdedReLU extends FunctionLayer<ThresholdedReLU> {
  private final double theta;

  public ThresholdedReLU() {
    this(1.0);
  }

  public ThresholdedReLU(double theta) {
    super(Activations.relu(0.0, Double.POSITIVE_INFINITY, checked(theta)));
    this.theta = theta;
  }

  private static double checked(double theta) {
    if (!(theta >= 0) || Double.isInfinite(theta)) { // as Keras
      throw new IllegalArgumentException("ThresholdedReLU theta must be a finite number >= 0, got " + theta);
    }
    return theta;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("theta", theta);
    return c;
  }
}
