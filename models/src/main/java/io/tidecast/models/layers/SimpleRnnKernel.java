package io.tidecast.models.layers;

/** SimpleRNN with tanh on the float32 layout of {@link FloatRecurrentKernel}: {@code h' = tanh(z)}. */
final class SimpleRnnKernel extends FloatRecurrentKernel {
  SimpleRnnKernel(int features, int units) {
    super(features, units, 1);
  }

  @Override
  void ensureCell(int rows) {
  }

  @Override
  void initCell(double[][] init) {
  }

  @Override
  void cellForward(int s) {
    for (int i = 0; i < n; i++) {
      float[] a = act[s * n + i];
      FastMath.tanh(a, 0, h);
      emitH(s, i, a, 0);
    }
  }

  @Override
  double[][] finalStates() {
    return new double[][] {toDouble(hseq, (steps - 1) * n)};
  }

  @Override
  void beginBackward() {
  }

  @Override
  void cellBackward(int s) {
    for (int i = 0; i < n; i++) {
      float[] a = act[s * n + i];
      float[] d = dz[s * n + i];
      float[] dhi = dh[i];
      for (int j = 0; j < h; j++) {
        d[j] = dhi[j] * (1f - a[j] * a[j]);
      }
    }
  }
}
