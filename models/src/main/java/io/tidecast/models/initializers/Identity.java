package io.tidecast.models.initializers;

import io.tidecast.models.Initializer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Keras {@code Identity(gain=1.0)}: {@code gain * eye(rows, cols)}; 2-D shapes only (may be non-square). */
public final class Identity implements Initializer {
  private final double gain;

  public Identity() {
    this(1.0);
  }

  public Identity(double gain) {
    this.gain = gain;
  }

  public double gain() {
    return gain;
  }

  @Override
  public void initialize(double[] out, int[] shape, SplittableRandom rng) {
    if (shape.length != 2) {
      throw new IllegalArgumentException("Identity matrix initializer can only be used for 2D matrices. Received: shape="
          + Arrays.toString(shape) + " of rank " + shape.length + ". Use e.g. Orthogonal for other ranks.");
    }
    int n = Shapes.size(out, shape);
    Arrays.fill(out, 0, n, 0.0);
    int cols = shape[1];
    for (int i = 0, d = Math.min(shape[0], cols); i < d; i++) {
      out[i * cols + i] = gain;
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("gain", gain);
    return c;
  }
}
