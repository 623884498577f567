package io.tidecast.models.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/** What {@link DataUtils#trainTestSplit} returns: scikit-learn's {@code X_train, X_test, y_train, y_test}. */
public final class Split {
  private final INDArray xTrain;
  private final INDArray xTest;
  private final INDArray yTrain;
  private final INDArray yTest;

  Split(INDArray xTrain, INDArray xTest, INDArray yTrain, INDArray yTest) {
    this.xTrain = xTrain;
    this.xTest = xTest;
    this.yTrain = yTrain;
    this.yTest = yTest;
  }

  public INDArray xTrain() {
    return xTrain;
  }

  public INDArray xTest() {
    return xTest;
  }

  public INDArray yTrain() {
    return yTrain;
  }

  public INDArray yTest() {
    return yTest;
  }
}
