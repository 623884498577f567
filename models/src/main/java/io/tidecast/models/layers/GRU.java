package io.tidecast.models.layers;

import io.tidecast.models.ActivationFunction;
import io.tidecast.models.Activations;
import java.util.Map;

/**
 * Keras {@code GRU(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
 * kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
 * dropout=0, recurrent_dropout=0, return_sequences=False, return_state=False, go_backwards=False,
 * stateful=False, reset_after=True)}.
 *
 * <p>Weights {@code kernel (features, 3u)}, {@code recurrent_kernel (u, 3u)}, gate column blocks z
 * (update), r (reset), h (candidate). With {@code reset_after=True} (Keras 3 default, cuDNN-compatible)
 * {@code bias} is {@code (2, 3u)}: row 0 input bias, row 1 recurrent bias, and
 * {@code hh = a(x.W_h + b_h + r * (h.U_h + b'_h))}. With {@code reset_after=False} (Keras 2 / tfjs)
 * {@code bias} is {@code (3u)} and {@code hh = a(x.W_h + b_h + (r*h).U_h)}. Then
 * {@code h' = z*h + (1-z)*hh}.
 *
 * <p>Dropout as Keras 3: with {@code recurrent_dropout > 0} each of the three gates gets its own input
 * and recurrent mask (Keras' "implementation 1"); otherwise one input mask is shared. The unmasked h is
 * used in {@code z*h}. State handling: see {@link Recurrent}; states are {@code [h]}.
 */
public class GRU extends Recurrent<GRU> {
  private boolean resetAfter = true;

  // cache per step s (samples x 3u): pre-activations zp[s], activations a[s] (z, r, hh); with reset_after
  // the recurrent projections rr[s] (h.U + b'), without it the reset state hr[s] = r * h (samples x u).
  private double[][] zp;
  private double[][] as;
  private double[][] rr;
  private double[][] hr;

  public GRU(int units) {
    super(units, 3);
  }

  /** Keras {@code recurrent_activation}, default {@code sigmoid}. */
  public GRU recurrentActivation(String name) {
    this.recurrentActivation = Activations.get(name);
    return this;
  }

  public GRU recurrentActivation(ActivationFunction f) {
    this.recurrentActivation = f;
    return this;
  }

  /** Keras {@code reset_after}, default true (Keras 3); false is the Keras 2 / tfjs variant. */
  public GRU resetAfter(boolean b) {
    this.resetAfter = b;
    return this;
  }

  public boolean resetAfter() {
    return resetAfter;
  }

  @Override
  int maskCount() {
    return recurrentDropout > 0 ? 3 : 1;
  }

  @Override
  Weight buildBias() {
    int[] shape = resetAfter ? new int[] {2, 3 * units} : new int[] {3 * units};
    return addWeight("bias", shape, biasInitializer, biasRegularizer);
  }

