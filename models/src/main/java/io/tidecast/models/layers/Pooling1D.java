package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras's base of the 1-D pooling layers: windows of {@code pool_size} timesteps moved by {@code strides}
 * (default {@code pool_size}) over {@code (samples, timesteps, features)}, per feature. With padding
 * {@code "same"} the windows hanging over the ends cover only real timesteps (TensorFlow ignores the padding).
 *
 * @param <T> the concrete pooling layer
 */
public abstract class Pooling1D<T extends Pooling1D<T>> extends Layer<T> {
  private final int poolSize;
  private int strides;
  private String padding = Padding1D.VALID;

  int steps;
  int features;
  int outSteps;
  int padLeft;

  Pooling1D(int poolSize) {
    if (poolSize <= 0) {
      throw new IllegalArgumentException(className() + " pool_size must be a positive integer, got " + poolSize);
    }
    this.poolSize = poolSize;
    this.strides = poolSize;
  }

  /** Keras {@code strides}; default (and {@code None}) is {@code pool_size}. */
  public T strides(int s) {
    if (s <= 0) {
      throw new IllegalArgumentException(className() + " strides must be a positive integer, got " + s);
    }
    this.strides = s;
    return self();
  }

  public T padding(String p) {
    this.padding = Padding1D.check(p, false, className());
    return self();
  }

  public int poolSize() {
    return poolSize;
  }

  public int strides() {
    return strides;
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    requireRank(inputShape, 2, "(samples, timesteps, features); give the layer inputShape(timesteps, features)");
    int out = Padding1D.outputLength(inputShape[0], poolSize, strides, 1, padding);
    if (out <= 0) {
      throw Padding1D.tooShort(this, inputShape, "pool_size=" + poolSize);
    }
    return new int[] {out, inputShape[1]};
  }

  @Override
  protected void build(int[] inputShape) {
    computeOutputShape(inputShape);
    features = inputShape[1];
    timesteps(inputShape[0]);
  }

  /** Sets the geometry for {@code x}'s timesteps (a model with a recurrent first layer varies them). */
  final void timesteps(int n) {
    if (n != steps) {
      outSteps = computeOutputShape(new int[] {n, features})[0];
      steps = n;
      padLeft = Padding1D.padLeft(steps, poolSize, strides, 1, padding);
    }
  }

  /** First input timestep of output step {@code t}'s window, clipped to the input. */
  final int windowStart(int t) {
    return Math.max(0, t * strides - padLeft);
  }

  /** One past the last input timestep of output step {@code t}'s window, clipped to the input. */
  final int windowEnd(int t) {
    return Math.min(steps, t * strides - padLeft + poolSize);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("pool_size", new int[] {poolSize});
    c.put("padding", padding);
    c.put("strides", new int[] {strides});
    c.put("data_format", "channels_last");
    return c;
  }
}
