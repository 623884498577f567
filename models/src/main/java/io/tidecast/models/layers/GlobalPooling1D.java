package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras's base of the global 1-D pooling layers: one value per feature over all timesteps, {@code (samples,
 * timesteps, features)} to {@code (samples, features)} (or {@code (samples, 1, features)} with {@code keepdims}).
 *
 * @param <T> the concrete pooling layer
 */
public abstract class GlobalPooling1D<T extends GlobalPooling1D<T>> extends Layer<T> {
  private boolean keepdims;
  int[] inShape;

  public T keepdims(boolean k) {
    this.keepdims = k;
    return self();
  }

  @Override
  protected void build(int[] inputShape) {
    computeOutputShape(inputShape); // no weights: only check the shape, so a mistake shows at add()
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    requireRank(inputShape, 2, "(samples, timesteps, features)");
    return keepdims ? new int[] {1, inputShape[1]} : new int[] {inputShape[1]};
  }

  /** An empty output for input {@code x}, remembering its shape for {@link #backward}. */
  Tensor output(Tensor x) {
    inShape = x.shape;
    return keepdims ? new Tensor(x.dim(0), 1, x.dim(2)) : new Tensor(x.dim(0), x.dim(2));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", "channels_last");
    c.put("keepdims", keepdims);
    return c;
  }
}
