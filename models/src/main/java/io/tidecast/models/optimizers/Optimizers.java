package io.tidecast.models.optimizers;

import java.util.List;
import java.util.Locale;

/** Keras {@code keras.optimizers.get}: an optimizer with Keras defaults, by name (case-insensitive). */
public final class Optimizers {
  private static final List<String> NAMES =
      List.of("sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "adamw");

  private Optimizers() {
  }

  public static Optimizer get(String name) {
    if (name == null) {
      throw new IllegalArgumentException("Optimizer name is null. Use one of " + NAMES);
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "sgd":
        return new SGD();
      case "adam":
        return new Adam();
      case "rmsprop":
        return new RMSprop();
      case "adagrad":
        return new Adagrad();
      case "adadelta":
        return new Adadelta();
      case "adamax":
        return new Adamax();
      case "nadam":
        return new Nadam();
      case "adamw":
        return new AdamW();
      default:
        throw new IllegalArgumentException("Unknown optimizer '" + name + "'. Use one of " + NAMES);
    }
  }

  /** The names {@link #get} accepts. */
  public static List<String> names() {
    return NAMES;
  }
}
