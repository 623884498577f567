package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras {@code GlobalAveragePooling1D(keepdims=False)}: the mean over timesteps, {@code (samples, timesteps,
 * features)} to {@code (samples, features)} (or {@code (samples, 1, features)} with {@code keepdims}).
 */
public class GlobalAveragePooling1D extends Layer<GlobalAveragePooling1D> {
  private boolean keepdims;
  private int[] inShape;

  public GlobalAveragePooling1D keepdims(boolean k) {
    this.keepdims = k;
    return this;
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

  @Override
  public Tensor forward(Tensor x, boolean training) {
    inShape = x.shape;
    int batch = x.dim(0);
    int steps = x.dim(1);
    int f = x.dim(2);
    Tensor y = keepdims ? new Tensor(batch, 1, f) : new Tensor(batch, f);
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < f; j++) {
        double s = 0;
        for (int t = 0; t < steps; t++) {
          s += x.data[(b * steps + t) * f + j];
        }
        y.data[b * f + j] = s / steps;
      }
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    int batch = inShape[0];
    int steps = inShape[1];
    int f = inShape[2];
    Tensor dx = new Tensor(inShape);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        for (int j = 0; j < f; j++) {
          dx.data[(b * steps + t) * f + j] = dy.data[b * f + j] / steps;
        }
      }
    }
    return dx;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", "channels_last");
    c.put("keepdims", keepdims);
    return c;
  }
}
