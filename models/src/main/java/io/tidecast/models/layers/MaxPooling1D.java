package io.tidecast.models.layers;

/**
 * Keras {@code MaxPooling1D(pool_size=2, strides=None, padding="valid")}: the maximum of each window, per
 * feature. The gradient goes to the first maximum of a window, as in TensorFlow.
 */
public class MaxPooling1D extends Pooling1D<MaxPooling1D> {
  private int[] argmax;
  private int[] inShape;

  public MaxPooling1D() {
    this(2);
  }

  public MaxPooling1D(int poolSize) {
    super(poolSize);
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    timesteps(x.dim(1));
    int batch = x.dim(0);
    Tensor y = new Tensor(batch, outSteps, features);
    argmax = new int[y.size()];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < outSteps; t++) {
        int from = windowStart(t);
        int to = windowEnd(t);
        int o = (b * outSteps + t) * features;
        for (int f = 0; f < features; f++) {
          int best = (b * steps + from) * features + f;
          for (int s = from + 1; s < to; s++) {
            int i = (b * steps + s) * features + f;
            if (x.data[i] > x.data[best]) {
              best = i;
            }
          }
          y.data[o + f] = x.data[best];
          argmax[o + f] = best;
        }
      }
    }
    inShape = x.shape;
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
