package io.tidecast.models.layers;

import io.tidecast.models.Initializer;
import io.tidecast.models.Initializers;
import io.tidecast.models.Regularizer;
import java.util.Map;

/**
 * What {@link BatchNormalization} and {@link LayerNormalization} share: normalisation over the last axis
 * ({@code axis=-1}) followed by Keras' {@code gamma * xhat + beta} ({@code scale}, {@code center}), their
 * initializers, regularizers and config keys. Both pass a timestep mask on unchanged.
 *
 * @param <T> the concrete layer type
 */
abstract class AffineNormalization<T extends AffineNormalization<T>> extends Layer<T> {
  double epsilon = 1e-3;
  boolean center = true;
  boolean scale = true;
  Initializer betaInitializer = Initializers.get("zeros");
  Initializer gammaInitializer = Initializers.get("ones");
  Regularizer betaRegularizer;
  Regularizer gammaRegularizer;

  Weight gamma;
  Weight beta;
  /** Size of the normalised (last) axis. */
  int channels;
  private int axis = -1;

  /**
   * Keras {@code axis}: only the last axis is supported, as {@code -1} or as its index counting the batch axis
   * (tf.keras saves {@code [1]} after a Dense layer, {@code [2]} on sequences), checked when the layer is built.
   */
  public T axis(int axis) {
    this.axis = LastAxis.check(axis, className());
    return self();
  }

  /** Keras {@code epsilon}, default 1e-3: added to the variance before the square root. */
  public T epsilon(double eps) {
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException(className() + " epsilon must be a positive finite number, got " + eps);
    }
    this.epsilon = eps;
    return self();
  }

  /** Keras {@code center}, default true: adds the learned offset {@code beta}. */
  public T center(boolean b) {
    this.center = b;
    return self();
  }

  /** Keras {@code scale}, default true: multiplies by the learned {@code gamma}. */
  public T scale(boolean b) {
    this.scale = b;
    return self();
  }

  public T betaInitializer(String name) {
    return betaInitializer(Initializers.get(name));
  }

  public T betaInitializer(Initializer i) {
    this.betaInitializer = i;
    return self();
  }

  public T gammaInitializer(String name) {
    return gammaInitializer(Initializers.get(name));
  }

  public T gammaInitializer(Initializer i) {
    this.gammaInitializer = i;
    return self();
  }

  public T betaRegularizer(Regularizer r) {
    this.betaRegularizer = r;
    return self();
  }

  public T gammaRegularizer(Regularizer r) {
    this.gammaRegularizer = r;
    return self();
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  protected void build(int[] inputShape) {
    if (inputShape.length < 1) {
      throw new IllegalArgumentException(className() + " needs input of shape (samples, features) or "
          + "(samples, timesteps, features); got " + Tensor.shapeString(withBatch(inputShape)));
    }
    LastAxis.checkBuilt(axis, inputShape, this);
    channels = inputShape[inputShape.length - 1];
    int[] shape = {channels};
    // Keras order: gamma, beta, then any non-trainable statistics
    gamma = scale ? addWeight("gamma", shape, gammaInitializer, gammaRegularizer) : null;
    beta = center ? addWeight("beta", shape, betaInitializer, betaRegularizer) : null;
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** Rows of {@code channels} values in {@code x}, after checking its last axis. */
  final int rows(Tensor x) {
    if (x.rank() < 2 || x.dim(-1) != channels) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className() + ") expects input shaped "
          + "(samples, ..., " + channels + "); got " + x.shapeString() + ".");
    }
    return x.size() / channels;
  }

  /** {@code y = gamma * xhat + beta} per row. */
  final Tensor affine(Tensor xhat) {
    Tensor y = new Tensor(xhat.shape);
    int rows = xhat.size() / channels;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++) {
        int k = r * channels + c;
        y.data[k] = (scale ? gamma.value[c] * xhat.data[k] : xhat.data[k]) + (center ? beta.value[c] : 0.0);
      }
    }
    return y;
  }

  /** Accumulates dgamma, dbeta and returns dLoss/dxhat. */
  final double[] affineBackward(Tensor dy, Tensor xhat) {
    double[] dxhat = new double[dy.size()];
    int rows = dy.size() / channels;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++) {
        int k = r * channels + c;
        if (scale) {
          gamma.grad[c] += dy.data[k] * xhat.data[k];
        }
        if (center) {
          beta.grad[c] += dy.data[k];
        }
        dxhat[k] = scale ? dy.data[k] * gamma.value[c] : dy.data[k];
      }
    }
    return dxhat;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axis", axis);
    c.put("epsilon", epsilon);
    c.put("center", center);
    c.put("scale", scale);
    c.put("beta_initializer", Layers.serialize(betaInitializer));
    c.put("gamma_initializer", Layers.serialize(gammaInitializer));
    c.put("beta_regularizer", Layers.serialize(betaRegularizer));
    c.put("gamma_regularizer", Layers.serialize(gammaRegularizer));
    return c;
  }
}
