package io.tidecast.models.layers;

import io.tidecast.models.ActivationFunction;

/**
 * What {@link Activation} and the activation layers ({@link ReLU}, {@link LeakyReLU}, {@link ELU},
 * {@link ThresholdedReLU}, {@link Softmax}) share: a fixed function applied along the last axis, no weights,
 * output shaped as the input, a timestep mask passed on unchanged.
 *
 * @param <T> the concrete layer type
 */
abstract class FunctionLayer<T extends FunctionLayer<T>> extends Layer<T> {
  private final ActivationFunction function;
  private Tensor lastX;
  private Tensor lastY;

  FunctionLayer(ActivationFunction function) {
    this.function = function;
  }

  /** The function this layer applies. */
  public ActivationFunction function() {
    return function;
  }

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
    function.forward(x.data, y.data, 0, x.size(), x.dim(-1));
    lastX = x;
    lastY = y;
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    Tensor dx = new Tensor(dy.shape);
    function.backward(lastX.data, lastY.data, dy.data, dx.data, 0, dx.size(), dy.dim(-1));
    return dx;
  }
}
