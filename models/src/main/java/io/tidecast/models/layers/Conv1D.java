package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras {@code Conv1D(filters, kernel_size, strides=1, padding="valid", dilation_rate=1, activation=None,
 * use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros")} on
 * {@code (samples, timesteps, features)} ("channels_last"). Kernel shape {@code (kernel_size, features,
 * filters)}, bias {@code (filters,)}. Padding {@code "same"} splits the zeros as TensorFlow does (the extra one
 * after); {@code "causal"} puts them all before, so output step t sees inputs up to t only.
 *
 * <p>{@code data_format="channels_first"} takes {@code (samples, features, timesteps)} and gives
 * {@code (samples, filters, steps)}, with the same kernel layout.
 */
public class Conv1D extends KernelLayer<Conv1D> {
  private final int filters;
  private final int kernelSize;
  private int strides = 1;
  private String padding = Padding1D.VALID;
  private int dilationRate = 1;
  private boolean channelsFirst;

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

  /**
   * Keras {@code data_format}: {@code "channels_last"} (default, {@code (samples, timesteps, features)}) or
   * {@code "channels_first"} ({@code (samples, features, timesteps)}).
   */
  public Conv1D dataFormat(String format) {
    if (!"channels_last".equals(format) && !"channels_first".equals(format)) {
      throw new IllegalArgumentException("Conv1D data_format must be \"channels_last\" or \"channels_first\", got "
          + (format == null ? null : "\"" + format + "\""));
    }
    this.channelsFirst = "channels_first".equals(format);
    return this;
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

  /** True with {@code data_format="channels_first"}. */
  public boolean channelsFirst() {
    return channelsFirst;
  }

  /** A {@code (a, b)} sample shape as {@code (b, a)}: channels_first shapes seen channels_last, and back. */
  private int[] layout(int[] sampleShape) {
    return channelsFirst && sampleShape.length == 2 ? new int[] {sampleShape[1], sampleShape[0]} : sampleShape;
  }

  /** {@code (samples, a, b)} as {@code (samples, b, a)} when channels_first, else {@code x} itself. */
  private Tensor layout(Tensor x) {
    if (!channelsFirst) {
      return x;
    }
    int n = x.dim(0);
    int a = x.dim(1);
    int b = x.dim(2);
    Tensor t = new Tensor(n, b, a);
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < a; i++) {
        for (int j = 0; j < b; j++) {
          t.data[(s * b + j) * a + i] = x.data[(s * a + i) * b + j];
        }
      }
    }
    return t;
  }

  @Override
  protected void build(int[] sampleShape) {
    computeOutputShape(sampleShape); // checks the rank and length first
    if (channelsFirst && !(activation instanceof io.tidecast.models.ActivationFunction.Elementwise)) {
      // Keras would apply it along the last axis, the steps: not what the channels_last maths computes
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Conv1D): activation \"" + activation.name()
          + "\" with data_format=\"channels_first\" is not supported (only element-wise activations are); use "
          + "channels_last or a separate layer.");
    }
    int[] inputShape = layout(sampleShape);
    timesteps(inputShape);
    channels = inputShape[1];
    kernel = addKernel(new int[] {kernelSize, channels, filters});
    bias = addBias(filters);
  }

  /** Sets the geometry for {@code (timesteps, features)}: a model with a recurrent first layer varies timesteps. */
  private void timesteps(int[] sampleShape) {
    outSteps = outputShape(sampleShape)[0];
    steps = sampleShape[0];
    padLeft = Padding1D.padLeft(steps, kernelSize, strides, dilationRate, padding);
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    requireRank(inputShape, 2, channelsFirst ? "(samples, features, timesteps) for data_format=\"channels_first\""
        : "(samples, timesteps, features); give the layer inputShape(timesteps, features)");
    return layout(outputShape(layout(inputShape)));
  }

  /** The channels_last output shape for a channels_last input shape. */
  private int[] outputShape(int[] inputShape) {
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
    return layout(forwardLast(layout(x)));
  }

  private Tensor forwardLast(Tensor x) {
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
    return layout(backwardLast(layout(dy)));
  }

  private Tensor backwardLast(Tensor dy) {
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
    c.put("data_format", channelsFirst ? "channels_first" : "channels_last");
    c.put("dilation_rate", new int[] {dilationRate});
    c.put("groups", 1);
    putKernelConfig(c);
    return c;
  }
}
