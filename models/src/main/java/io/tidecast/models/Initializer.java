package io.tidecast.models;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras initializer: fills a weight of a given shape. An initializer built with an explicit seed uses
 * its own random stream; otherwise it draws from the stream the model hands it (seeded per model), so
 * a model is reproducible bit for bit either way.
 */
public interface Initializer {
  /** Fills {@code out} (row-major, {@code shape}). */
  void initialize(double[] out, int[] shape, SplittableRandom rng);

  /** Keras class name, e.g. {@code GlorotUniform}. */
  default String className() {
    return getClass().getSimpleName();
  }

  default Map<String, Object> getConfig() {
    return Map.of();
  }
}
