package io.tidecast.models;

import io.tidecast.models.layers.Tensor;

/**
 * Keras loss with the default {@code sum_over_batch_size} reduction: the per-sample loss is reduced
 * over the last axis (mean for regression losses, sum over classes for crossentropies) and the result
 * is averaged over every remaining element (samples, and timesteps for sequence outputs).
 */
public interface Loss {
  /** Keras name, e.g. {@code mean_squared_error}. */
  String name();

  /** The reduced loss. Throws with a clear message if the shapes don't match. */
  double compute(Tensor yTrue, Tensor yPred);

  /** d(reduced loss)/d(yPred), shaped like {@code yPred}. */
  Tensor gradient(Tensor yTrue, Tensor yPred);
}
