package io.tidecast.models;

import io.tidecast.models.losses.BinaryCrossentropy;
import io.tidecast.models.losses.CategoricalCrossentropy;
import io.tidecast.models.losses.Huber;
import io.tidecast.models.losses.LogCosh;
import io.tidecast.models.losses.MeanAbsoluteError;
import io.tidecast.models.losses.MeanAbsolutePercentageError;
import io.tidecast.models.losses.MeanSquaredError;
import io.tidecast.models.losses.MeanSquaredLogarithmicError;
import io.tidecast.models.losses.SparseCategoricalCrossentropy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Keras {@code keras.losses}: look a loss up by name (or alias), or build one with options. */
public final class Losses {
  private static final Map<String, Supplier<Loss>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("mean_squared_error", MeanSquaredError::new);
    BY_NAME.put("mse", MeanSquaredError::new);
    BY_NAME.put("mean_absolute_error", MeanAbsoluteError::new);
    BY_NAME.put("mae", MeanAbsoluteError::new);
    BY_NAME.put("mean_absolute_percentage_error", MeanAbsolutePercentageError::new);
    BY_NAME.put("mape", MeanAbsolutePercentageError::new);
    BY_NAME.put("mean_squared_logarithmic_error", MeanSquaredLogarithmicError::new);
    BY_NAME.put("msle", MeanSquaredLogarithmicError::new);
    BY_NAME.put("huber", Huber::new);
    BY_NAME.put("log_cosh", LogCosh::new);
    BY_NAME.put("logcosh", LogCosh::new);
    BY_NAME.put("binary_crossentropy", BinaryCrossentropy::new);
    BY_NAME.put("categorical_crossentropy", CategoricalCrossentropy::new);
    BY_NAME.put("sparse_categorical_crossentropy", SparseCategoricalCrossentropy::new);
  }

  private Losses() {
  }

  /**
   * The loss named {@code name} with Keras defaults: Keras function names and aliases ({@code "mse"},
   * {@code "mae"}, ...), case-insensitive; Keras class names ({@code "MeanSquaredError"}) work too.
   */
  public static Loss get(String name) {
    if (name == null) {
      throw new IllegalArgumentException("Loss name is null. Use one of " + BY_NAME.keySet());
    }
    String key = name.toLowerCase(Locale.ROOT);
    Supplier<Loss> s = BY_NAME.get(key);
    if (s == null) {
      s = BY_NAME.get(snake(name));
    }
    if (s == null) {
      throw new IllegalArgumentException("Unknown loss '" + name + "'. Use one of " + BY_NAME.keySet());
    }
    return s.get();
  }

  /** Every accepted name and alias. */
  public static Set<String> names() {
    return Collections.unmodifiableSet(BY_NAME.keySet());
  }

  /** {@code MeanSquaredError} -> {@code mean_squared_error}; {@code Huber} -> {@code huber}. */
  private static String snake(String className) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < className.length(); i++) {
      char ch = className.charAt(i);
      if (Character.isUpperCase(ch) && i > 0) {
        b.append('_');
      }
      b.append(Character.toLowerCase(ch));
    }
    return b.toString();
  }

  public static Loss meanSquaredError() {
    return new MeanSquaredError();
  }

  public static Loss meanAbsoluteError() {
    return new MeanAbsoluteError();
  }

  public static Loss meanAbsolutePercentageError() {
    return new MeanAbsolutePercentageError();
  }

  public static Loss meanSquaredLogarithmicError() {
    return new MeanSquaredLogarithmicError();
  }

  public static Loss huber(double delta) {
    return new Huber(delta);
  }

  public static Loss logCosh() {
    return new LogCosh();
  }

  public static Loss binaryCrossentropy(boolean fromLogits) {
    return new BinaryCrossentropy(fromLogits);
  }

  public static Loss categoricalCrossentropy(boolean fromLogits) {
    return new CategoricalCrossentropy(fromLogits);
  }

  public static Loss sparseCategoricalCrossentropy(boolean fromLogits) {
    return new SparseCategoricalCrossentropy(fromLogits);
  }
}
