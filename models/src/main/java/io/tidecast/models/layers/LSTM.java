package io.tidecast.models.layers;

import io.tidecast.models.ActivationFunction;
import io.tidecast.models.Activations;
import java.util.Map;

/**
 * Keras {@code LSTM(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
 * kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
 * unit_forget_bias=True, dropout=0, recurrent_dropout=0, return_sequences=False, return_state=False,
 * go_backwards=False, stateful=False)}.
 *
 * <p>Weights {@code kernel (features, 4u)}, {@code recurrent_kernel (u, 4u)}, {@code bias (4u)}, gate
 * column blocks i, f, c, o. Per step: {@code z = x.W + h.U + b; i = ra(z_i); f = ra(z_f); g = a(z_c);
 * o = ra(z_o); c' = f*c + i*g; h' = o*a(c')}. Dropout (training only) multiplies x and the h fed to
 * {@code U} by one mask each per batch. State handling: see {@link Recurrent}; states are {@code [h, c]}.
 */
public class LSTM extends Recurrent<LSTM> {
  private boolean unitForgetBias = true;

  // cache, per step s: pre-activations z[s] and gates a[s] (samples x 4u); cs[s] is c before step s,
  // acs[s] = activation(cs[s]).
  private double[][] zs;
  private double[][] as;
  private double[][] cs;
  private double[][] acs;

  public LSTM(int units) {
    super(units, 4);
  }

  /** Keras {@code recurrent_activation}, default {@code sigmoid}. */
  public LSTM recurrentActivation(String name) {
    this.recurrentActivation = Activations.get(name);
    return this;
  }

  public LSTM recurrentActivation(ActivationFunction f) {
    this.recurrentActivation = f;
    return this;
  }

  /** Keras {@code unit_forget_bias}, default true: the forget-gate bias block starts at ones. */
  public LSTM unitForgetBias(boolean b) {
    this.unitForgetBias = b;
    return this;
  }

  /**
   * The layer's cell as Keras's {@code lstm.cell}: one float32 step per sample with the layer's weights (see
   * {@link LSTMCell}). Needs a built layer with the default activations.
   */
  public LSTMCell cell() {
    if (!floatKernelApplies()) {
      throw new IllegalStateException("LSTM.cell() steps with the float32 tanh/sigmoid cell; this layer uses "
          + activation.name() + "/" + recurrentActivation.name());
    }
    return new LSTMCell(this);
  }

  @Override
  boolean floatKernelApplies() {
    // the float kernel hard-codes Keras' default activations
    return activation == Activations.get("tanh") && recurrentActivation == Activations.get("sigmoid");
  }

  @Override
  FloatRecurrentKernel newFloatKernel() {
    return new LstmKernel(inputDim, units);
  }

  @Override
  int stateCount() {
    return 2;
  }

  @Override
  Weight buildBias() {
    int u = units;
    if (!unitForgetBias) {
      return addWeight("bias", new int[] {4 * u}, biasInitializer, biasRegularizer);
    }
    // As Keras: bias_initializer for (u,), ones for the forget block (u,), bias_initializer for (2u,).
    return addWeight("bias", new int[] {4 * u}, (out, shape, r) -> {
      double[] a = new double[u];
      biasInitializer.initialize(a, new int[] {u}, r);
      double[] b = new double[2 * u];
      biasInitializer.initialize(b, new int[] {2 * u}, r);
      System.arraycopy(a, 0, out, 0, u);
      java.util.Arrays.fill(out, u, 2 * u, 1.0);
      System.arraycopy(b, 0, out, 2 * u, 2 * u);
    }, biasRegularizer);
  }

