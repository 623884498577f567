package io.tidecast.models;

import java.util.Locale;

/** Keras {@code keras.initializers}: look an initializer up by name. */
public final class Initializers {
  private Initializers() {
  }

  public static Initializer get(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "zeros":
        return (out, shape, rng) -> java.util.Arrays.fill(out, 0.0);
      case "ones":
        return (out, shape, rng) -> java.util.Arrays.fill(out, 1.0);
      case "glorot_uniform":
      case "orthogonal":
        return (out, shape, rng) -> {
          double fanIn = shape.length == 1 ? shape[0] : shape[0];
          double fanOut = shape.length == 1 ? shape[0] : shape[shape.length - 1];
          double limit = Math.sqrt(6.0 / (fanIn + fanOut));
          for (int i = 0; i < out.length; i++) {
            out[i] = (rng.nextDouble() * 2 - 1) * limit;
          }
        };
      default:
        throw new IllegalArgumentException("Unknown initializer '" + name + "'");
    }
  }
}
