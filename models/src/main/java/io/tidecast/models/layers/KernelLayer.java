package io.tidecast.models.layers;

import io.tidecast.models.ActivationFunction;
import io.tidecast.models.Activations;
import io.tidecast.models.Initializer;
import io.tidecast.models.Initializers;
import io.tidecast.models.Regularizer;
import java.util.Map;

/**
 * What Keras's {@code Dense} and {@code Conv1D} share: {@code activation}, {@code use_bias} and the kernel and bias
 * initializers and regularizers, with the same defaults ({@code glorot_uniform}, {@code zeros}, none) and config keys.
 */
public abstract class KernelLayer<T extends KernelLayer<T>> extends Layer<T> {
  ActivationFunction activation = Activations.get("linear");
  boolean useBias = true;
  private Initializer kernelInitializer = Initializers.get("glorot_uniform");
  private Initializer biasInitializer = Initializers.get("zeros");
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;
  /** The last forward pass's input, pre-activation and output, for backward. */
  Tensor lastX;
  Tensor lastZ;
  Tensor lastY;

  KernelLayer() {
  }

  public T activation(String name) {
    this.activation = Activations.get(name);
    return self();
  }

  public T activation(ActivationFunction f) {
    this.activation = f;
    return self();
  }

  public T useBias(boolean b) {
    this.useBias = b;
    return self();
  }

  public T kernelInitializer(Initializer i) {
    this.kernelInitializer = i;
    return self();
  }

  public T kernelInitializer(String name) {
    return kernelInitializer(Initializers.get(name));
  }

  public T biasInitializer(Initializer i) {
    this.biasInitializer = i;
    return self();
  }

  public T biasInitializer(String name) {
    return biasInitializer(Initializers.get(name));
  }

  public T kernelRegularizer(Regularizer r) {
    this.kernelRegularizer = r;
    return self();
  }

  public T biasRegularizer(Regularizer r) {
    this.biasRegularizer = r;
    return self();
  }

  public ActivationFunction activation() {
    return activation;
  }

  Weight addKernel(int[] shape) {
    return addWeight("kernel", shape, kernelInitializer, kernelRegularizer);
  }

  /** The bias weight, or null with {@code use_bias=False}. */
  Weight addBias(int size) {
    return useBias ? addWeight("bias", new int[] {size}, biasInitializer, biasRegularizer) : null;
  }

  /** {@code activation(z)} over rows of {@code width}, keeping x, z and the result for {@link #activationGrad}. */
  final Tensor activate(Tensor x, Tensor z, int width) {
    Tensor y = new Tensor(z.shape);
    activation.forward(z.data, y.data, 0, z.size(), width);
    lastX = x;
    lastZ = z;
    lastY = y;
    return y;
  }

  /** {@code dz = dy * activation'(z)} of the last forward pass. */
  final void activationGrad(Tensor dy, Tensor dz, int width) {
    activation.backward(lastZ.data, lastY.data, dy.data, dz.data, 0, dz.size(), width);
  }

  /** Keras's keys, in Keras's order: activation, use_bias, initializers, regularizers. */
  void putKernelConfig(Map<String, Object> c) {
    c.put("activation", activation.name());
    c.put("use_bias", useBias);
    c.put("kernel_initializer", Layers.serialize(kernelInitializer));
    c.put("bias_initializer", Layers.serialize(biasInitializer));
    c.put("kernel_regularizer", Layers.serialize(kernelRegularizer));
    c.put("bias_regularizer", Layers.serialize(biasRegularizer));
  }
}
