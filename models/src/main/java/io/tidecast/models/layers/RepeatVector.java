package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras {@code RepeatVector(n)}: {@code (samples, features)} to {@code (samples, n, features)}, e.g. to feed an
 * encoder's last state to every step of a decoder.
 */
public class RepeatVector extends Layer<RepeatVector> {
  private final int n;
  private int features;

  public RepeatVector(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("RepeatVector n must be a positive integer, got " + n);
    }
    this.n = n;
  }

  public int n() {
    return n;
  }

  @Override
  protected void build(int[] inputShape) {
    computeOutputShape(inputShape); // no weights: only check the shape, so a mistake shows at add()
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    requireRank(inputShape, 1, "(samples, features); flatten the input first (e.g. with Flatten or an LSTM "
        + "without return_sequences)");
    return new int[] {n, inputShape[0]};
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    int batch = x.dim(0);
    features = x.dim(1);
    Tensor y = new Tensor(batch, n, features);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < n; t++) {
        System.arraycopy(x.data, b * features, y.data, (b * n + t) * features, features);
      }
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor dy) {
    int batch = dy.dim(0);
    Tensor dx = new Tensor(batch, features);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < n; t++) {
        int o = (b * n + t) * features;
        for (int f = 0; f < features; f++) {
          dx.data[b * features + f] += dy.data[o + f];
        }
      }
    }
    return dx;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("n", n);
    return c;
  }
}
