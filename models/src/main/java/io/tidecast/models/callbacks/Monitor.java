package io.tidecast.models.callbacks;

import java.util.Locale;
import java.util.Map;

/**
 * Keras {@code MonitorCallback}'s choice of direction, shared by {@link EarlyStopping} and
 * {@link ModelCheckpoint}: {@code min}, {@code max}, or {@code auto} (loss and error metrics are minimised,
 * accuracies maximised, anything else is an error asking for an explicit mode).
 */
final class Monitor {
  private Monitor() {
  }

  static String checkMode(String mode) {
    String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
    if (!m.equals("auto") && !m.equals("min") && !m.equals("max")) {
      throw new IllegalArgumentException("mode must be one of \"auto\", \"min\", \"max\"; got \"" + mode + "\"");
    }
    return m;
  }

  /** True when larger values of {@code monitor} are better. */
  static boolean maximize(String callback, String monitor, String mode) {
    if (mode.equals("min")) {
      return false;
    }
    if (mode.equals("max")) {
      return true;
    }
    String metric = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
    switch (metric) {
      case "loss":
      case "mae":
      case "mean_absolute_error":
      case "mse":
      case "mean_squared_error":
      case "rmse":
      case "root_mean_squared_error":
      case "mape":
      case "mean_absolute_percentage_error":
        return false;
      case "acc":
      case "accuracy":
      case "binary_accuracy":
      case "categorical_accuracy":
      case "sparse_categorical_accuracy":
        return true;
      default:
        throw new IllegalArgumentException(callback + " callback received monitor=" + monitor
            + ", but Keras isn't able to automatically determine whether that metric should be maximized or "
            + "minimized. Pass mode(\"max\") in order to monitor based on the highest metric value, or pass "
            + "mode(\"min\") in order to use the lowest value.");
    }
  }

  /** The monitored value, or null (with Keras's warning) when the logs lack it. */
  static Double value(String what, String monitor, Map<String, Double> logs) {
    Double v = logs == null ? null : logs.get(monitor);
    if (v == null) {
      System.err.println("WARNING: " + what + " conditioned on metric `" + monitor + "` which is not available. "
          + "Available metrics are: " + (logs == null ? "" : String.join(",", logs.keySet())));
    }
    return v;
  }
}
