package io.tidecast.models.layers;

import io.tidecast.models.ActivationFunction;
import io.tidecast.models.Activations;
import java.util.Map;

/** Keras {@code Activation(activation)}: applies an activation function along the last axis. */
public class Activation extends FunctionLayer<Activation> {
  public Activation(String name) {
    super(Activations.get(name));
  }

  public Activation(ActivationFunction f) {
    super(f);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("activation", function().name());
    return c;
  }
}
