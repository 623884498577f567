package io.tidecast.models.initializers;

import java.util.Arrays;

/** Shape checks shared by the initializers. */
final class Shapes {
  private Shapes() {
  }

  /** Number of elements of {@code shape}; checks {@code out} can hold them. */
  static int size(double[] out, int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("Negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n > out.length) {
      throw new IllegalArgumentException("Output array of length " + out.length + " cannot hold shape "
          + Arrays.toString(shape) + " (" + n + " values)");
    }
    return (int) n;
  }
}
