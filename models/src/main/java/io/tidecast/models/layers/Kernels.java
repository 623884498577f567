package io.tidecast.models.layers;

/**
 * The matrix kernels every layer goes through: the seam where small (streaming) shapes and large shapes
 * can take different paths. Row-major, plain loops ordered so the inner loop runs over contiguous memory.
 */
final class Kernels {
  private Kernels() {
  }

  /** c[m x n] (+)= a[m x k] . b[k x n]. */
  static void matmul(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k, int n,
      boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * n;
      if (!accumulate) {
        java.util.Arrays.fill(c, ci, ci + n, 0.0);
      }
      int ai = aOff + i * k;
      for (int p = 0; p < k; p++) {
        double s = a[ai + p];
        if (s == 0.0) {
          continue;
        }
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += s * b[bp + j];
        }
      }
    }
  }

  /** c[k x n] += a[m x k]^T . b[m x n]  (weight gradients: x^T . dy). */
  static void matmulTransA(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k,
      int n) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * k;
      int bi = bOff + i * n;
      for (int p = 0; p < k; p++) {
        double s = a[ai + p];
        if (s == 0.0) {
          continue;
        }
        int cp = cOff + p * n;
        for (int j = 0; j < n; j++) {
          c[cp + j] += s * b[bi + j];
        }
      }
    }
  }

  /** c[m x k] (+)= a[m x n] . b[k x n]^T  (input gradients: dy . W^T). */
  static void matmulTransB(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int n,
      int k, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * n;
      int ci = cOff + i * k;
      for (int p = 0; p < k; p++) {
        int bp = bOff + p * n;
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += a[ai + j] * b[bp + j];
        }
        c[ci + p] = accumulate ? c[ci + p] + s : s;
      }
    }
  }

  /** Adds {@code bias[n]} to every row of {@code c[m x n]}. */
  static void addBias(double[] c, int cOff, double[] bias, int m, int n) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * n;
      for (int j = 0; j < n; j++) {
        c[ci + j] += bias[j];
      }
    }
  }

  /** {@code g[n] += column sums of d[m x n]}. */
  static void addColumnSums(double[] d, int dOff, double[] g, int m, int n) {
    for (int i = 0; i < m; i++) {
      int di = dOff + i * n;
      for (int j = 0; j < n; j++) {
        g[j] += d[di + j];
      }
    }
  }

  // ---- strided variants: operands are sub-blocks of larger row-major arrays (ld = row stride) ----------
  // Recurrent layers use them for per-gate column blocks of a kernel and per-timestep rows of a sequence.

  /** c[m x n] (+)= a[m x k] . b[k x n], rows of a, b, c being lda, ldb, ldc apart. */
  static void gemm(double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c, int cOff,
      int ldc, int m, int k, int n, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      if (!accumulate) {
        java.util.Arrays.fill(c, ci, ci + n, 0.0);
      }
      int ai = aOff + i * lda;
      for (int p = 0; p < k; p++) {
        double s = a[ai + p];
        if (s == 0.0) {
          continue;
        }
        int bp = bOff + p * ldb;
        for (int j = 0; j < n; j++) {
          c[ci + j] += s * b[bp + j];
        }
      }
    }
  }

  /** c[k x n] += a[m x k]^T . b[m x n], rows of a, b, c being lda, ldb, ldc apart. */
  static void gemmTransA(double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c, int cOff,
      int ldc, int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda;
      int bi = bOff + i * ldb;
      for (int p = 0; p < k; p++) {
        double s = a[ai + p];
        if (s == 0.0) {
          continue;
        }
        int cp = cOff + p * ldc;
        for (int j = 0; j < n; j++) {
          c[cp + j] += s * b[bi + j];
        }
      }
    }
  }

  /** c[m x k] (+)= a[m x n] . b[k x n]^T, rows of a, b, c being lda, ldb, ldc apart. */
  static void gemmTransB(double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c, int cOff,
      int ldc, int m, int n, int k, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda;
      int ci = cOff + i * ldc;
      for (int p = 0; p < k; p++) {
        int bp = bOff + p * ldb;
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += a[ai + j] * b[bp + j];
        }
        c[ci + p] = accumulate ? c[ci + p] + s : s;
      }
    }
  }
}
