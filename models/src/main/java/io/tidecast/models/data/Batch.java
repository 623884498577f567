package io.tidecast.models.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One batch of a dataset: inputs {@code x} and targets {@code y} (null when the dataset has none). */
public final class Batch {
  private final INDArray x;
  private final INDArray y;

  Batch(INDArray x, INDArray y) {
    this.x = x;
    this.y = y;
  }

  public INDArray x() {
    return x;
  }

  public INDArray y() {
    return y;
  }
}
