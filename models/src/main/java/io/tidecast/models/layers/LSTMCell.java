package io.tidecast.models.layers;

/**
 * Keras's {@code LSTMCell.call(inputs, states)} for inference on float32 rows: one step of an {@link LSTM}
 * layer's cell, {@code [h, c] <- cell(x, [h, c])}, for one sample at a time. Get it with {@link LSTM#cell()}.
 *
 * <p>Why a per-sample step beside the layer's batched loop: a streaming forecaster advances each key's carried
 * state by one event, and each row is computed alone in a fixed order, so a key's result does not depend on
 * which other keys share its batch (the layer's loop may switch to a native sgemm for large batches, whose
 * summation order differs). It uses the layer's float32 activations, so its results match the layer's float32
 * forward to float rounding.
 */
public final class LSTMCell {
  private final LSTM layer;
  private final int f;
  private final int u;
  private final int g;
  /** {@code [kernel; recurrent_kernel]} as {@code F+U} rows of {@code 4U} floats. */
  private final float[][] w;
  private final float[] b;
  private final float[] z;
  private final float[] xh;

  LSTMCell(LSTM layer) {
    if (!layer.built()) {
      throw new IllegalStateException("the LSTM layer must be built (e.g. added to a model with an input shape) "
          + "before its cell can step");
    }
    this.layer = layer;
    this.f = layer.inputDim;
    this.u = layer.units;
    this.g = 4 * u;
    this.w = new float[f + u][g];
    this.b = new float[g];
    this.z = new float[g];
    this.xh = new float[f + u];
    refresh();
  }

  public int units() {
    return u;
  }

  public int inputDim() {
    return f;
  }

  /** Reloads the layer's current weights; call after every change to them (e.g. an optimizer step). */
  public void refresh() {
    double[] k = layer.kernel.value;
    double[] r = layer.recurrentKernel.value;
    for (int i = 0; i < f; i++) {
      for (int j = 0; j < g; j++) {
        w[i][j] = (float) k[i * g + j];
      }
    }
    for (int i = 0; i < u; i++) {
      for (int j = 0; j < g; j++) {
        w[f + i][j] = (float) r[i * g + j];
      }
    }
    for (int j = 0; j < g; j++) {
      b[j] = layer.bias == null ? 0f : (float) layer.bias.value[j];
    }
  }

  /**
   * One step for one sample: reads {@code inputDim()} inputs at {@code x[xOff]} and the state {@code [h, c]}
   * ({@code 2 * units()} floats) at {@code state[sOff]}, and writes the new state there.
   */
  public void step(float[] x, int xOff, float[] state, int sOff) {
    System.arraycopy(x, xOff, xh, 0, f);
    System.arraycopy(state, sOff, xh, f, u);
    System.arraycopy(b, 0, z, 0, g);
    FloatRecurrentKernel.gemvAcc(xh, f + u, w, g, z);
    FastMath.sigmoid(z, 0, 2 * u);
    FastMath.tanh(z, 2 * u, 3 * u);
    FastMath.sigmoid(z, 3 * u, 4 * u);
    int c = sOff + u;
    for (int j = 0; j < u; j++) {
      float cn = z[u + j] * state[c + j] + z[j] * z[2 * u + j];
      state[c + j] = cn;
      state[sOff + j] = z[3 * u + j] * FastMath.tanh(cn);
    }
  }
}
