package io.tidecast.models.layers;

/**
 * Keras {@code GlobalAveragePooling1D(keepdims=False)}: the mean over timesteps, {@code (samples, timesteps,
 * features)} to {@code (samples, features)} (or {@code (samples, 1, features)} with {@code keepdims}).
 */
public class GlobalAveragePooling1D extends GlobalPooling1D<GlobalAveragePooling1D> {
  @Override
  public Tensor forward(Tensor x, boolean training) {
    Tensor y = output(x);
    int batch = x.dim(0);
    int steps = x.dim(1);
    int f = x.dim(2);
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
}
