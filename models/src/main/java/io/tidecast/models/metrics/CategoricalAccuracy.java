package io.tidecast.models.metrics;

import io.tidecast.models.layers.Tensor;

/** Keras {@code categorical_accuracy}: per row, {@code argmax(y) == argmax(p)} (one-hot targets). */
public final class CategoricalAccuracy extends MeanMetric {
  public CategoricalAccuracy() {
    this("categorical_accuracy");
  }

  public CategoricalAccuracy(String name) {
    super(name);
  }

  @Override
  public void update(Tensor yTrue, Tensor yPred) {
    if (!java.util.Arrays.equals(yTrue.shape, yPred.shape)) {
      throw mismatch(yTrue, yPred, yTrue.dim(-1) == 1 && yPred.dim(-1) > 1
          ? "The targets look like class indices: use sparse_categorical_accuracy, or one-hot encode them."
          : "Targets must have the same shape as the model output.");
    }
    int c = yPred.dim(-1);
    int rows = c == 0 ? 0 : yPred.size() / c;
    long hits = 0;
    for (int r = 0, o = 0; r < rows; r++, o += c) {
      if (argmax(yTrue.data, o, c) == argmax(yPred.data, o, c)) {
        hits++;
      }
    }
    total += hits;
    count += rows;
  }
}
