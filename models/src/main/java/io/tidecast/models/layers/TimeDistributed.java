package io.tidecast.models.layers;

import java.util.Arrays;
import java.util.Map;

/**
 * Keras {@code TimeDistributed(layer)}: applies {@code layer} to every timestep of
 * {@code (samples, timesteps, ...)} input with the same weights, giving {@code (samples, timesteps,
 * ...layer output)}; e.g. {@code TimeDistributed(Dense(1))} after a {@code return_sequences} LSTM emits one
 * value per step. The weights are the wrapped layer's. A timestep mask passes through unchanged.
 *
 * <p>The timesteps run as one batch of {@code samples * timesteps} rows, which is exactly Keras' per-step
 * loop for layers that treat rows independently (Dense, Activation, LayerNormalization, BatchNormalization
 * in inference, ...). A wrapped BatchNormalization in training takes its statistics over all timesteps
 * together (Keras 2), where Keras 3 takes them per timestep; a wrapped Dropout draws its masks in a
 * different order.
 */
public class TimeDistributed extends Wrapper<TimeDistributed> {
  private final Layer<?> layer;
  private int[] innerIn;
  private int[] lastShape;

  public TimeDistributed(Layer<?> layer) {
    wrap(layer, layer == null || layer.name() == null ? null : layer.name());
    this.layer = layer;
    adoptInputShape(layer);
  }

  /** The wrapped layer. */
  public Layer<?> layer() {
    return layer;
  }

  private int[] innerShape(int[] inputShape) {
    if (inputShape.length < 2) {
      throw new IllegalArgumentException("Layer \"" + (name() == null ? defaultNameStem() : name())
          + "\" (TimeDistributed) needs input of at least 3 dimensions (samples, timesteps, ...); got "
          + Tensor.shapeString(withBatch(inputShape)) + ".");
    }
    return Arrays.copyOfRange(inputShape, 1, inputShape.length);
  }

  /** Keras names the wrapped layer's weights after the wrapper: {@code time_distributed/kernel}. */
  @Override
  String innerPath(int i) {
    return name();
  }

  @Override
  protected void build(int[] inputShape) {
    innerIn = innerShape(inputShape);
    buildInner(0, innerIn);
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    int[] o = layer.computeOutputShape(innerShape(inputShape));
    int[] out = new int[o.length + 1];
    out[0] = inputShape[0];
    System.arraycopy(o, 0, out, 1, o.length);
    return out;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    if (x.rank() != innerIn.length + 2 || !Arrays.equals(Arrays.copyOfRange(x.shape, 2, x.rank()), innerIn)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (TimeDistributed) expects input shaped "
          + "(samples, timesteps, " + Tensor.shapeString(innerIn).substring(1) + "; got " + x.shapeString()
          + ".");
    }
    int n = x.dim(0);
    int t = x.dim(1);
    int[] rows = new int[innerIn.length + 1];
    rows[0] = n * t;
    System.arraycopy(innerIn, 0, rows, 1, innerIn.length);
    Tensor y = layer.forward(x.reshape(rows), training);
    int[] out = new int[y.rank() + 1];
    out[0] = n;
    out[1] = t;
    System.arraycopy(y.shape, 1, out, 2, y.rank() - 1);
    lastShape = x.shape.clone();
    return y.reshape(out);
  }

  @Override
  public Tensor backward(Tensor dy) {
    int[] rows = new int[dy.rank() - 1];
    rows[0] = dy.dim(0) * dy.dim(1);
    System.arraycopy(dy.shape, 2, rows, 1, dy.rank() - 2);
    return layer.backward(dy.reshape(rows)).reshape(lastShape);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("layer", innerConfig(0));
    return c;
  }
}
