package io.tidecast.models.layers;

import io.tidecast.models.Initializer;
import io.tidecast.models.Initializers;
import java.util.Map;

/**
 * Keras {@code BatchNormalization(axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
 * beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
 * moving_variance_initializer="ones")}.
 *
 * <p>Weights {@code gamma}, {@code beta} (trainable) and {@code moving_mean}, {@code moving_variance}
 * (non-trainable), each {@code (features)}. In training ({@code fit}, {@code trainOnBatch}) the batch is
 * normalised with its own mean and (biased) variance over every axis but the last, and the moving statistics
 * move towards them: {@code moving = moving * momentum + batch * (1 - momentum)}. In inference
 * ({@code predict}, {@code evaluate}) the moving statistics are used and nothing changes. As in Keras, a
 * frozen layer ({@code trainable(false)}) always runs in inference mode. With a timestep mask, only kept
 * timesteps count in the batch statistics (Keras' masked moments).
 */
public class BatchNormalization extends AffineNormalization<BatchNormalization> {
  /** Keras' {@code backend.epsilon()} in the masked moments. */
  private static final double MASK_EPSILON = 1e-7;
  private double momentum = 0.99;
  private Initializer movingMeanInitializer = Initializers.get("zeros");
  private Initializer movingVarianceInitializer = Initializers.get("ones");
  private Weight movingMean;
  private Weight movingVariance;

  // forward cache
  private boolean lastTraining;
  private Tensor lastX;
  private Tensor lastXhat;
  private double[] lastMean;
  private double[] lastInv;
  private double[] lastWeights; // per row: 1 counted in the statistics, 0 masked; null = all rows
  private double lastCount;     // the statistics' denominator

  /** Keras {@code momentum}, default 0.99. */
  public BatchNormalization momentum(double m) {
    if (!(m >= 0 && m <= 1)) {
      throw new IllegalArgumentException("BatchNormalization momentum must be in [0, 1], got " + m);
    }
    this.momentum = m;
    return this;
  }

  public double momentum() {
    return momentum;
  }

  public BatchNormalization movingMeanInitializer(String name) {
    return movingMeanInitializer(Initializers.get(name));
  }

  public BatchNormalization movingMeanInitializer(Initializer i) {
    this.movingMeanInitializer = i;
    return this;
  }

  public BatchNormalization movingVarianceInitializer(String name) {
    return movingVarianceInitializer(Initializers.get(name));
  }

  public BatchNormalization movingVarianceInitializer(Initializer i) {
    this.movingVarianceInitializer = i;
    return this;
  }

  @Override
  protected void build(int[] inputShape) {
    super.build(inputShape);
    movingMean = addStateWeight("moving_mean", new int[] {channels}, movingMeanInitializer);
    movingVariance = addStateWeight("moving_variance", new int[] {channels}, movingVarianceInitializer);
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    return forward(x, training, null);
  }

  @Override
  public Tensor forward(Tensor x, boolean training, Tensor mask) {
    int rows = rows(x);
    checkMask(x, mask);
    int c = channels;
    double[] mean = new double[c];
    double[] var = new double[c];
    lastTraining = training && trainable();
    lastWeights = null;
    if (lastTraining) {
      double count = rows;
      if (mask != null) {
        int per = rows / mask.size(); // rows per (sample, timestep): 1 for 3-D input
        lastWeights = new double[rows];
        double kept = 0;
        for (int r = 0; r < rows; r++) {
          lastWeights[r] = mask.data[r / per] != 0 ? 1.0 : 0.0;
          kept += lastWeights[r];
        }
        count = kept + MASK_EPSILON;
      }
      for (int r = 0; r < rows; r++) {
        double w = lastWeights == null ? 1.0 : lastWeights[r];
        for (int j = 0; j < c; j++) {
          mean[j] += w * x.data[r * c + j];
        }
      }
      for (int j = 0; j < c; j++) {
        mean[j] /= count;
      }
      for (int r = 0; r < rows; r++) {
        double w = lastWeights == null ? 1.0 : lastWeights[r];
        for (int j = 0; j < c; j++) {
          double d = x.data[r * c + j] - mean[j];
          var[j] += w * d * d;
        }
      }
      for (int j = 0; j < c; j++) {
        var[j] /= count;
      }
      lastCount = count;
      updateMovingStatistics(mean, var);
    } else {
      System.arraycopy(movingMean.value, 0, mean, 0, c);
      System.arraycopy(movingVariance.value, 0, var, 0, c);
    }
    double[] inv = new double[c];
    for (int j = 0; j < c; j++) {
      inv[j] = 1.0 / Math.sqrt(var[j] + epsilon);
    }
    Tensor xhat = new Tensor(x.shape);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < c; j++) {
        int k = r * c + j;
        xhat.data[k] = (x.data[k] - mean[j]) * inv[j];
      }
    }
    lastX = x;
    lastXhat = xhat;
    lastMean = mean;
    lastInv = inv;
    return affine(xhat);
  }

  /** Only from finite batch statistics, so a bad batch cannot poison the moving ones. */
  private void updateMovingStatistics(double[] mean, double[] var) {
    for (int j = 0; j < channels; j++) {
      if (!Double.isFinite(mean[j]) || !Double.isFinite(var[j])) {
        return;
      }
    }
    for (int j = 0; j < channels; j++) {
      double m = movingMean.value[j] * momentum + mean[j] * (1.0 - momentum);
      double v = movingVariance.value[j] * momentum + var[j] * (1.0 - momentum);
      movingMean.value[j] = float32() ? (float) m : m;
      movingVariance.value[j] = float32() ? (float) v : v;
    }
  }

  @Override
  public Tensor backward(Tensor dy) {
    double[] dxhat = affineBackward(dy, lastXhat);
    int c = channels;
    int rows = dy.size() / c;
    Tensor dx = new Tensor(dy.shape);
    if (!lastTraining) {
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < c; j++) {
          dx.data[r * c + j] = dxhat[r * c + j] * lastInv[j];
        }
      }
      return dx;
    }
    // xhat = (x - mean) * inv with mean = sum(w x)/W and var = sum(w (x - mean)^2)/W over rows
    double[] dvar = new double[c];
    double[] dmean = new double[c];
    double[] wdev = new double[c]; // sum(w (x - mean)), ~0 but not exactly with the mask epsilon
    for (int r = 0; r < rows; r++) {
      double w = lastWeights == null ? 1.0 : lastWeights[r];
      for (int j = 0; j < c; j++) {
        int k = r * c + j;
        double dev = lastX.data[k] - lastMean[j];
        dvar[j] += dxhat[k] * dev;
        dmean[j] -= dxhat[k];
        wdev[j] += w * dev;
      }
    }
    for (int j = 0; j < c; j++) {
      double inv = lastInv[j];
      dvar[j] *= -0.5 * inv * inv * inv;
      dmean[j] = dmean[j] * inv - dvar[j] * 2.0 * wdev[j] / lastCount;
    }
    for (int r = 0; r < rows; r++) {
      double w = lastWeights == null ? 1.0 : lastWeights[r];
      for (int j = 0; j < c; j++) {
        int k = r * c + j;
        double dev = lastX.data[k] - lastMean[j];
        dx.data[k] = dxhat[k] * lastInv[j] + w * (dvar[j] * 2.0 * dev + dmean[j]) / lastCount;
      }
    }
    return dx;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("momentum", momentum);
    c.put("moving_mean_initializer", Layers.serialize(movingMeanInitializer));
    c.put("moving_variance_initializer", Layers.serialize(movingVarianceInitializer));
    return c;
  }
}
