package io.tidecast.models.layers;

/**
 * Keras {@code SimpleRNN(units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
 * recurrent_initializer="orthogonal", bias_initializer="zeros", dropout=0, recurrent_dropout=0,
 * return_sequences=False, return_state=False, go_backwards=False, stateful=False)}: a fully connected RNN,
 * {@code h' = a(x.W + h.U + b)} with {@code kernel (features, u)}, {@code recurrent_kernel (u, u)},
 * {@code bias (u)}. State handling: see {@link Recurrent}; states are {@code [h]}.
 */
public class SimpleRNN extends Recurrent<SimpleRNN> {
  private double[][] zp; // pre-activations per step (samples x u)

  public SimpleRNN(int units) {
    super(units, 1);
  }

  @Override
  boolean floatKernelApplies() {
    return activation == io.tidecast.models.Activations.get("tanh");
  }

  @Override
  FloatRecurrentKernel newFloatKernel() {
    return new SimpleRnnKernel(inputDim, units);
  }

  @Override
  Weight buildBias() {
    return addWeight("bias", new int[] {units}, biasInitializer, biasRegularizer);
  }

  @Override
  double[][] forwardSteps(double[] xw, double[][] init) {
    int u = units;
    zp = new double[steps][];
    for (int s = 0; s < steps; s++) {
      int t = timeIndex(s);
      double[] z = new double[n * u];
      for (int i = 0; i < n; i++) {
        System.arraycopy(xw, (i * steps + t) * u, z, i * u, u);
      }
      Kernels.gemm(maskedState(hs[s], 0), 0, u, recurrentKernel.value, 0, u, z, 0, u, n, u, u, true);
      double[] h = new double[n * u];
      activation.forward(z, h, 0, n * u, u);
      carryMasked(s, h, hs[s]);
      zp[s] = z;
      hs[s + 1] = h;
    }
    return new double[][] {hs[steps]};
  }

  @Override
  void backwardSteps(double[][] dhs, double[] dxw) {
    int u = units;
    int nu = n * u;
    double[] dhNext = new double[nu];
    double[] dh = new double[nu];
    double[] dz = new double[nu];
    double[] mask = recurrentMask(0);
    double[] pass = new double[nu];
    for (int s = steps - 1; s >= 0; s--) {
      for (int k = 0; k < nu; k++) {
        dh[k] = dhNext[k] + (dhs[s] == null ? 0.0 : dhs[s][k]);
      }
      splitMasked(s, dh, pass);
      activation.backward(zp[s], hs[s + 1], dh, dz, 0, nu, u);
      int t = timeIndex(s);
      for (int i = 0; i < n; i++) {
        System.arraycopy(dz, i * u, dxw, (i * steps + t) * u, u);
      }
      Kernels.gemmTransA(maskedState(hs[s], 0), 0, u, dz, 0, u, recurrentKernel.grad, 0, u, n, u, u);
      Kernels.gemmTransB(dz, 0, u, recurrentKernel.value, 0, u, dhNext, 0, u, n, u, u, false);
      for (int k = 0; k < nu; k++) {
        dhNext[k] = (mask == null ? dhNext[k] : dhNext[k] * mask[k]) + pass[k];
      }
    }
  }
}
