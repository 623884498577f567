package io.tidecast.models.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * scikit-learn {@code MinMaxScaler(feature_range=(min, max))}: per feature (last axis)
 * {@code x * scale + min_} with {@code scale = (max - min) / (data_max - data_min)} and
 * {@code min_ = min - data_min * scale}; a constant feature gets {@code data_range} 1, as sklearn does.
 */
public final class MinMaxScaler extends FeatureScaler {
  private final double lo;
  private final double hi;
  private double[] dataMin;
  private double[] dataMax;

  /** Feature range (0, 1). */
  public MinMaxScaler() {
    this(0, 1);
  }

  public MinMaxScaler(double min, double max) {
    if (!(min < max)) {
      throw new IllegalArgumentException("Minimum of desired feature range must be smaller than maximum. Got ("
          + min + ", " + max + ").");
    }
    this.lo = min;
    this.hi = max;
  }

  @Override
  void fit(double[] v, int f) {
    dataMin = new double[f];
    dataMax = new double[f];
    java.util.Arrays.fill(dataMin, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(dataMax, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < v.length; i++) {
      dataMin[i % f] = Math.min(dataMin[i % f], v[i]);
      dataMax[i % f] = Math.max(dataMax[i % f], v[i]);
    }
    scale = new double[f];
    offset = new double[f];
    for (int j = 0; j < f; j++) {
      double range = dataMax[j] - dataMin[j];
      scale[j] = (hi - lo) / (range == 0 ? 1.0 : range);
      offset[j] = lo - dataMin[j] * scale[j];
    }
  }

  @Override
  public MinMaxScaler fit(INDArray x) {
    super.fit(x);
    return this;
  }

  public double[] dataMin() {
    return dataMin.clone();
  }

  public double[] dataMax() {
    return dataMax.clone();
  }
}
