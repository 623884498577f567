package io.tidecast.models.initializers;

/** Keras {@code RandomNormal(mean=0.0, stddev=0.05, seed=None)}. */
public final class RandomNormal extends NormalInitializer {
  public RandomNormal() {
    this(0.0, 0.05);
  }

  public RandomNormal(long seed) {
    this(0.0, 0.05, seed);
  }

  public RandomNormal(double mean, double stddev) {
    super(mean, stddev, null);
  }

  public RandomNormal(double mean, double stddev, long seed) {
    super(mean, stddev, seed);
  }

  @Override
  double draw(Gaussian g) {
    return g.next();
  }
}
