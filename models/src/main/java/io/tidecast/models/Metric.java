package io.tidecast.models;

import io.tidecast.models.layers.Tensor;

/** Keras stateful metric: {@code update_state}, {@code result}, {@code reset_state}. */
public interface Metric {
  /** The name used in logs and {@code History}, e.g. {@code accuracy} or {@code mae}. */
  String name();

  void update(Tensor yTrue, Tensor yPred);

  double result();

  void reset();
}
