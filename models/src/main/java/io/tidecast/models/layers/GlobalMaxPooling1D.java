package io.tidecast.models.layers;

/**
 * Keras {@code GlobalMaxPooling1D(keepdims=False)}: the maximum over timesteps, {@code (samples, timesteps,
 * features)} to {@code (samples, features)} (or {@code (samples, 1, features)} with {@code keepdims}). The
 * gradient goes to the first maximum, as in {@link MaxPooling1D}.
 */
public class GlobalMaxPooling1D extends GlobalPooling1D<GlobalMaxPooling1D> {
  private int[] argmax;

  @Override
  public Tensor forward(Tensor x, boolean training) {
    Tensor y = output(x);
    int batch = x.dim(0);
    int steps = x.dim(1);
    int f = x.dim(2);
    argmax = new int[y.size()];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < f; j++) {
        int best = b * steps * f + j;
        for (int t = 1; t < steps; t++) {
          int i = (b * steps + t) * f + j;
          if (x.data[i] > x.data[best]) {
            best = i;
          }
        }
        y.data[b * f + j] = x.data[best];
        argmax[b * f + j] = best;
      }
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    Tensor dx = new Tensor(inShape);
    for (int i = 0; i < argmax.length; i++) {
      dx.data[argmax[i]] += dy.data[i];
    }
    return dx;
  }
}
