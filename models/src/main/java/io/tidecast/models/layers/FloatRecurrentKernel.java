package io.tidecast.models.layers;

/**
 * The float32 path of a recurrent layer whose step is {@code z = [x_t, h] . [kernel; recurrent_kernel] +
 * bias} followed by element-wise gate maths ({@link LstmKernel}, {@link SimpleRnnKernel}). Used by float32
 * models (see {@link Layer#dtype(String)}) when no dropout mask applies; everything else, and every float64
 * model, takes the exact double path of {@link Recurrent}.
 *
 * <p>Why it is fast at streaming sizes: the two weight matrices are stacked into one float matrix (one
 * gemv per sample and step, {@code (F+H) x G}), the workspaces are allocated once and reused while
 * shapes repeat (nothing is allocated per step), the weight gradient is one pass over all steps at the end
 * of BPTT instead of one per step, and every inner loop runs over whole rows held as separate float[]
 * indexed from 0: C2 (JDK 17) vectorizes {@code z[j] += s * w[j]} on such rows, but not the same loop on
 * offsets into one flat array (measured 17-23 vs 4-7 GFLOP/s).
 * Single-threaded and in a fixed order, so results are bit-reproducible.
 *
 * <p>Layout, for step {@code s} (processing order) and sample {@code i}, row {@code r = s*n + i}:
 * {@code xh[r] = [x at time t(s), h before step s]} ({@code P = F+H} floats), {@code act[r]} the gate
 * activations ({@code G} floats), {@code dz[r]} their gradients, {@code hseq[r]} h after step s.
 */
abstract class FloatRecurrentKernel {
  final int f;
  final int h;
  final int g;
  final int p;
  /** {@code [kernel; recurrent_kernel]}, {@code P} rows of {@code G}, refreshed from the weights per forward. */
  final float[][] w;
  /** {@code w} transposed ({@code G} rows of {@code P}), refreshed per backward: dxh = dz . w^T as axpys. */
  final float[][] wt;
  final float[] b;
  private final float[][] dw;
  private final float[] db;

  int n;
  int steps;
  private boolean backwards;
  float[][] xh = new float[0][];
  float[][] act = new float[0][];
  float[][] dz = new float[0][];
  float[][] hseq = new float[0][];
  /** dLoss/dh flowing into the step being back-propagated, one row per sample. */
  float[][] dh = new float[0][];
  private final float[] dxh;
  /**
   * Steps of at least this many multiply-adds ({@code n * P * G}) use {@link NativeGemm}; below it ND4J's
   * per-call cost outweighs sgemm's speed. Package-private so tests can force either path.
   */
  static long nativeMinMacs = 1L << 20;
  private NativeGemm gemm;
  /** Whether the last forward (and so the coming backward) used {@link #gemm}. */
  private boolean onNative;
  /** Per-sample dxh rows of one step, filled by {@link NativeGemm#backwardStep}. */
  private float[][] dxhRows = new float[0][];

  FloatRecurrentKernel(int features, int units, int gates) {
    this.f = features;
    this.h = units;
    this.g = gates * units;
    this.p = features + units;
    this.w = new float[p][g];
    this.wt = new float[g][p];
    this.b = new float[g];
    this.dw = new float[p][g];
    this.db = new float[g];
    this.dxh = new float[p];
  }

  static float[][] rows(float[][] old, int count, int width) {
    if (old.length >= count) {
      return old;
    }
    float[][] r = java.util.Arrays.copyOf(old, count);
    for (int i = old.length; i < count; i++) {
      r[i] = new float[width];
    }
    return r;
  }

  // ---- cell hooks -----------------------------------------------------------------------------------

  /** Grows cell-specific workspaces for {@code rows = n * steps} rows. */
  abstract void ensureCell(int rows);

  /** Loads the initial states other than h (e.g. LSTM's c). */
  abstract void initCell(double[][] init);

  /**
   * Step {@code s}: {@code act} rows hold the pre-activations; applies the gates, updates the cell state
   * and writes h after the step with {@link #emitH}.
   */
  abstract void cellForward(int s);

  /** The final states, fresh double arrays ({@code [h, c]} for LSTM). */
  abstract double[][] finalStates();

  abstract void beginBackward();

  /** Step {@code s}: given {@link #dh}, writes dLoss/dz into the {@code dz} rows and updates cell carries. */
  abstract void cellBackward(int s);

