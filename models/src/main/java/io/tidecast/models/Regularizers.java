package io.tidecast.models;

import io.tidecast.models.regularizers.L1;
import io.tidecast.models.regularizers.L1L2;
import io.tidecast.models.regularizers.L2;
import java.util.Locale;

/** Keras {@code keras.regularizers}: by name ({@code "l1"}, {@code "l2"}, {@code "l1_l2"}) or by factory. */
public final class Regularizers {
  private Regularizers() {
  }

  /**
   * A default-configured regularizer: {@code l1} = L1(0.01), {@code l2} = L2(0.01), {@code l1_l2} =
   * L1L2(0, 0), as Keras; class names {@code L1}, {@code L2}, {@code L1L2} work too (case-insensitive).
   */
  public static Regularizer get(String name) {
    String k = name == null ? "" : name.trim().replace("_", "").toLowerCase(Locale.ROOT);
    switch (k) {
      case "l1":
        return new L1();
      case "l2":
        return new L2();
      case "l1l2":
        return new L1L2();
      default:
        throw new IllegalArgumentException("Unknown regularizer '" + name
            + "'. Use one of [l1, l2, l1_l2], or Regularizers.l1(x), l2(x), l1l2(x, y) for other factors.");
    }
  }

  public static Regularizer l1(double l1) {
    return new L1(l1);
  }

  public static Regularizer l2(double l2) {
    return new L2(l2);
  }

  public static Regularizer l1l2(double l1, double l2) {
    return new L1L2(l1, l2);
  }
}
