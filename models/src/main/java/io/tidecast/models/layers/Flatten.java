package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras {@code Flatten()}: {@code (samples, d1, d2, ...)} to {@code (samples, d1*d2*...)}, row-major, so
 * {@code Conv1D -> Flatten -> Dense} matches Keras weight for weight.
 */
public class Flatten extends Layer<Flatten> {
  private int[] inShape;

  @Override
  protected void build(int[] inputShape) {
    computeOutputShape(inputShape); // no weights: only check the shape, so a mistake shows at add()
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    long size = Tensor.sizeOf(inputShape);
    if (inputShape.length == 0 || size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Flatten needs input of shape (samples, ...) with fewer than 2^31 values "
          + "per sample, got " + Tensor.shapeString(withBatch(inputShape)));
    }
    return new int[] {(int) size};
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    int[] built = builtInputShape();
    if (built != null && Tensor.sizeOf(built) != x.sampleSize()) { // the next layer's weights expect the built size
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Flatten) was built for input "
          + Tensor.shapeString(withBatch(built)) + " but got " + x.shapeString() + ": the layers after it need a "
          + "fixed number of values per sample, so feed " + Tensor.shapeString(built).replace("(", "(samples, ")
          + " or use GlobalAveragePooling1D instead of Flatten for inputs of varying length.");
    }
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
