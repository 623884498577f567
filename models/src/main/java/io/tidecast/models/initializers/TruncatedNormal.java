package io.tidecast.models.initializers;

/**
 * Keras {@code TruncatedNormal(mean=0.0, stddev=0.05, seed=None)}: normal draws, redrawn while more than
 * two standard deviations from the mean (so the result's spread is about 0.88 stddev).
 */
public final class TruncatedNormal extends NormalInitializer {
  public TruncatedNormal() {
    this(0.0, 0.05);
  }

  public TruncatedNormal(long seed) {
    this(0.0, 0.05, seed);
  }

  public TruncatedNormal(double mean, double stddev) {
    super(mean, stddev, null);
  }

  public TruncatedNormal(double mean, double stddev, long seed) {
    super(mean, stddev, seed);
  }

  @Override
  double draw(Gaussian g) {
    return g.nextTruncated();
  }

  static void fill(double[] out, int n, double mean, double stddev, Gaussian g) {
    for (int i = 0; i < n; i++) {
      out[i] = mean + stddev * g.nextTruncated();
    }
  }
}
