package io.tidecast.models.initializers;

import java.util.Map;
import java.util.SplittableRandom;

/** Keras {@code RandomNormal(mean=0.0, stddev=0.05, seed=None)}. */
public final class RandomNormal extends RandomInitializer {
  private final double mean;
  private final double stddev;

  public RandomNormal() {
    this(0.0, 0.05);
  }

  public RandomNormal(long seed) {
    this(0.0, 0.05, seed);
  }

  public RandomNormal(double mean, double stddev) {
    super(null);
    this.mean = mean;
    this.stddev = stddev;
  }

  public RandomNormal(double mean, double stddev, long seed) {
    super(seed);
    this.mean = mean;
    this.stddev = stddev;
  }

  @Override
  public void initialize(double[] out, int[] shape, SplittableRandom rng) {
    int n = Shapes.size(out, shape);
    Gaussian g = new Gaussian(stream(rng));
    for (int i = 0; i < n; i++) {
      out[i] = mean + stddev * g.next();
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("mean", mean);
    c.put("stddev", stddev);
    return c;
  }
}
