package io.tidecast.models.initializers;

import java.util.SplittableRandom;

/**
 * Standard normal draws by Marsaglia's polar method on a {@link SplittableRandom}. Only IEEE arithmetic
 * and {@code StrictMath.log} are used, so a seed gives the same numbers on every JDK (unlike
 * {@code Random.nextGaussian}, whose algorithm is not pinned).
 */
final class Gaussian {
  private final SplittableRandom rng;
  private double spare;
  private boolean hasSpare;

  Gaussian(SplittableRandom rng) {
    this.rng = rng;
  }

  double next() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2.0 * rng.nextDouble() - 1.0;
      v = 2.0 * rng.nextDouble() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double m = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
    spare = v * m;
    hasSpare = true;
    return u * m;
  }

  /** A standard normal conditioned on |z| <= 2 (draws beyond two standard deviations are redrawn). */
  double nextTruncated() {
    double z;
    do {
      z = next();
    } while (Math.abs(z) > 2.0);
    return z;
  }
}
