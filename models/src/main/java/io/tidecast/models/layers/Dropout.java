package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras {@code Dropout(rate, noise_shape=None, seed=None)}: in training, zeroes each input with
 * probability {@code rate} and scales the rest by {@code 1/(1-rate)}; at inference it is the identity.
 */
public class Dropout extends Layer<Dropout> {
  private final double rate;
  private Long seed;
  private java.util.SplittableRandom own;
  private double[] mask;

  public Dropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Dropout rate must be in [0, 1), got " + rate);
    }
    this.rate = rate;
  }

  public Dropout seed(long seed) {
    this.seed = seed;
    this.own = new java.util.SplittableRandom(seed);
    return this;
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
    if (!training || rate == 0) {
      mask = null;
      return x;
    }
    java.util.SplittableRandom r = own != null ? own : rng;
    double keep = 1.0 - rate;
    double scale = 1.0 / keep;
    mask = new double[x.size()];
    Tensor y = new Tensor(x.shape);
    for (int i = 0; i < mask.length; i++) {
      mask[i] = r.nextDouble() < keep ? scale : 0.0;
      y.data[i] = x.data[i] * mask[i];
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    if (mask == null) {
      return dy;
    }
    Tensor dx = new Tensor(dy.shape);
    for (int i = 0; i < mask.length; i++) {
      dx.data[i] = dy.data[i] * mask[i];
    }
    return dx;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("rate", rate);
    c.put("seed", seed);
    return c;
  }
}
