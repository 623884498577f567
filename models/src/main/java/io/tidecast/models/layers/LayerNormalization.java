package io.tidecast.models.layers;

/**
 * Keras {@code LayerNormalization(axis=-1, epsilon=1e-3, center=True, scale=True,
 * beta_initializer="zeros", gamma_initializer="ones")}: each sample (and timestep) is normalised over its
 * features, {@code y = gamma * (x - mean) / sqrt(var + epsilon) + beta}, with the same maths in training and
 * inference. Weights {@code gamma (features)}, {@code beta (features)}.
 */
public class LayerNormalization extends AffineNormalization<LayerNormalization> {
  private Tensor lastXhat;
  private double[] lastInv;

  @Override
  public Tensor forward(Tensor x, boolean training) {
    int rows = rows(x);
    int c = channels;
    Tensor xhat = new Tensor(x.shape);
    double[] inv = new double[rows];
    for (int r = 0; r < rows; r++) {
      int o = r * c;
      double mean = 0;
      for (int j = 0; j < c; j++) {
        mean += x.data[o + j];
      }
      mean /= c;
      double var = 0;
      for (int j = 0; j < c; j++) {
        double d = x.data[o + j] - mean;
        var += d * d;
      }
      var /= c;
      inv[r] = 1.0 / Math.sqrt(var + epsilon);
      for (int j = 0; j < c; j++) {
        xhat.data[o + j] = (x.data[o + j] - mean) * inv[r];
      }
    }
    lastXhat = xhat;
    lastInv = inv;
    return affine(xhat);
  }

  @Override
  public Tensor backward(Tensor dy) {
    double[] dxhat = affineBackward(dy, lastXhat);
    int c = channels;
    int rows = dy.size() / c;
    Tensor dx = new Tensor(dy.shape);
    for (int r = 0; r < rows; r++) {
      int o = r * c;
      double sum = 0;
      double dot = 0;
      for (int j = 0; j < c; j++) {
        sum += dxhat[o + j];
        dot += dxhat[o + j] * lastXhat.data[o + j];
      }
      for (int j = 0; j < c; j++) {
        dx.data[o + j] = lastInv[r] * (dxhat[o + j] - sum / c - lastXhat.data[o + j] * dot / c);
      }
    }
    return dx;
  }
}
