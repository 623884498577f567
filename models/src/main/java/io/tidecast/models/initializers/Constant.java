package io.tidecast.models.initializers;

import io.tidecast.models.Initializer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras {@code Constant(value=0.0)}: every element equals {@code value}. */
public final class Constant implements Initializer {
  private final double value;

  public Constant() {
    this(0.0);
  }

  public Constant(double value) {
    this.value = value;
  }

  public double value() {
    return value;
  }

  @Override
  public void initialize(double[] out, int[] shape, SplittableRandom rng) {
    Arrays.fill(out, 0, Shapes.size(out, shape), value);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("value", value);
    return c;
  }
}
