package io.tidecast.models.layers;

import io.tidecast.models.Activations;
import java.util.Map;

/**
 * Keras {@code LeakyReLU(negative_slope=0.3)} (Keras 2's {@code alpha}): {@code x} for {@code x > 0}, else
 * {@code negative_slope * x}.
 */
public class LeakyReLU extends FunctionLayer<LeakyReLU> {
  private final double negativeSlope;

  /** Keras's default slope, 0.3. */
  public LeakyReLU() {
    this(0.3);
  }

  public LeakyReLU(double negativeSlope) {
    super(Activations.leakyRelu(negativeSlope));
    this.negativeSlope = negativeSlope;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("negative_slope", negativeSlope);
    return c;
  }
}
