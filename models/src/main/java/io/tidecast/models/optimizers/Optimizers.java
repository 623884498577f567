package io.tidecast.models.optimizers;

import java.util.Locale;

/** Keras {@code keras.optimizers.get}: an optimizer with Keras defaults, by name. */
public final class Optimizers {
  private Optimizers() {
  }

  public static Optimizer get(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "sgd":
        return new SGD();
      default:
        throw new IllegalArgumentException("Unknown optimizer '" + name + "'");
    }
  }
}
