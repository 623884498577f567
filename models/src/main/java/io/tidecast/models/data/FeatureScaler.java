package io.tidecast.models.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shared shape handling of the scalers: features are the last axis, every other axis (samples, and
 * timesteps for {@code (samples, timesteps, features)}) holds observations.
 */
abstract class FeatureScaler {
  /** Per-feature affine map {@code x * scale + offset}; null before {@code fit}. */
  double[] scale;
  double[] offset;

  static int features(INDArray x) {
    return x.rank() == 1 ? 1 : (int) x.size(x.rank() - 1);
  }

  void requireFitted(INDArray x, String what) {
    if (scale == null) {
      throw new IllegalStateException("This " + getClass().getSimpleName() + " instance is not fitted yet. Call "
          + "fit(x) with appropriate arguments before using " + what + ".");
    }
    if (features(x) != scale.length) {
      throw new IllegalArgumentException("x has " + features(x) + " features, but " + getClass().getSimpleName()
          + " is expecting " + scale.length + " features as input.");
    }
  }

  /** Computes {@link #scale} and {@link #offset} from the per-feature columns of {@code v}. */
  abstract void fit(double[] v, int features);

  public FeatureScaler fit(INDArray x) {
    if (x == null || x.length() == 0) {
      throw new IllegalArgumentException("fit() needs at least one sample");
    }
    double[] v = Arrays2.values(x);
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException("Input contains " + v[i] + " at flat index " + i
            + ": drop or impute missing values before scaling.");
      }
    }
    fit(v, features(x));
    return this;
  }

  public INDArray transform(INDArray x) {
    requireFitted(x, "transform()");
    double[] v = Arrays2.values(x);
    int f = scale.length;
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] * scale[i % f] + offset[i % f];
    }
    return Arrays2.create(v, x.shape(), Arrays2.floatType(x));
  }

  public INDArray fitTransform(INDArray x) {
    fit(x);
    return transform(x);
  }

  public INDArray inverseTransform(INDArray x) {
    requireFitted(x, "inverseTransform()");
    double[] v = Arrays2.values(x);
    int f = scale.length;
    for (int i = 0; i < v.length; i++) {
      v[i] = (v[i] - offset[i % f]) / scale[i % f];
    }
    return Arrays2.create(v, x.shape(), Arrays2.floatType(x));
  }
}
