package io.tidecast.stream;

import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.LSTMCell;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.Optimizer;
import io.tidecast.models.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The network every key shares: an LSTM over per-step input vectors (the key's last L normalised values), then a
 * head on {@code [h, input]} giving all H steps at once, plus a linear skip from the input that starts as the
 * seasonal-naive forecast, so an untrained network forecasts as seasonal naive does and learns what it misses.
 *
 * <p>Two paths with the same weights: {@link #step} advances one key by one event in float32, row by row
 * (a key's result does not depend on the other keys of its batch), and {@link #train} runs one batched truncated
 * BPTT over segments of many keys through the model core's layers and one Adam step.
 */
final class GlobalNetwork {
  /** Normalised inputs are clipped to this (log units: a factor of e^8 ~ 3000 from the level). */
  static final float INPUT_CLIP = 8f;

  private final int lags;
  private final int units;
  private final int hiddenUnits;
  private final int horizon;
  private final int tbptt;
  private final LSTM lstm;
  private final LSTMCell cell;
  private final Dense hidden;
  private final Dense out;
  private final Dense skip;
  private final Optimizer optimizer;
  private final List<Weight> weights = new ArrayList<>();
  private long version;

  // float copies of the head for step(): refreshed after every update
  private final float[][] w1;
  private final float[] b1;
  private final float[][] w2;
  private final float[] b2;
  private final float[][] ws;
  private final float[] hx;
  private final float[] act;

  GlobalNetwork(GlobalConfig cfg) {
    this(cfg, false);
  }

  /** {@code float64}: the exact double path everywhere (for gradient checks); the step path stays float32. */
  GlobalNetwork(GlobalConfig cfg, boolean float64) {
    this.lags = cfg.lags();
    this.units = cfg.units();
    this.hiddenUnits = cfg.hidden();
    this.horizon = cfg.horizon();
    this.tbptt = cfg.tbptt();
    SplittableRandom rng = new SplittableRandom(cfg.seed());
    int k = tbptt;
    lstm = new LSTM(units).returnSequences(true).dtype(float64 ? "float64" : "float32");
    lstm.build("lstm", new int[] {k, lags}, rng);
    int in = units + lags;
    if (hiddenUnits > 0) {
      hidden = new Dense(hiddenUnits, "relu");
      hidden.build("hidden", new int[] {k, in}, rng);
      out = new Dense(horizon);
      out.build("out", new int[] {k, hiddenUnits}, rng);
    } else {
      hidden = null;
      out = new Dense(horizon);
      out.build("out", new int[] {k, in}, rng);
    }
    // the head starts silent: the first forecasts are the skip's seasonal naive
    Arrays.fill(out.weights().get(0).value(), 0.0);
    skip = new Dense(horizon).useBias(false);
    skip.build("skip", new int[] {k, lags}, rng);
    double[] s = skip.weights().get(0).value();
    Arrays.fill(s, 0.0);
    for (int h = 1; h <= horizon; h++) {
      // y(t+h) ~ y(t+h-m*ceil(h/m)): input lag index L-1-(m*ceil(h/m)-h), or the newest value if L is too short
      int back = cfg.period() * ((h + cfg.period() - 1) / cfg.period()) - h;
      int i = Math.max(0, lags - 1 - back);
      s[i * horizon + (h - 1)] = 1.0;
    }
    weights.addAll(lstm.weights());
    if (hidden != null) {
      weights.addAll(hidden.weights());
    }
    weights.addAll(out.weights());
    weights.addAll(skip.weights());
    optimizer = Optimizers.get("adam");
    optimizer.setLearningRate(cfg.learningRate());
    if (cfg.clipnorm() > 0) {
      optimizer.globalClipnorm(cfg.clipnorm());
    }
    optimizer.float32(!float64);
    if (!float64) {
      roundToFloat();
    }
    cell = lstm.cell();
    w1 = hidden == null ? null : new float[in][hiddenUnits];
    b1 = hidden == null ? null : new float[hiddenUnits];
    int headIn = hidden == null ? in : hiddenUnits;
    w2 = new float[headIn][horizon];
    b2 = new float[horizon];
    ws = new float[lags][horizon];
    hx = new float[in];
    act = new float[Math.max(1, hiddenUnits)];
    refreshHead();
  }

  /** Weights are float32 numbers held in doubles, so the float copies of the step path are exact. */
  private void roundToFloat() {
    for (Weight w : weights) {
      double[] v = w.value();
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) v[i];
      }
    }
  }

  private void refreshHead() {
    if (hidden != null) {
      copy(hidden.weights().get(0).value(), w1);
      copy(hidden.weights().get(1).value(), b1);
    }
    copy(out.weights().get(0).value(), w2);
    copy(out.weights().get(1).value(), b2);
    copy(skip.weights().get(0).value(), ws);
  }

  private static void copy(double[] src, float[][] dst) {
    int cols = dst[0].length;
    for (int r = 0; r < dst.length; r++) {
      for (int c = 0; c < cols; c++) {
        dst[r][c] = (float) src[r * cols + c];
      }
    }
  }

  private static void copy(double[] src, float[] dst) {
    for (int i = 0; i < dst.length; i++) {
      dst[i] = (float) src[i];
    }
  }

  long version() {
    return version;
  }

  long countParams() {
    long n = 0;
    for (Weight w : weights) {
      n += w.size();
    }
    return n;
  }

  List<Weight> weights() {
    return weights;
  }

  Optimizer optimizer() {
    return optimizer;
  }

  int stateSize() {
    return 2 * units;
  }

  /** Advances {@code state} ([h, c]) by input {@code x} (L values) without forecasting. */
  void advance(float[] x, float[] state) {
    cell.step(x, 0, state, 0);
  }

  /** Advances {@code state} by {@code x} and writes the normalised forecast of the next H steps to {@code y}. */
  void step(float[] x, float[] state, float[] y) {
    cell.step(x, 0, state, 0);
    System.arraycopy(state, 0, hx, 0, units);
    System.arraycopy(x, 0, hx, units, lags);
    System.arraycopy(b2, 0, y, 0, horizon);
    if (hidden != null) {
      System.arraycopy(b1, 0, act, 0, hiddenUnits);
      gemvAcc(hx, hx.length, w1, hiddenUnits, act);
      for (int j = 0; j < hiddenUnits; j++) {
        act[j] = Math.max(0f, act[j]);
      }
      gemvAcc(act, hiddenUnits, w2, horizon, y);
    } else {
      gemvAcc(hx, hx.length, w2, horizon, y);
    }
    gemvAcc(x, lags, ws, horizon, y);
  }

  /** {@code z[0..cols) += x[0..k) . m}, m given as k rows. */
  static void gemvAcc(float[] x, int k, float[][] m, int cols, float[] z) {
    for (int kk = 0; kk < k; kk++) {
      float xv = x[kk];
      if (xv == 0f) {
        continue;
      }
      float[] row = m[kk];
      for (int j = 0; j < cols; j++) {
        z[j] += xv * row[j];
      }
    }
  }

  /**
   * One truncated-BPTT step over {@code segs}: a batched forward from each segment's stored state, the mean
   * absolute error of all H outputs at every step against the normalised targets, back-propagation and one
   * optimizer step. Returns the loss, or NaN when the update was refused (non-finite), leaving the weights as
   * they were.
   */
  double train(List<GlobalSegment> segs) {
    double loss = gradients(segs);
    if (!Double.isFinite(loss) || !optimizer.apply(weights)) {
      return Double.NaN;
    }
    version++;
    cell.refresh();
    refreshHead();
    return loss;
  }

  /**
   * Forward and backward over {@code segs}: returns the loss and leaves its gradient in the weights' grad arrays
   * (the mean over every segment, step and horizon of |forecast - target|, normalised).
   */
  double gradients(List<GlobalSegment> segs) {
    int n = segs.size();
    int k = tbptt;
    Tensor x = new Tensor(n, k, lags);
    Tensor y = new Tensor(n, k, horizon);
    Tensor h0 = new Tensor(n, units);
    Tensor c0 = new Tensor(n, units);
    for (int i = 0; i < n; i++) {
      GlobalSegment sg = segs.get(i);
      for (int j = 0; j < units; j++) {
        h0.data[i * units + j] = sg.state[j];
        c0.data[i * units + j] = sg.state[units + j];
      }
      for (int s = 0; s < k; s++) {
        double lv = sg.levels[s];
        double sc = sg.scales[s];
        int xo = (i * k + s) * lags;
        for (int l = 0; l < lags; l++) {
          x.data[xo + l] = input(sg.values[s + l], lv, sc);
        }
        int yo = (i * k + s) * horizon;
        for (int h = 0; h < horizon; h++) {
          y.data[yo + h] = (float) ((sg.values[s + lags + h] - lv) / sc);
        }
      }
    }
    for (Weight w : weights) {
      w.zeroGrad();
    }
    lstm.initialState(List.of(h0, c0));
    Tensor hs = lstm.forward(x, true);
    int in = units + lags;
    Tensor cat = new Tensor(n, k, in);
    for (int r = 0; r < n * k; r++) {
      System.arraycopy(hs.data, r * units, cat.data, r * in, units);
      System.arraycopy(x.data, r * lags, cat.data, r * in + units, lags);
    }
    Tensor a = hidden == null ? cat : hidden.forward(cat, true);
    Tensor o = out.forward(a, true);
    Tensor sk = skip.forward(x, true);
    double loss = 0;
    int size = o.size();
    Tensor d = new Tensor(o.shape);
    double inv = 1.0 / size;
    for (int i = 0; i < size; i++) {
      double diff = o.data[i] + sk.data[i] - y.data[i];
      loss += Math.abs(diff);
      d.data[i] = diff > 0 ? inv : diff < 0 ? -inv : 0.0;
    }
    loss *= inv;
    if (!Double.isFinite(loss)) {
      return Double.NaN;
    }
    Tensor da = out.backward(d);
    Tensor dcat = hidden == null ? da : hidden.backward(da);
    skip.backward(d);
    Tensor dhs = new Tensor(n, k, units);
    for (int r = 0; r < n * k; r++) {
      System.arraycopy(dcat.data, r * in, dhs.data, r * units, units);
    }
    lstm.backward(dhs);
    return loss;
  }

  /** A normalised input: (e - level) / scale, 0 where e is unknown, clipped. */
  static float input(float e, double level, double scale) {
    if (Float.isNaN(e)) {
      return 0f;
    }
    float v = (float) ((e - level) / scale);
    return Math.max(-INPUT_CLIP, Math.min(INPUT_CLIP, v));
  }
}
