package io.tidecast.models.layers;

import io.tidecast.models.Activations;
import java.util.Map;

/** Keras {@code ELU(alpha=1.0)}: {@code x} for {@code x > 0}, else {@code alpha * (exp(x) - 1)}. */
public class ELU extends FunctionLayer<ELU> {
  private final double alpha;

  public ELU() {
    this(1.0);
  }

  public ELU(double alpha) {
    super(Activations.elu(alpha));
    this.alpha = alpha;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("alpha", alpha);
    return c;
  }
}
