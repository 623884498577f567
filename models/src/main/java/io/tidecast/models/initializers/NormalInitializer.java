package io.tidecast.models.initializers;

import java.util.Map;
import java.util.SplittableRandom;

/** What RandomNormal and TruncatedNormal share: mean, stddev, seed, config; they differ in the draw. */
abstract class NormalInitializer extends RandomInitializer {
  final double mean;
  final double stddev;

  NormalInitializer(double mean, double stddev, Long seed) {
    super(seed);
    this.mean = mean;
    this.stddev = stddev;
  }

  /** One standard-normal draw. */
  abstract double draw(Gaussian g);

  @Override
  public final void initialize(double[] out, int[] shape, SplittableRandom rng) {
    int n = Shapes.size(out, shape);
    Gaussian g = new Gaussian(stream(rng));
    for (int i = 0; i < n; i++) {
      out[i] = mean + stddev * draw(g);
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
