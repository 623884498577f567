package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras {@code Dense(units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
 * bias_initializer="zeros")}: {@code activation(x . kernel + bias)} on the last axis, so it applies per
 * timestep to {@code (samples, timesteps, features)} input. Kernel shape {@code (input_dim, units)}.
 */
public class Dense extends KernelLayer<Dense> {
  private final int units;

  private Weight kernel;
  private Weight bias;
  private int inputDim;
  private Tensor lastDz;

  public Dense(int units) {
    if (units <= 0) {
      throw new IllegalArgumentException("Dense units must be a positive integer, got " + units);
    }
    this.units = units;
  }

  public Dense(int units, String activation) {
    this(units);
    activation(activation);
  }

  public int units() {
    return units;
  }

  @Override
  protected void build(int[] inputShape) {
    if (inputShape.length < 1) {
      throw new IllegalArgumentException("Dense needs input of shape (samples, features) or "
          + "(samples, timesteps, features); got " + Tensor.shapeString(withBatch(inputShape)));
    }
    inputDim = inputShape[inputShape.length - 1];
    kernel = addKernel(new int[] {inputDim, units});
    bias = addBias(units);
  }

  /** Keras: passes a timestep mask on unchanged. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    int[] out = inputShape.clone();
    out[out.length - 1] = units;
    return out;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    int rows = x.size() / inputDim;
    int[] outShape = x.shape.clone();
    outShape[outShape.length - 1] = units;
    Tensor z = lastZ != null && java.util.Arrays.equals(lastZ.shape, outShape) ? lastZ : new Tensor(outShape);
    Kernels.matmul(x.data, 0, kernel.value, 0, z.data, 0, rows, inputDim, units, false);
    if (useBias) {
      Kernels.addBias(z.data, 0, bias.value, rows, units);
    }
    return activate(x, z, units);
  }

  @Override
  public Tensor backward(Tensor dy) {
    int rows = lastX.size() / inputDim;
    // dz is internal to this call: reuse it while shapes repeat (y and dx go to callers, so they stay fresh)
    Tensor dz = lastDz != null && java.util.Arrays.equals(lastDz.shape, dy.shape) ? lastDz : new Tensor(dy.shape);
    lastDz = dz;
    activationGrad(dy, dz, units);
    Kernels.matmulTransA(lastX.data, 0, dz.data, 0, kernel.grad, 0, rows, inputDim, units);
    if (useBias) {
      Kernels.addColumnSums(dz.data, 0, bias.grad, rows, units);
    }
    Tensor dx = new Tensor(lastX.shape);
    Kernels.matmulTransB(dz.data, 0, kernel.value, 0, dx.data, 0, rows, units, inputDim, false);
    return dx;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("units", units);
    putKernelConfig(c);
    return c;
  }
}
