package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras {@code Masking(mask_value=0.0)}: timesteps of {@code (samples, timesteps, features)} input whose
 * features all equal {@code mask_value} are masked. The output is the input with masked timesteps set to
 * zero, and the {@code (samples, timesteps)} mask goes to the next layers: recurrent layers skip masked
 * timesteps, Dense/TimeDistributed/normalisation layers pass the mask on, and the loss ignores masked
 * timesteps of a sequence output (see {@code Sequential}).
 */
public class Masking extends Layer<Masking> {
  private final double maskValue;
  private double[] lastKeep; // per (sample, timestep): 1 keep, 0 masked
  private int features;

  public Masking() {
    this(0.0);
  }

  public Masking(double maskValue) {
    if (!Double.isFinite(maskValue)) {
      throw new IllegalArgumentException("Masking mask_value must be finite, got " + maskValue);
    }
    this.maskValue = maskValue;
  }

  public double maskValue() {
    return maskValue;
  }

  @Override
  protected void build(int[] inputShape) {
    requireRank(inputShape, 2, "(samples, timesteps, features)");
    features = inputShape[1];
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** Keras: {@code any(x != mask_value, axis=-1)}; an incoming mask is replaced, as in Keras. */
  @Override
  public Tensor computeMask(Tensor x, Tensor mask) {
    return new Tensor(keep(x), x.dim(0), x.dim(1));
  }

  private double[] keep(Tensor x) {
    if (x.rank() != 3 || x.dim(2) != features) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Masking) expects input shaped (samples, "
          + "timesteps, features) with " + features + " features; got " + x.shapeString() + ".");
    }
    int rows = x.dim(0) * x.dim(1);
    double[] keep = new double[rows];
    for (int r = 0; r < rows; r++) {
      boolean any = false;
      for (int f = 0; f < features && !any; f++) {
        any = x.data[r * features + f] != maskValue;
      }
      keep[r] = any ? 1.0 : 0.0;
    }
    return keep;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    lastKeep = keep(x);
    Tensor y = new Tensor(x.shape);
    for (int i = 0; i < y.size(); i++) {
      y.data[i] = x.data[i] * lastKeep[i / features];
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    Tensor dx = new Tensor(dy.shape);
    for (int i = 0; i < dx.size(); i++) {
      dx.data[i] = dy.data[i] * lastKeep[i / features];
    }
    return dx;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("mask_value", maskValue);
    return c;
  }
}
