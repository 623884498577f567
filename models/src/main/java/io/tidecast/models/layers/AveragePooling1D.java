package io.tidecast.models.layers;

/**
 * Keras {@code AveragePooling1D(pool_size=2, strides=None, padding="valid")}: the mean of each window, per
 * feature; with padding {@code "same"} a window over an end averages only its real timesteps.
 */
public class AveragePooling1D extends Pooling1D<AveragePooling1D> {
  private int[] inShape;

  public AveragePooling1D() {
    this(2);
  }

  public AveragePooling1D(int poolSize) {
    super(poolSize);
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    timesteps(x.dim(1));
    int batch = x.dim(0);
    Tensor y = new Tensor(batch, outSteps, features);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < outSteps; t++) {
        int from = windowStart(t);
        int to = windowEnd(t);
        int o = (b * outSteps + t) * features;
        for (int s = from; s < to; s++) {
          int i = (b * steps + s) * features;
          for (int f = 0; f < features; f++) {
            y.data[o + f] += x.data[i + f];
          }
        }
        for (int f = 0; f < features; f++) {
          y.data[o + f] /= to - from;
        }
      }
    }
    inShape = x.shape;
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    Tensor dx = new Tensor(inShape);
    int batch = inShape[0];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < outSteps; t++) {
        int from = windowStart(t);
        int to = windowEnd(t);
        int o = (b * outSteps + t) * features;
        for (int s = from; s < to; s++) {
          int i = (b * steps + s) * features;
          for (int f = 0; f < features; f++) {
            dx.data[i + f] += dy.data[o + f] / (to - from);
          }
        }
      }
    }
    return dx;
  }
}