  // ---- forward --------------------------------------------------------------------------------------

  final double[][] forward(double[] x, int n, int steps, boolean backwards, double[][] init, double[] kernel,
      double[] recurrent, double[] bias) {
    this.n = n;
    this.steps = steps;
    this.backwards = backwards;
    int rows = n * steps;
    xh = rows(xh, rows, p);
    act = rows(act, rows, g);
    dz = rows(dz, rows, g);
    hseq = rows(hseq, rows, h);
    dh = rows(dh, n, h);
    ensureCell(rows);
    for (int k = 0; k < f; k++) {
      for (int j = 0; j < g; j++) {
        w[k][j] = (float) kernel[k * g + j];
      }
    }
    for (int k = 0; k < h; k++) {
      float[] row = w[f + k];
      for (int j = 0; j < g; j++) {
        row[j] = (float) recurrent[k * g + j];
      }
    }
    for (int j = 0; j < g; j++) {
      b[j] = bias == null ? 0f : (float) bias[j];
    }
    for (int s = 0; s < steps; s++) {
      int t = backwards ? steps - 1 - s : s;
      for (int i = 0; i < n; i++) {
        int xo = (i * steps + t) * f;
        float[] row = xh[s * n + i];
        for (int k = 0; k < f; k++) {
          row[k] = (float) x[xo + k];
        }
      }
    }
    double[] h0 = init[0];
    for (int i = 0; i < n; i++) {
      float[] row = xh[i];
      for (int j = 0; j < h; j++) {
        row[f + j] = (float) h0[i * h + j];
      }
    }
    initCell(init);
    onNative = (long) n * p * g >= nativeMinMacs;
    if (onNative) {
      if (gemm == null) {
        gemm = new NativeGemm(p, g);
      }
      gemm.begin(w, n);
      dxhRows = rows(dxhRows, n, p);
      for (int s = 0; s < steps; s++) {
        gemm.forwardStep(xh, s * n, b, act);
        cellForward(s);
      }
      return finalStates();
    }
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < n; i++) {
        int r = s * n + i;
        float[] z = act[r];
        System.arraycopy(b, 0, z, 0, g);
        gemvAcc(xh[r], p, w, g, z);
      }
      cellForward(s);
    }
    return finalStates();
  }

  /** Records h after step {@code s} for sample {@code i}: the output and the next step's input. */
  final void emitH(int s, int i, float[] src, int srcOff) {
    System.arraycopy(src, srcOff, hseq[s * n + i], 0, h);
    if (s + 1 < steps) {
      System.arraycopy(src, srcOff, xh[(s + 1) * n + i], f, h);
    }
  }

  /** The layer output: h after the last step, or after every step in processing order. */
  final void output(double[] y, boolean sequences) {
    for (int s = sequences ? 0 : steps - 1; s < steps; s++) {
      for (int i = 0; i < n; i++) {
        float[] src = hseq[s * n + i];
        int dst = sequences ? (i * steps + s) * h : i * h;
        for (int j = 0; j < h; j++) {
          y[dst + j] = src[j];
        }
      }
    }
  }

  /** Rows {@code [from, from+n)} of {@code m} as one fresh {@code n x H} double array. */
  final double[] toDouble(float[][] m, int from) {
    double[] out = new double[n * h];
    for (int i = 0; i < n; i++) {
      float[] row = m[from + i];
      for (int j = 0; j < h; j++) {
        out[i * h + j] = row[j];
      }
    }
    return out;
  }

  // ---- backward -------------------------------------------------------------------------------------

  /**
   * BPTT for the last forward: writes dLoss/dx into {@code dx} ({@code (n, steps, F)}) and adds the weight
   * gradients into the given double arrays ({@code biasGrad} may be null).
   */
  final void backward(double[] dy, boolean sequences, double[] dx, double[] kernelGrad, double[] recurrentGrad,
      double[] biasGrad) {
    if (!onNative) { // sgemm reads w transposed itself
      for (int k = 0; k < p; k++) {
        float[] row = w[k];
        for (int j = 0; j < g; j++) {
          wt[j][k] = row[j];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(dh[i], 0f);
    }
    beginBackward();
    for (int s = steps - 1; s >= 0; s--) {
      if (sequences || s == steps - 1) {
        for (int i = 0; i < n; i++) {
          int o = sequences ? (i * steps + s) * h : i * h;
          float[] d = dh[i];
          for (int j = 0; j < h; j++) {
            d[j] += (float) dy[o + j];
          }
        }
      }
      cellBackward(s);
      int t = backwards ? steps - 1 - s : s;
      if (onNative) {
        gemm.backwardStep(xh, dz, s * n, dxhRows);
      }
      for (int i = 0; i < n; i++) {
        float[] dxh = this.dxh;
        if (onNative) {
          dxh = dxhRows[i];
        } else {
          java.util.Arrays.fill(dxh, 0f);
          gemvAcc(dz[s * n + i], g, wt, p, dxh);
        }
        System.arraycopy(dxh, f, dh[i], 0, h);
        int xo = (i * steps + t) * f;
        for (int k = 0; k < f; k++) {
          dx[xo + k] = dxh[k];
        }
      }
    }
    // all steps at once: dW = xh^T . dz over every (step, sample) row
    for (float[] row : dw) {
      java.util.Arrays.fill(row, 0f);
    }
    java.util.Arrays.fill(db, 0f);
    int rows = n * steps;
    if (onNative) {
      gemm.weightGradient(dw);
    } else {
      gemmTransAAcc(xh, dz, dw, rows, p, g);
    }
    for (int r = 0; r < rows; r++) {
      float[] d = dz[r];
      for (int j = 0; j < g; j++) {
        db[j] += d[j];
      }
    }
    for (int k = 0; k < f; k++) {
      for (int j = 0; j < g; j++) {
        kernelGrad[k * g + j] += dw[k][j];
      }
    }
    for (int k = 0; k < h; k++) {
      float[] row = dw[f + k];
      for (int j = 0; j < g; j++) {
        recurrentGrad[k * g + j] += row[j];
      }
    }
    if (biasGrad != null) {
      for (int j = 0; j < g; j++) {
        biasGrad[j] += db[j];
      }
    }
  }

  // ---- float matrix kernels -------------------------------------------------------------------------

  /** {@code z[0..cols) += x[0..k) . m} with {@code m} given as {@code k} rows; 4 rows per pass. */
  static void gemvAcc(float[] x, int k, float[][] m, int cols, float[] z) {
    int kk = 0;
    for (; kk + 3 < k; kk += 4) {
      float x0 = x[kk];
      float x1 = x[kk + 1];
      float x2 = x[kk + 2];
      float x3 = x[kk + 3];
      float[] m0 = m[kk];
      float[] m1 = m[kk + 1];
      float[] m2 = m[kk + 2];
      float[] m3 = m[kk + 3];
      for (int j = 0; j < cols; j++) {
        z[j] += x0 * m0[j] + x1 * m1[j] + x2 * m2[j] + x3 * m3[j];
      }
    }
    for (; kk < k; kk++) {
      float x0 = x[kk];
      float[] m0 = m[kk];
      for (int j = 0; j < cols; j++) {
        z[j] += x0 * m0[j];
      }
    }
  }

  /** {@code c (k rows of cols) += a^T . d} over {@code rows} rows of {@code a} (k wide) and {@code d}. */
  static void gemmTransAAcc(float[][] a, float[][] d, float[][] c, int rows, int k, int cols) {
    int r = 0;
    for (; r + 3 < rows; r += 4) {
      float[] a0 = a[r];
      float[] a1 = a[r + 1];
      float[] a2 = a[r + 2];
      float[] a3 = a[r + 3];
      float[] d0 = d[r];
      float[] d1 = d[r + 1];
      float[] d2 = d[r + 2];
      float[] d3 = d[r + 3];
      for (int kk = 0; kk < k; kk++) {
        float s0 = a0[kk];
        float s1 = a1[kk];
        float s2 = a2[kk];
        float s3 = a3[kk];
        float[] ck = c[kk];
        for (int j = 0; j < cols; j++) {
          ck[j] += s0 * d0[j] + s1 * d1[j] + s2 * d2[j] + s3 * d3[j];
        }
      }
    }
    for (; r < rows; r++) {
      float[] a0 = a[r];
      float[] d0 = d[r];
      for (int kk = 0; kk < k; kk++) {
        float s0 = a0[kk];
        float[] ck = c[kk];
        for (int j = 0; j < cols; j++) {
          ck[j] += s0 * d0[j];
        }
      }
    }
  }
}
