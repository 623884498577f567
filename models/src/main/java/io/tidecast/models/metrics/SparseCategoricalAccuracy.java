package io.tidecast.models.metrics;

import io.tidecast.models.layers.Tensor;

/** Keras {@code sparse_categorical_accuracy}: per row, {@code y == argmax(p)} for class-index targets. */
public final class SparseCategoricalAccuracy extends MeanMetric {
  public SparseCategoricalAccuracy() {
    this("sparse_categorical_accuracy");
  }

  public SparseCategoricalAccuracy(String name) {
    super(name);
  }

  @Override
  public void update(Tensor yTrue, Tensor yPred) {
    requireSparse(yTrue, yPred);
    int c = yPred.dim(-1);
    int rows = c == 0 ? 0 : yPred.size() / c;
    long hits = 0;
    for (int r = 0, o = 0; r < rows; r++, o += c) {
      if (yTrue.data[r] == argmax(yPred.data, o, c)) {
        hits++;
      }
    }
    total += hits;
    count += rows;
  }
}