  @Override
  double[][] forwardSteps(double[] xw, double[][] init) {
    int u = units;
    int w = 4 * u;
    double[] rk = recurrentKernel.value;
    zs = new double[steps][];
    as = new double[steps][];
    cs = new double[steps + 1][];
    acs = new double[steps + 1][];
    cs[0] = init[1];
    for (int s = 0; s < steps; s++) {
      int t = timeIndex(s);
      double[] z = new double[n * w];
      for (int i = 0; i < n; i++) {
        System.arraycopy(xw, (i * steps + t) * w, z, i * w, w);
      }
      Kernels.gemm(maskedState(hs[s], 0), 0, u, rk, 0, w, z, 0, w, n, u, w, true);
      double[] a = new double[n * w];
      for (int i = 0; i < n; i++) {
        int o = i * w;
        recurrentActivation.forward(z, a, o, 2 * u, u);         // i, f
        activation.forward(z, a, o + 2 * u, u, u);              // c (candidate g)
        recurrentActivation.forward(z, a, o + 3 * u, u, u);     // o
      }
      double[] cPrev = cs[s];
      double[] c = new double[n * u];
      for (int i = 0; i < n; i++) {
        int o = i * w;
        for (int j = 0; j < u; j++) {
          c[i * u + j] = a[o + u + j] * cPrev[i * u + j] + a[o + j] * a[o + 2 * u + j];
        }
      }
      double[] ac = new double[n * u];
      activation.forward(c, ac, 0, n * u, u);
      double[] h = new double[n * u];
      for (int i = 0; i < n; i++) {
        int o = i * w;
        for (int j = 0; j < u; j++) {
          h[i * u + j] = a[o + 3 * u + j] * ac[i * u + j];
        }
      }
      carryMasked(s, c, cPrev);
      carryMasked(s, h, hs[s]);
      zs[s] = z;
      as[s] = a;
      cs[s + 1] = c;
      acs[s + 1] = ac;
      hs[s + 1] = h;
    }
    return new double[][] {hs[steps], cs[steps]};
  }

  @Override
  void backwardSteps(double[][] dhs, double[] dxw) {
    int u = units;
    int w = 4 * u;
    int nu = n * u;
    double[] dhNext = new double[nu];
    double[] dcNext = new double[nu];
    double[] dh = new double[nu];
    double[] tmp = new double[nu];
    double[] dcAct = new double[nu];
    double[] da = new double[n * w];
    double[] dz = new double[n * w];
    double[] mask = recurrentMask(0);
    double[] passH = new double[nu];
    double[] passC = new double[nu];
    for (int s = steps - 1; s >= 0; s--) {
      double[] a = as[s];
      double[] z = zs[s];
      double[] cPrev = cs[s];
      double[] ac = acs[s + 1];
      for (int k = 0; k < nu; k++) {
        dh[k] = dhNext[k] + (dhs[s] == null ? 0.0 : dhs[s][k]);
      }
      splitMasked(s, dh, passH);
      splitMasked(s, dcNext, passC);
      // dc = dcNext + dh * o * a'(c)
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < u; j++) {
          tmp[i * u + j] = dh[i * u + j] * a[i * w + 3 * u + j];
        }
      }
      activation.backward(cs[s + 1], ac, tmp, dcAct, 0, nu, u);
      for (int i = 0; i < n; i++) {
        int o = i * w;
        for (int j = 0; j < u; j++) {
          int k = i * u + j;
          double dc = dcNext[k] + dcAct[k];
          da[o + j] = dc * a[o + 2 * u + j];             // d i
          da[o + u + j] = dc * cPrev[k];                 // d f
          da[o + 2 * u + j] = dc * a[o + j];             // d g
          da[o + 3 * u + j] = dh[k] * ac[k];             // d o
          dcNext[k] = dc * a[o + u + j] + passC[k];
        }
      }
      for (int i = 0; i < n; i++) {
        int o = i * w;
        recurrentActivation.backward(z, a, da, dz, o, 2 * u, u);
        activation.backward(z, a, da, dz, o + 2 * u, u, u);
        recurrentActivation.backward(z, a, da, dz, o + 3 * u, u, u);
      }
      int t = timeIndex(s);
      for (int i = 0; i < n; i++) {
        System.arraycopy(dz, i * w, dxw, (i * steps + t) * w, w);
      }
      Kernels.gemmTransA(maskedState(hs[s], 0), 0, u, dz, 0, w, recurrentKernel.grad, 0, w, n, u, w);
      Kernels.gemmTransB(dz, 0, w, recurrentKernel.value, 0, w, dhNext, 0, u, n, w, u, false);
      for (int k = 0; k < nu; k++) {
        dhNext[k] = (mask == null ? dhNext[k] : dhNext[k] * mask[k]) + passH[k];
      }
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("recurrent_activation", recurrentActivation.name());
    c.put("unit_forget_bias", unitForgetBias);
    return c;
  }
}