  @Override
  double[][] forwardSteps(double[] xw, double[][] init) {
    int u = units;
    int w = 3 * u;
    int nu = n * u;
    double[] rk = recurrentKernel.value;
    zp = new double[steps][];
    as = new double[steps][];
    rr = resetAfter ? new double[steps][] : null;
    hr = resetAfter ? null : new double[steps][];
    for (int s = 0; s < steps; s++) {
      int t = timeIndex(s);
      double[] hPrev = hs[s];
      double[] z = new double[n * w];
      for (int i = 0; i < n; i++) {
        System.arraycopy(xw, (i * steps + t) * w, z, i * w, w);
      }
      double[] a = new double[n * w];
      double[] rec = null;
      if (resetAfter) {
        rec = new double[n * w];
        for (int g = 0; g < 3; g++) {
          Kernels.gemm(maskedState(hPrev, g), 0, u, rk, g * u, w, rec, g * u, w, n, u, u, false);
        }
        if (useBias) {
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < w; j++) {
              rec[i * w + j] += bias.value[w + j];
            }
          }
        }
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < 2 * u; j++) {
            z[i * w + j] += rec[i * w + j];
          }
        }
        for (int i = 0; i < n; i++) {
          recurrentActivation.forward(z, a, i * w, 2 * u, u);
        }
        for (int i = 0; i < n; i++) {
          int o = i * w;
          for (int j = 0; j < u; j++) {
            z[o + 2 * u + j] += a[o + u + j] * rec[o + 2 * u + j];
          }
        }
        rr[s] = rec;
      } else {
        for (int g = 0; g < 2; g++) {
          Kernels.gemm(maskedState(hPrev, g), 0, u, rk, g * u, w, z, g * u, w, n, u, u, true);
        }
        for (int i = 0; i < n; i++) {
          recurrentActivation.forward(z, a, i * w, 2 * u, u);
        }
        double[] h2 = maskedState(hPrev, 2);
        double[] reset = new double[nu];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < u; j++) {
            reset[i * u + j] = a[i * w + u + j] * h2[i * u + j];
          }
        }
        Kernels.gemm(reset, 0, u, rk, 2 * u, w, z, 2 * u, w, n, u, u, true);
        hr[s] = reset;
      }
      for (int i = 0; i < n; i++) {
        activation.forward(z, a, i * w + 2 * u, u, u);
      }
      double[] h = new double[nu];
      for (int i = 0; i < n; i++) {
        int o = i * w;
        for (int j = 0; j < u; j++) {
          double zz = a[o + j];
          h[i * u + j] = zz * hPrev[i * u + j] + (1.0 - zz) * a[o + 2 * u + j];
        }
      }
      carryMasked(s, h, hPrev);
      zp[s] = z;
      as[s] = a;
      hs[s + 1] = h;
    }
    return new double[][] {hs[steps]};
  }

  @Override
  void backwardSteps(double[][] dhs, double[] dxw) {
    int u = units;
    int w = 3 * u;
    int nu = n * u;
    double[] rk = recurrentKernel.value;
    double[] grk = recurrentKernel.grad;
    double[] dhNext = new double[nu];
    double[] dh = new double[nu];
    double[] tmp = new double[nu];
    double[] da = new double[n * w];
    double[] dz = new double[n * w];
    double[] pass = new double[nu];
    for (int s = steps - 1; s >= 0; s--) {
      double[] a = as[s];
      double[] z = zp[s];
      double[] hPrev = hs[s];
      for (int k = 0; k < nu; k++) {
        dh[k] = dhNext[k] + (dhs[s] == null ? 0.0 : dhs[s][k]);
      }
      splitMasked(s, dh, pass);
      // h' = z*h + (1-z)*hh
      for (int i = 0; i < n; i++) {
        int o = i * w;
        for (int j = 0; j < u; j++) {
          int k = i * u + j;
          da[o + j] = dh[k] * (hPrev[k] - a[o + 2 * u + j]);
          da[o + 2 * u + j] = dh[k] * (1.0 - a[o + j]);
          dhNext[k] = dh[k] * a[o + j] + pass[k];
        }
      }
      for (int i = 0; i < n; i++) {
        activation.backward(z, a, da, dz, i * w + 2 * u, u, u);
      }
      if (resetAfter) {
        double[] rec = rr[s];
        double[] drec = new double[n * w];
        for (int i = 0; i < n; i++) {
          int o = i * w;
          for (int j = 0; j < u; j++) {
            da[o + u + j] = dz[o + 2 * u + j] * rec[o + 2 * u + j];   // d r
            drec[o + 2 * u + j] = dz[o + 2 * u + j] * a[o + u + j];
          }
        }
        for (int i = 0; i < n; i++) {
          recurrentActivation.backward(z, a, da, dz, i * w, 2 * u, u);
        }
        for (int i = 0; i < n; i++) {
          System.arraycopy(dz, i * w, drec, i * w, 2 * u);
        }
        if (useBias) {
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < w; j++) {
              bias.grad[w + j] += drec[i * w + j];
            }
          }
        }
        for (int g = 0; g < 3; g++) {
          addStateGradient(drec, g, hPrev, dhNext, tmp);
        }
      } else {
        double[] reset = hr[s];
        Kernels.gemmTransA(reset, 0, u, dz, 2 * u, w, grk, 2 * u, w, n, u, u);
        Kernels.gemmTransB(dz, 2 * u, w, rk, 2 * u, w, tmp, 0, u, n, u, u, false);   // d(r*h2)
        double[] h2 = maskedState(hPrev, 2);
        double[] m2 = recurrentMask(2);
        for (int i = 0; i < n; i++) {
          int o = i * w;
          for (int j = 0; j < u; j++) {
            int k = i * u + j;
            da[o + u + j] = tmp[k] * h2[k];                                           // d r
            double d = tmp[k] * a[o + u + j];
            dhNext[k] += m2 == null ? d : d * m2[k];
          }
        }
        for (int i = 0; i < n; i++) {
          recurrentActivation.backward(z, a, da, dz, i * w, 2 * u, u);
        }
        for (int g = 0; g < 2; g++) {
          addStateGradient(dz, g, hPrev, dhNext, tmp);
        }
      }
      int t = timeIndex(s);
      for (int i = 0; i < n; i++) {
        System.arraycopy(dz, i * w, dxw, (i * steps + t) * w, w);
      }
    }
  }

  /** For gate g's recurrent product {@code (h*mask_g).U_g}: dU_g += hm^T.d_g and dh += (d_g.U_g^T)*mask_g. */
  private void addStateGradient(double[] d, int g, double[] hPrev, double[] dhNext, double[] tmp) {
    int u = units;
    int w = 3 * u;
    Kernels.gemmTransA(maskedState(hPrev, g), 0, u, d, g * u, w, recurrentKernel.grad, g * u, w, n, u, u);
    Kernels.gemmTransB(d, g * u, w, recurrentKernel.value, g * u, w, tmp, 0, u, n, u, u, false);
    double[] m = recurrentMask(g);
    for (int k = 0; k < tmp.length; k++) {
      dhNext[k] += m == null ? tmp[k] : tmp[k] * m[k];
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("recurrent_activation", recurrentActivation.name());
    c.put("reset_after", resetAfter);
    return c;
  }
}
