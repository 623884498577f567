package io.tidecast.models;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Keras {@code keras.activations}: look an activation up by name. */
public final class Activations {
  private static final Map<String, ActivationFunction> BY_NAME = new LinkedHashMap<>();

  static {
    register(new ActivationFunction.Elementwise() {
      public String name() { return "linear"; }
      public double apply(double x) { return x; }
      public double derivative(double x, double y) { return 1.0; }
    });
    register(new ActivationFunction.Elementwise() {
      public String name() { return "tanh"; }
      public double apply(double x) { return Math.tanh(x); }
      public double derivative(double x, double y) { return 1.0 - y * y; }
    });
    register(new ActivationFunction.Elementwise() {
      public String name() { return "sigmoid"; }
      public double apply(double x) { return 1.0 / (1.0 + Math.exp(-x)); }
      public double derivative(double x, double y) { return y * (1.0 - y); }
    });
    register(new ActivationFunction.Elementwise() {
      public String name() { return "relu"; }
      public double apply(double x) { return x > 0 ? x : 0.0; }
      public double derivative(double x, double y) { return x > 0 ? 1.0 : 0.0; }
    });
  }

  private Activations() {
  }

  static void register(ActivationFunction f) {
    BY_NAME.put(f.name(), f);
  }

  /** The activation named {@code name} (Keras names; {@code null} or empty means linear). */
  public static ActivationFunction get(String name) {
    if (name == null || name.isEmpty()) {
      return BY_NAME.get("linear");
    }
    ActivationFunction f = BY_NAME.get(name.toLowerCase(Locale.ROOT));
    if (f == null) {
      throw new IllegalArgumentException("Unknown activation '" + name + "'. Use one of " + BY_NAME.keySet());
    }
    return f;
  }

  public static java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(BY_NAME.keySet());
  }
}
