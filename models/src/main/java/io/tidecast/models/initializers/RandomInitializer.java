package io.tidecast.models.initializers;

import io.tidecast.models.Initializer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Base of the random initializers. With a seed, every call restarts the initializer's own stream, so it
 * returns the same values each time (as Keras does for an integer seed); without one it draws from the
 * stream the model hands it.
 */
abstract class RandomInitializer implements Initializer {
  private final Long seed;

  RandomInitializer(Long seed) {
    this.seed = seed;
  }

  final SplittableRandom stream(SplittableRandom given) {
    if (seed != null) {
      return new SplittableRandom(seed);
    }
    if (given == null) {
      throw new IllegalArgumentException(
          className() + " has no seed of its own: pass a SplittableRandom, or construct it with a seed");
    }
    return given;
  }

  /** The seed given at construction, or null. */
  public final Long seed() {
    return seed;
  }

  /** {@code {"seed": seed}} (null when unseeded, as Keras' None). */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed);
    return c;
  }
}
