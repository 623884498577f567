package io.tidecast.models.layers;

import io.tidecast.models.ActivationFunction;
import io.tidecast.models.Activations;
import java.util.Map;

/** Keras {@code Activation(activation)}: applies an activation function along the last axis. */
public class Activation extends Layer<Activation> {
  private final ActivationFunction activation;
  private Tensor lastX;
  private Tensor lastY;

  public Activation(String name) {
    this.activation = Activations.get(name);
  }

  public Activation(ActivationFunction f) {
    this.activation = f;
  }

  /** Keras: passes a timestep mask on unchanged. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    Tensor y = new Tensor(x.shape);
    activation.forward(x.data, y.data, 0, x.size(), x.dim(-1));
    lastX = x;
    lastY = y;
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    Tensor dx = new Tensor(dy.shape);
    activation.backward(lastX.data, lastY.data, dy.data, dx.data, 0, dx.size(), dy.dim(-1));
    return dx;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("activation", activation.name());
    return c;
  }

  /** The activation function this layer applies. */
  public ActivationFunction function() {
    return activation;
  }
}
