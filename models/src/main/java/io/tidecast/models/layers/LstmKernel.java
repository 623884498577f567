package io.tidecast.models.layers;

/**
 * LSTM cell maths (gate blocks i, f, g, o; tanh and sigmoid) on the float32 layout of
 * {@link FloatRecurrentKernel}. Keeps c before each step and tanh(c) after it for BPTT.
 */
final class LstmKernel extends FloatRecurrentKernel {
  /** c before step s, sample i at {@code (s*n + i)*H}; {@code steps+1} blocks. */
  private float[] c = new float[0];
  /** tanh(c after step s) at {@code (s*n + i)*H}. */
  private float[] tc = new float[0];
  private float[] hRow = new float[0];
  private float[] dc = new float[0];

  LstmKernel(int features, int units) {
    super(features, units, 4);
  }

  @Override
  void ensureCell(int rows) {
    if (tc.length < rows * h) {
      tc = new float[rows * h];
    }
    if (c.length < (rows + n) * h) {
      c = new float[(rows + n) * h];
    }
    if (dc.length < n * h) {
      dc = new float[n * h];
    }
    if (hRow.length < h) {
      hRow = new float[h];
    }
  }

  @Override
  void initCell(double[][] init) {
    double[] c0 = init[1];
    for (int k = 0, e = n * h; k < e; k++) {
      c[k] = (float) c0[k];
    }
  }

  @Override
  void cellForward(int s) {
    int u = h;
    for (int i = 0; i < n; i++) {
      int r = s * n + i;
      int a = r * g;
      FastMath.sigmoid(act, a, a + 2 * u);
      FastMath.tanh(act, a + 2 * u, a + 3 * u);
      FastMath.sigmoid(act, a + 3 * u, a + 4 * u);
      int cp = r * u;
      int cn = (r + n) * u;
      for (int j = 0; j < u; j++) {
        c[cn + j] = act[a + u + j] * c[cp + j] + act[a + j] * act[a + 2 * u + j];
      }
      for (int j = 0; j < u; j++) {
        tc[cp + j] = FastMath.tanh(c[cn + j]);
      }
      for (int j = 0; j < u; j++) {
        hRow[j] = act[a + 3 * u + j] * tc[cp + j];
      }
      emitH(s, i, hRow, 0);
    }
  }

  @Override
  double[][] finalStates() {
    double[] cl = new double[n * h];
    int o = steps * n * h;
    for (int k = 0; k < cl.length; k++) {
      cl[k] = c[o + k];
    }
    return new double[][] {lastH(), cl};
  }

  @Override
  void beginBackward() {
    java.util.Arrays.fill(dc, 0, n * h, 0f);
  }

  @Override
  void cellBackward(int s) {
    int u = h;
    for (int i = 0; i < n; i++) {
      int r = s * n + i;
      int a = r * g;
      int hr = r * u;
      int hi = i * u;
      for (int j = 0; j < u; j++) {
        float ig = act[a + j];
        float fg = act[a + u + j];
        float gg = act[a + 2 * u + j];
        float og = act[a + 3 * u + j];
        float t = tc[hr + j];
        float dhv = dh[hi + j];
        float dcv = dc[hi + j] + dhv * og * (1f - t * t);
        dz[a + j] = dcv * gg * ig * (1f - ig);
        dz[a + u + j] = dcv * c[hr + j] * fg * (1f - fg);
        dz[a + 2 * u + j] = dcv * ig * (1f - gg * gg);
        dz[a + 3 * u + j] = dhv * t * og * (1f - og);
        dc[hi + j] = dcv * fg;
      }
    }
  }
}
