package io.tidecast.models.layers;

import io.tidecast.models.Initializer;
import io.tidecast.models.Initializers;
import io.tidecast.models.Regularizer;
import java.util.Arrays;
import java.util.Map;

/**
 * Keras {@code PReLU(alpha_initializer="zeros", alpha_regularizer=None, shared_axes=None)}: {@code x} for
 * {@code x > 0}, else {@code alpha * x}, with a learned {@code alpha} per input element. Weight {@code alpha}
 * is shaped as one sample, with a 1 on each of {@code shared_axes} (counted with the batch axis, as in Keras:
 * {@code shared_axes=[1]} on {@code (samples, timesteps, features)} learns one alpha per feature).
 */
public class PReLU extends Layer<PReLU> {
  private Initializer alphaInitializer = Initializers.get("zeros");
  private Regularizer alphaRegularizer;
  private int[] sharedAxes = new int[0];
  private Weight alpha;
  private int[] alphaShape;
  private Tensor lastX;

  public PReLU alphaInitializer(String name) {
    return alphaInitializer(Initializers.get(name));
  }

  public PReLU alphaInitializer(Initializer i) {
    this.alphaInitializer = i;
    return this;
  }

  public PReLU alphaRegularizer(Regularizer r) {
    this.alphaRegularizer = r;
    return this;
  }

  /** Keras {@code shared_axes}: axes (1 = the first after the batch axis) along which alpha is shared. */
  public PReLU sharedAxes(int... axes) {
    for (int a : axes) {
      if (a < 1) {
        throw new IllegalArgumentException("PReLU shared_axes count from 1 (the axis after the batch axis), got "
            + Arrays.toString(axes));
      }
    }
    this.sharedAxes = axes.clone();
    return this;
  }

  @Override
  protected void build(int[] inputShape) {
    alphaShape = inputShape.clone();
    for (int a : sharedAxes) {
      if (a > inputShape.length) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (PReLU): shared_axes "
            + Arrays.toString(sharedAxes) + " name axis " + a + " but the input " + Tensor.shapeString(
            withBatch(inputShape)) + " has axes 1 to " + inputShape.length + " after the batch axis.");
      }
      alphaShape[a - 1] = 1;
    }
    alpha = addWeight("alpha", alphaShape, alphaInitializer, alphaRegularizer);
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** The index into alpha of flat sample element {@code i} (row-major), sharing broadcast axes. */
  private int alphaIndex(int i, int[] sample) {
    int k = 0;
    int stride = 1;
    int rest = i;
    int[] coords = new int[sample.length];
    for (int d = sample.length - 1; d >= 0; d--) {
      coords[d] = rest % sample[d];
      rest /= sample[d];
    }
    for (int d = sample.length - 1; d >= 0; d--) {
      k += (alphaShape[d] == 1 ? 0 : coords[d]) * stride;
      stride *= alphaShape[d];
    }
    return k;
  }

  private int[] alphaIndices(Tensor x) {
    int[] sample = Arrays.copyOfRange(x.shape, 1, x.rank());
    if (sample.length != alphaShape.length) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (PReLU) was built for input "
          + Tensor.shapeString(withBatch(builtInputShape())) + "; got " + x.shapeString() + ".");
    }
    int n = x.size() / Math.max(1, x.dim(0));
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = alphaIndex(i, sample);
    }
    return idx;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    int[] idx = alphaIndices(x);
    Tensor y = new Tensor(x.shape);
    for (int i = 0; i < x.size(); i++) {
      double v = x.data[i];
      y.data[i] = v > 0 ? v : alpha.value[idx[i % idx.length]] * v;
    }
    lastX = x;
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    int[] idx = alphaIndices(lastX);
    Tensor dx = new Tensor(dy.shape);
    for (int i = 0; i < dy.size(); i++) {
      double v = lastX.data[i];
      int a = idx[i % idx.length];
      if (v > 0) {
        dx.data[i] = dy.data[i];
      } else {
        dx.data[i] = dy.data[i] * alpha.value[a];
        alpha.grad[a] += dy.data[i] * v;
      }
    }
    return dx;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("alpha_initializer", Layers.serialize(alphaInitializer));
    c.put("alpha_regularizer", Layers.serialize(alphaRegularizer));
    c.put("shared_axes", sharedAxes.length == 0 ? null : sharedAxes.clone());
    return c;
  }
}
