package io.tidecast.models.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * scikit-learn {@code StandardScaler}: per feature (last axis) {@code (x - mean) / std} with the
 * population standard deviation; a constant feature keeps scale 1 (it is only centred), as sklearn does.
 */
public final class StandardScaler extends FeatureScaler {
  private double[] mean;
  private double[] std;

  @Override
  void fit(double[] v, int f) {
    int n = v.length / f;
    mean = new double[f];
    std = new double[f];
    for (int i = 0; i < v.length; i++) {
      mean[i % f] += v[i];
    }
    for (int j = 0; j < f; j++) {
      mean[j] /= n;
    }
    // two-pass variance: accurate when the mean is large compared with the spread
    double[] ss = new double[f];
    for (int i = 0; i < v.length; i++) {
      double d = v[i] - mean[i % f];
      ss[i % f] += d * d;
    }
    scale = new double[f];
    offset = new double[f];
    for (int j = 0; j < f; j++) {
      std[j] = Math.sqrt(ss[j] / n);
      double s = std[j] == 0 ? 1.0 : std[j];
      scale[j] = 1.0 / s;
      offset[j] = -mean[j] / s;
    }
  }

  @Override
  public StandardScaler fit(INDArray x) {
    super.fit(x);
    return this;
  }

  /** Per-feature means ({@code mean_}). */
  public double[] mean() {
    return mean.clone();
  }

  /** Per-feature population standard deviations ({@code scale_}, except that sklearn shows 1 for zero). */
  public double[] std() {
    return std.clone();
  }

  @Override
  public INDArray transform(INDArray x) {
    requireFitted(x, "transform()");
    double[] v = Arrays2.values(x);
    int f = mean.length;
    for (int i = 0; i < v.length; i++) {
      double s = std[i % f] == 0 ? 1.0 : std[i % f];
      v[i] = (v[i] - mean[i % f]) / s;
    }
    return Arrays2.create(v, x.shape(), Arrays2.floatType(x));
  }

  @Override
  public INDArray inverseTransform(INDArray x) {
    requireFitted(x, "inverseTransform()");
    double[] v = Arrays2.values(x);
    int f = mean.length;
    for (int i = 0; i < v.length; i++) {
      double s = std[i % f] == 0 ? 1.0 : std[i % f];
      v[i] = v[i] * s + mean[i % f];
    }
    return Arrays2.create(v, x.shape(), Arrays2.floatType(x));
  }
}
