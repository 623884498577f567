package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras {@code Flatten()}: {@code (samples, d1, d2, ...)} to {@code (samples, d1*d2*...)}, row-major, so
 * {@code Conv1D -> Flatten -> Dense} matches Keras weight for weight.
 */
public class Flatten extends Layer<Flatten> {
  private int[] inShape;

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    if (inputShape.length == 0) {
      throw new IllegalArgumentException("Flatten needs input of shape (samples, ...), got "
          + Tensor.shapeString(withBatch(inputShape)));
    }
    return new int[] {Math.toIntExact(Tensor.sizeOf(inputShape))};
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    inShape = x.shape;
    return x.reshape(x.dim(0), x.sampleSize());
  }

  @Override
  public Tensor backward(Tensor dy) {
    return dy.reshape(inShape);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", "channels_last");
    return c;
  }
}
