package io.tidecast.models.initializers;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code TruncatedNormal(mean=0.0, stddev=0.05, seed=None)}: normal draws, redrawn while more than
 * two standard deviations from the mean (so the result's spread is about 0.88 stddev).
 */
public final class TruncatedNormal extends RandomInitializer {
  private final double mean;
  private final double stddev;

  public TruncatedNormal() {
    this(0.0, 0.05);
  }

  public TruncatedNormal(long seed) {
    this(0.0, 0.05, seed);
  }

  public TruncatedNormal(double mean, double stddev) {
    super(null);
    this.mean = mean;
    this.stddev = stddev;
  }

  public TruncatedNormal(double mean, double stddev, long seed) {
    super(seed);
    this.mean = mean;
    this.stddev = stddev;
  }

  @Override
  public void initialize(double[] out, int[] shape, SplittableRandom rng) {
    fill(out, Shapes.size(out, shape), mean, stddev, new Gaussian(stream(rng)));
  }

  static void fill(double[] out, int n, double mean, double stddev, Gaussian g) {
    for (int i = 0; i < n; i++) {
      out[i] = mean + stddev * g.nextTruncated();
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
