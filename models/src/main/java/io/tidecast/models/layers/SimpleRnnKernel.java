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
      int a = (s * n + i) * g;
      FastMath.tanh(act, a, a + h);
      emitH(s, i, act, a);
    }
  }

  @Override
  double[][] finalStates() {
    return new double[][] {lastH()};
  }

  @Override
  void beginBackward() {
  }

  @Override
  void cellBackward(int s) {
    for (int i = 0; i < n; i++) {
      int a = (s * n + i) * g;
      int hi = i * h;
      for (int j = 0; j < h; j++) {
        float y = act[a + j];
        dz[a + j] = dh[hi + j] * (1f - y * y);
      }
    }
  }
}
