package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras {@code Conv1D(filters, kernel_size, strides=1, padding="valid", dilation_rate=1, activation=None,
 * use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros")} on
 * {@code (samples, timesteps, features)} ("channels_last"). Kernel shape {@code (kernel_size, features,
 * filters)}, bias {@code (filters,)}. Padding {@code "same"} splits the zeros as TensorFlow does (the extra one
 * after); {@code "causal"} puts them all before, so output step t sees inputs up to t only.
 */
public class Conv1D extends KernelLayer<Conv1D> {
  private final int filters;
  private final int kernelSize;
  private int strides = 1;
  private String padding = Padding1D.VALID;
  private int dilationRate = 1;

  private Weight kernel;
  private Weight bias;
  private int steps;
  private int channels;
  private int outSteps;
  private int padLeft;

  public Conv1D(int filters, int kernelSize) {
    if (filters <= 0) {
      throw new IllegalArgumentException("Conv1D filters must be a positive integer, got " + filters);
    }
    if (kernelSize <= 0) {
      throw new IllegalArgumentException("Conv1D kernel_size must be a positive integer, got " + kernelSize);
    }
    this.filters = filters;
    this.kernelSize = kernelSize;
  }

  public Conv1D(int filters, int kernelSize, String activation) {
    this(filters, kernelSize);
    activation(activation);
  }

  public Conv1D strides(int s) {
    if (s <= 0) {
      throw new IllegalArgumentException("Conv1D strides must be a positive integer, got " + s);
    }
    this.strides = s;
    return checkStridesAndDilation();
  }

  /** {@code "valid"} (no padding), {@code "same"} (output has ceil(timesteps/strides) steps) or {@code "causal"}. */
  public Conv1D padding(String p) {
    this.padding = Padding1D.check(p, true, "Conv1D");
    return this;
  }

  public Conv1D dilationRate(int d) {
    if (d <= 0) {
      throw new IllegalArgumentException("Conv1D dilation_rate must be a positive integer, got " + d);
    }
    this.dilationRate = d;
    return checkStridesAndDilation();
  }

  private Conv1D checkStridesAndDilation() {
    if (strides > 1 && dilationRate > 1) { // as Keras: the two together are not supported
      throw new IllegalArgumentException("Conv1D: strides > 1 not supported in conjunction with dilation_rate > 1. "
          + "Received: strides=" + strides + " and dilation_rate=" + dilationRate + ".");
    }
    return this;
  }

  public int filters() {
    return filters;
  }

  public int kernelSize() {
    return kernelSize;
  }

  @Override
  protected void build(int[] inputShape) {
    timesteps(inputShape);
    channels = inputShape[1];
    kernel = addKernel(new int[] {kernelSize, channels, filters});
    bias = addBias(filters);
  }

  /** Sets the geometry for {@code (timesteps, features)}: a model with a recurrent first layer varies timesteps. */
  private void timesteps(int[] sampleShape) {
    outSteps = computeOutputShape(sampleShape)[0];
    steps = sampleShape[0];
    padLeft = Padding1D.padLeft(steps, kernelSize, strides, dilationRate, padding);
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    requireRank(inputShape, 2, "(samples, timesteps, features); give the layer inputShape(timesteps, features)");
    int out = Padding1D.outputLength(inputShape[0], kernelSize, strides, dilationRate, padding);
    if (out <= 0) {
      throw Padding1D.tooShort(this, inputShape, "kernel_size=" + kernelSize
          + (dilationRate > 1 ? " with dilation_rate=" + dilationRate + " (a span of "
          + Padding1D.span(kernelSize, dilationRate) + " timesteps)" : ""));
    }
    return new int[] {out, filters};
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    if (x.dim(1) != steps) {
      timesteps(new int[] {x.dim(1), channels});
    }
    int batch = x.dim(0);
    Tensor z = new Tensor(batch, outSteps, filters);
    if (useBias) {
      Kernels.addBias(z.data, 0, bias.value, batch * outSteps, filters);
    }
    // one strided GEMM per (sample, tap): output rows t take input rows t*strides + tap*dilation - padLeft
    for (int b = 0; b < batch; b++) {
      for (int tap = 0; tap < kernelSize; tap++) {
        int off = tap * dilationRate - padLeft;
        int t0 = Padding1D.firstStep(off, strides);
        int t1 = Padding1D.endStep(off, strides, steps, outSteps);
        if (t1 > t0) {
          Kernels.gemm(x.data, (b * steps + t0 * strides + off) * channels, strides * channels,
              kernel.value, tap * channels * filters, filters, z.data, (b * outSteps + t0) * filters, filters,
              t1 - t0, channels, filters, true);
        }
      }
    }
    return activate(x, z, filters);
  }

  @Override
  public Tensor backward(Tensor dy) {
    int batch = lastX.dim(0);
    Tensor dz = new Tensor(dy.shape);
    activationGrad(dy, dz, filters);
    if (useBias) {
      Kernels.addColumnSums(dz.data, 0, bias.grad, batch * outSteps, filters);
    }
    Tensor dx = new Tensor(lastX.shape);
    for (int b = 0; b < batch; b++) {
      for (int tap = 0; tap < kernelSize; tap++) {
        int off = tap * dilationRate - padLeft;
        int t0 = Padding1D.firstStep(off, strides);
        int t1 = Padding1D.endStep(off, strides, steps, outSteps);
        if (t1 > t0) {
          int xOff = (b * steps + t0 * strides + off) * channels;
          int zOff = (b * outSteps + t0) * filters;
          Kernels.gemmTransA(lastX.data, xOff, strides * channels, dz.data, zOff, filters, kernel.grad,
              tap * channels * filters, filters, t1 - t0, channels, filters);
          Kernels.gemmTransB(dz.data, zOff, filters, kernel.value, tap * channels * filters, filters, dx.data, xOff,
              strides * channels, t1 - t0, filters, channels, true);
        }
      }
    }
    return dx;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("filters", filters);
    c.put("kernel_size", new int[] {kernelSize});
    c.put("strides", new int[] {strides});
    c.put("padding", padding);
    c.put("data_format", "channels_last");
    c.put("dilation_rate", new int[] {dilationRate});
    c.put("groups", 1);
    putKernelConfig(c);
    return c;
  }
}
