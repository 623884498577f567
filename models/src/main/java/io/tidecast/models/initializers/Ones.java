package io.tidecast.models.initializers;

import io.tidecast.models.Initializer;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Keras {@code Ones}: all ones. */
public final class Ones implements Initializer {
  @Override
  public void initialize(double[] out, int[] shape, SplittableRandom rng) {
    Arrays.fill(out, 0, Shapes.size(out, shape), 1.0);
  }
}
