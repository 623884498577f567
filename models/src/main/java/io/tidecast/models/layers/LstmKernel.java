package io.tidecast.models.layers;

/**
 * LSTM cell maths (gate blocks i, f, g, o; tanh and sigmoid) on the float32 layout of
 * {@link FloatRecurrentKernel}. Keeps c before each step and tanh(c) after it for BPTT.
 */
final class LstmKernel extends FloatRecurrentKernel {
  /** c before step s for sample i in row {@code s*n + i}; {@code steps+1} blocks of n rows. */
  private float[][] c = new float[0][];
  /** tanh(c after step s), row {@code s*n + i}. */
  private float[][] tc = new float[0][];
  private final float[] hRow;
  private float[][] dc = new float[0][];

  LstmKernel(int features, int units) {
    super(features, units, 4);
    hRow = new float[units];
  }

  @Override
  void ensureCell(int rows) {
    tc = rows(tc, rows, h);
    c = rows(c, rows + n, h);
    dc = rows(dc, n, h);
  }

  @Override
  void initCell(double[][] init) {
    double[] c0 = init[1];
    for (int i = 0; i < n; i++) {
      float[] row = c[i];
      for (int j = 0; j < h; j++) {
        row[j] = (float) c0[i * h + j];
      }
    }
  }

  @Override
  void cellForward(int s) {
    int u = h;
    for (int i = 0; i < n; i++) {
      int r = s * n + i;
      float[] a = act[r];
      FastMath.sigmoid(a, 0, 2 * u);
      FastMath.tanh(a, 2 * u, 3 * u);
      FastMath.sigmoid(a, 3 * u, 4 * u);
      float[] cp = c[r];
      float[] cn = c[r + n];
      float[] t = tc[r];
      for (int j = 0; j < u; j++) {
        cn[j] = a[u + j] * cp[j] + a[j] * a[2 * u + j];
      }
      for (int j = 0; j < u; j++) {
        t[j] = FastMath.tanh(cn[j]);
      }
      for (int j = 0; j < u; j++) {
        hRow[j] = a[3 * u + j] * t[j];
      }
      emitH(s, i, hRow, 0);
    }
  }

  @Override
  double[][] finalStates() {
    return new double[][] {toDouble(hseq, (steps - 1) * n), toDouble(c, steps * n)};
  }

  @Override
  void beginBackward() {
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(dc[i], 0f);
    }
  }

  @Override
  void cellBackward(int s) {
    int u = h;
    for (int i = 0; i < n; i++) {
      int r = s * n + i;
      float[] a = act[r];
      float[] d = dz[r];
      float[] t = tc[r];
      float[] cp = c[r];
      float[] dhi = dh[i];
      float[] dci = dc[i];
      for (int j = 0; j < u; j++) {
        float ig = a[j];
        float fg = a[u + j];
        float gg = a[2 * u + j];
        float og = a[3 * u + j];
        float tj = t[j];
        float dhv = dhi[j];
        float dcv = dci[j] + dhv * og * (1f - tj * tj);
        d[j] = dcv * gg * ig * (1f - ig);
        d[u + j] = dcv * cp[j] * fg * (1f - fg);
        d[2 * u + j] = dcv * ig * (1f - gg * gg);
        d[3 * u + j] = dhv * tj * og * (1f - og);
        dci[j] = dcv * fg;
      }
    }
  }
}
