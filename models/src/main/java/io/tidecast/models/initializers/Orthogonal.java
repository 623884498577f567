package io.tidecast.models.initializers;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code Orthogonal(gain=1.0, seed=None)}: the shape is flattened to
 * (prod(shape[:-1]), shape[-1]); a tall normal matrix is QR-factorised (Householder) and Q, with its
 * columns' signs fixed by diag(R) so the result is Haar-distributed, is transposed back for wide shapes
 * and scaled by {@code gain}. Tall results have orthonormal columns, wide ones orthonormal rows.
 */
public final class Orthogonal extends RandomInitializer {
  private final double gain;

  public Orthogonal() {
    this(1.0);
  }

  public Orthogonal(long seed) {
    this(1.0, seed);
  }

  public Orthogonal(double gain) {
    super(null);
    this.gain = gain;
  }

  public Orthogonal(double gain, long seed) {
    super(seed);
    this.gain = gain;
  }

  public double gain() {
    return gain;
  }

  @Override
  public void initialize(double[] out, int[] shape, SplittableRandom rng) {
    if (shape.length < 2) {
      throw new IllegalArgumentException("The tensor to initialize must be at least two-dimensional. Received: shape="
          + Arrays.toString(shape) + " of rank " + shape.length + ".");
    }
    int size = Shapes.size(out, shape);
    int cols = shape[shape.length - 1];
    int rows = cols == 0 ? 0 : size / cols;
    int m = Math.max(rows, cols);
    int n = Math.min(rows, cols);
    if (n == 0) {
      return;
    }
    double[] a = new double[m * n];
    Gaussian g = new Gaussian(stream(rng));
    for (int i = 0; i < a.length; i++) {
      a[i] = g.next();
    }
    double[] q = orthonormalColumns(a, m, n);
    if (rows >= cols) {
      for (int i = 0; i < q.length; i++) {
        out[i] = gain * q[i];
      }
    } else { // q is cols x rows: write its transpose
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          out[i * cols + j] = gain * q[j * n + i];
        }
      }
    }
  }

  /**
   * Q of the thin QR factorisation a = QR (a is m x n row-major, m >= n, overwritten), with column j
   * multiplied by sign(R[j][j]) so that R's diagonal is positive.
   */
  static double[] orthonormalColumns(double[] a, int m, int n) {
    double[][] v = new double[n][];
    double[] vv = new double[n];
    double[] rDiag = new double[n];
    for (int k = 0; k < n; k++) {
      double norm2 = 0;
      for (int i = k; i < m; i++) {
        norm2 += a[i * n + k] * a[i * n + k];
      }
      double norm = Math.sqrt(norm2);
      if (norm == 0.0) {
        continue; // probability zero for normal draws; the column stays as the identity's
      }
      // reflect onto -sign(a_kk) e1 so that v = x - alpha e1 suffers no cancellation
      double alpha = a[k * n + k] > 0 ? -norm : norm;
      double[] vk = new double[m - k];
      for (int i = k; i < m; i++) {
        vk[i - k] = a[i * n + k];
      }
      vk[0] -= alpha;
      double s = 0;
      for (double x : vk) {
        s += x * x;
      }
      v[k] = vk;
      vv[k] = s;
      rDiag[k] = alpha;
      for (int j = k; j < n; j++) {
        double dot = 0;
        for (int i = k; i < m; i++) {
          dot += vk[i - k] * a[i * n + j];
        }
        double f = 2.0 * dot / s;
        for (int i = k; i < m; i++) {
          a[i * n + j] -= f * vk[i - k];
        }
      }
    }
    // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity
    double[] q = new double[m * n];
    for (int j = 0; j < n; j++) {
      q[j * n + j] = 1.0;
    }
    for (int k = n - 1; k >= 0; k--) {
      double[] vk = v[k];
      if (vk == null) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int i = k; i < m; i++) {
          dot += vk[i - k] * q[i * n + j];
        }
        double f = 2.0 * dot / vv[k];
        for (int i = k; i < m; i++) {
          q[i * n + j] -= f * vk[i - k];
        }
      }
    }
    for (int j = 0; j < n; j++) {
      if (rDiag[j] < 0) {
        for (int i = 0; i < m; i++) {
          q[i * n + j] = -q[i * n + j];
        }
      }
    }
    return q;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("gain", gain);
    return c;
  }
}
