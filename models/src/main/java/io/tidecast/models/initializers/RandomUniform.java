package io.tidecast.models.initializers;

import java.util.Map;
import java.util.SplittableRandom;

/** Keras {@code RandomUniform(minval=-0.05, maxval=0.05, seed=None)}: uniform on [minval, maxval). */
public final class RandomUniform extends RandomInitializer {
  private final double minval;
  private final double maxval;

  public RandomUniform() {
    this(-0.05, 0.05);
  }

  public RandomUniform(long seed) {
    this(-0.05, 0.05, seed);
  }

  public RandomUniform(double minval, double maxval) {
    super(null);
    this.minval = minval;
    this.maxval = maxval;
  }

  public RandomUniform(double minval, double maxval, long seed) {
    super(seed);
    this.minval = minval;
    this.maxval = maxval;
  }

  @Override
  public void initialize(double[] out, int[] shape, SplittableRandom rng) {
    fill(out, Shapes.size(out, shape), minval, maxval, stream(rng));
  }

  static void fill(double[] out, int n, double lo, double hi, SplittableRandom rng) {
    double width = hi - lo;
    for (int i = 0; i < n; i++) {
      out[i] = lo + width * rng.nextDouble();
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("minval", minval);
    c.put("maxval", maxval);
    return c;
  }
}
