package io.tidecast.models;

import java.util.Map;

/** Keras weight regularizer: adds {@link #penalty} to the loss and its gradient to the weight's. */
public interface Regularizer {
  double penalty(double[] w);

  /** Adds d(penalty)/dw into {@code grad}. */
  void addGradient(double[] w, double[] grad);

  default String className() {
    return getClass().getSimpleName();
  }

  default Map<String, Object> getConfig() {
    return Map.of();
  }
}
