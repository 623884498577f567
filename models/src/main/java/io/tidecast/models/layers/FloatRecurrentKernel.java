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
 * of BPTT instead of one per step, and the inner loops run over contiguous float rows that C2 vectorizes.
 * Single-threaded and in a fixed order, so results are bit-reproducible.
 *
 * <p>Layout, for step {@code s} (processing order) and sample {@code i}, row {@code r = s*n + i}:
 * {@code xh[r] = [x at time t(s), h before step s]} ({@code P = F+H} floats), {@code act[r]} the gate
 * activations ({@code G} floats), {@code hseq[r]} h after step s.
 */
abstract class FloatRecurrentKernel {
  final int f;
  final int h;
  final int g;
  final int p;
  /** {@code [kernel; recurrent_kernel]}, {@code P x G} row-major, refreshed from the weights per forward. */
  final float[] w;
  /** {@code w} transposed ({@code G x P}), refreshed per backward: dxh = dz . w^T as contiguous axpys. */
  final float[] wt;
  final float[] b;
  private final float[] dw;
  private final float[] db;

  int n;
  int steps;
  private boolean backwards;
  float[] xh = new float[0];
  float[] act = new float[0];
  float[] dz = new float[0];
  float[] hseq = new float[0];
  /** dLoss/dh flowing into the step being back-propagated ({@code n x H}). */
  float[] dh = new float[0];
  private float[] dxh = new float[0];

  FloatRecurrentKernel(int features, int units, int gates) {
    this.f = features;
    this.h = units;
    this.g = gates * units;
    this.p = features + units;
    this.w = new float[p * g];
    this.wt = new float[g * p];
    this.b = new float[g];
    this.dw = new float[p * g];
    this.db = new float[g];
  }

  // ---- cell hooks -----------------------------------------------------------------------------------

