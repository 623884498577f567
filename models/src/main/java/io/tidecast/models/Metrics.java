package io.tidecast.models;

import io.tidecast.models.metrics.BinaryAccuracy;
import io.tidecast.models.metrics.CategoricalAccuracy;
import io.tidecast.models.metrics.MeanAbsoluteError;
import io.tidecast.models.metrics.MeanAbsolutePercentageError;
import io.tidecast.models.metrics.MeanSquaredError;
import io.tidecast.models.metrics.RootMeanSquaredError;
import io.tidecast.models.metrics.SparseCategoricalAccuracy;
import java.util.List;
import java.util.Locale;

/** Keras {@code compile(metrics=[...])} string lookup. */
public final class Metrics {
  private static final List<String> NAMES = List.of("accuracy", "acc", "binary_accuracy",
      "categorical_accuracy", "sparse_categorical_accuracy", "mae", "mean_absolute_error", "mse",
      "mean_squared_error", "rmse", "root_mean_squared_error", "mape", "mean_absolute_percentage_error");

  private Metrics() {
  }

  /**
   * A fresh metric for {@code name}; its {@link Metric#name()} is {@code name} as given (Keras logs it so).
   * {@code "accuracy"}/{@code "acc"} follow the loss like Keras: binary_crossentropy -> binary accuracy,
   * categorical_crossentropy -> categorical, sparse_categorical_crossentropy -> sparse categorical; for any
   * other (or no) loss, an output with last dimension 1 gets binary accuracy, otherwise categorical.
   *
   * @param loss the compiled loss, may be null
   * @param outputLastDim size of the model output's last axis
   */
  public static Metric get(String name, Loss loss, int outputLastDim) {
    if (name == null) {
      throw new IllegalArgumentException("Metric name is null. Use one of " + NAMES);
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "accuracy":
      case "acc":
        String l = loss == null ? "" : loss.name();
        if (l.equals("binary_crossentropy")) {
          return new BinaryAccuracy(name);
        }
        if (l.equals("categorical_crossentropy")) {
          return new CategoricalAccuracy(name);
        }
        if (l.equals("sparse_categorical_crossentropy")) {
          return new SparseCategoricalAccuracy(name);
        }
        return outputLastDim == 1 ? new BinaryAccuracy(name) : new CategoricalAccuracy(name);
      case "binary_accuracy":
        return new BinaryAccuracy(name);
      case "categorical_accuracy":
        return new CategoricalAccuracy(name);
      case "sparse_categorical_accuracy":
        return new SparseCategoricalAccuracy(name);
      case "mae":
      case "mean_absolute_error":
        return new MeanAbsoluteError(name);
      case "mse":
      case "mean_squared_error":
        return new MeanSquaredError(name);
      case "rmse":
      case "root_mean_squared_error":
        return new RootMeanSquaredError(name);
      case "mape":
      case "mean_absolute_percentage_error":
        return new MeanAbsolutePercentageError(name);
      default:
        throw new IllegalArgumentException("Unknown metric '" + name + "'. Use one of " + NAMES);
    }
  }

  /** Every accepted metric name. */
  public static List<String> names() {
    return NAMES;
  }
}