  /** Grows cell-specific workspaces for {@code n} samples and {@code steps} steps. */
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
    if (xh.length < rows * p) {
      xh = new float[rows * p];
      act = new float[rows * g];
      dz = new float[rows * g];
      hseq = new float[rows * h];
    }
    if (dh.length < n * h) {
      dh = new float[n * h];
      dxh = new float[n * p];
    }
    ensureCell(rows);
    int fg = f * g;
    for (int k = 0; k < fg; k++) {
      w[k] = (float) kernel[k];
    }
    for (int k = 0, e = h * g; k < e; k++) {
      w[fg + k] = (float) recurrent[k];
    }
    for (int k = 0; k < g; k++) {
      b[k] = bias == null ? 0f : (float) bias[k];
    }
    for (int s = 0; s < steps; s++) {
      int t = backwards ? steps - 1 - s : s;
      for (int i = 0; i < n; i++) {
        int xo = (i * steps + t) * f;
        int r = (s * n + i) * p;
        for (int k = 0; k < f; k++) {
          xh[r + k] = (float) x[xo + k];
        }
      }
    }
    double[] h0 = init[0];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < h; j++) {
        xh[i * p + f + j] = (float) h0[i * h + j];
      }
    }
    initCell(init);
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < n; i++) {
        int r = s * n + i;
        System.arraycopy(b, 0, act, r * g, g);
        gemvAcc(xh, r * p, p, w, g, act, r * g);
      }
      cellForward(s);
    }
    return finalStates();
  }

  /** Records h after step {@code s} for sample {@code i}: the output and the next step's input. */
  final void emitH(int s, int i, float[] src, int srcOff) {
    System.arraycopy(src, srcOff, hseq, (s * n + i) * h, h);
    if (s + 1 < steps) {
      System.arraycopy(src, srcOff, xh, ((s + 1) * n + i) * p + f, h);
    }
  }

  /** The layer output: h after the last step, or after every step in processing order. */
  final void output(double[] y, boolean sequences) {
    if (!sequences) {
      int o = (steps - 1) * n * h;
      for (int k = 0, e = n * h; k < e; k++) {
        y[k] = hseq[o + k];
      }
      return;
    }
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < n; i++) {
        int src = (s * n + i) * h;
        int dst = (i * steps + s) * h;
        for (int j = 0; j < h; j++) {
          y[dst + j] = hseq[src + j];
        }
      }
    }
  }

  final double[] lastH() {
    double[] out = new double[n * h];
    int o = (steps - 1) * n * h;
    for (int k = 0; k < out.length; k++) {
      out[k] = hseq[o + k];
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
    for (int k = 0; k < p; k++) {
      for (int j = 0; j < g; j++) {
        wt[j * p + k] = w[k * g + j];
      }
    }
    int nh = n * h;
    java.util.Arrays.fill(dh, 0, nh, 0f);
    beginBackward();
    for (int s = steps - 1; s >= 0; s--) {
      if (sequences) {
        for (int i = 0; i < n; i++) {
          int o = (i * steps + s) * h;
          for (int j = 0; j < h; j++) {
            dh[i * h + j] += (float) dy[o + j];
          }
        }
      } else if (s == steps - 1) {
        for (int k = 0; k < nh; k++) {
          dh[k] += (float) dy[k];
        }
      }
      cellBackward(s);
      int t = backwards ? steps - 1 - s : s;
      for (int i = 0; i < n; i++) {
        java.util.Arrays.fill(dxh, 0, p, 0f);
        gemvAcc(dz, (s * n + i) * g, g, wt, p, dxh, 0);
        System.arraycopy(dxh, f, dh, i * h, h);
        int xo = (i * steps + t) * f;
        for (int k = 0; k < f; k++) {
          dx[xo + k] = dxh[k];
        }
      }
    }
    // all steps at once: dW = xh^T . dz over every (step, sample) row
    java.util.Arrays.fill(dw, 0f);
    java.util.Arrays.fill(db, 0f);
    int rows = n * steps;
    gemmTransAAcc(xh, dz, dw, rows, p, g);
    for (int r = 0; r < rows; r++) {
      int o = r * g;
      for (int j = 0; j < g; j++) {
        db[j] += dz[o + j];
      }
    }
    int fg = f * g;
    for (int k = 0; k < fg; k++) {
      kernelGrad[k] += dw[k];
    }
    for (int k = 0, e = h * g; k < e; k++) {
      recurrentGrad[k] += dw[fg + k];
    }
    if (biasGrad != null) {
      for (int j = 0; j < g; j++) {
        biasGrad[j] += db[j];
      }
    }
  }

  // ---- float matrix kernels -------------------------------------------------------------------------

  /** {@code z[zo..zo+cols) += x[xo..xo+k) . m} with {@code m} row-major {@code k x cols}; 4 rows per pass. */
  static void gemvAcc(float[] x, int xo, int k, float[] m, int cols, float[] z, int zo) {
    int kk = 0;
    for (; kk + 3 < k; kk += 4) {
      float x0 = x[xo + kk];
      float x1 = x[xo + kk + 1];
      float x2 = x[xo + kk + 2];
      float x3 = x[xo + kk + 3];
      int m0 = kk * cols;
      int m1 = m0 + cols;
      int m2 = m1 + cols;
      int m3 = m2 + cols;
      for (int j = 0; j < cols; j++) {
        z[zo + j] += x0 * m[m0 + j] + x1 * m[m1 + j] + x2 * m[m2 + j] + x3 * m[m3 + j];
      }
    }
    for (; kk < k; kk++) {
      float x0 = x[xo + kk];
      int m0 = kk * cols;
      for (int j = 0; j < cols; j++) {
        z[zo + j] += x0 * m[m0 + j];
      }
    }
  }

  /** {@code c (k x cols) += a^T . d} with {@code a} {@code rows x k} and {@code d} {@code rows x cols}. */
  static void gemmTransAAcc(float[] a, float[] d, float[] c, int rows, int k, int cols) {
    int r = 0;
    for (; r + 3 < rows; r += 4) {
      int a0 = r * k;
      int d0 = r * cols;
      int d1 = d0 + cols;
      int d2 = d1 + cols;
      int d3 = d2 + cols;
      for (int kk = 0; kk < k; kk++) {
        float s0 = a[a0 + kk];
        float s1 = a[a0 + k + kk];
        float s2 = a[a0 + 2 * k + kk];
        float s3 = a[a0 + 3 * k + kk];
        int co = kk * cols;
        for (int j = 0; j < cols; j++) {
          c[co + j] += s0 * d[d0 + j] + s1 * d[d1 + j] + s2 * d[d2 + j] + s3 * d[d3 + j];
        }
      }
    }
    for (; r < rows; r++) {
      int a0 = r * k;
      int d0 = r * cols;
      for (int kk = 0; kk < k; kk++) {
        float s0 = a[a0 + kk];
        int co = kk * cols;
        for (int j = 0; j < cols; j++) {
          c[co + j] += s0 * d[d0 + j];
        }
      }
    }
  }
}
