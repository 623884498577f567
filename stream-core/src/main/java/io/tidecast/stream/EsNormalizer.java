package io.tidecast.stream;

/**
 * One key's online normalisation for the global model, after ES-RNN (Smyl 2020): exponential smoothing of a
 * level and seasonal offsets by phase {@code t % m}, on the log of the values (a multiplicative model: one
 * network then sees every key's relative changes, whatever its size) or, for keys with zero or negative values,
 * on the values themselves divided by a smoothed mean absolute change (an additive model).
 *
 * <p>Each observation y(t) gives {@code e(t) = z(t) - s(t mod m)}, z the log or the value, s the seasonal offset
 * as known before it; the level follows e and the scale follows |e - level|. Both are running means at first
 * ({@code max(alpha, 1/(t+1))}), so the first values set them, and each can be rebuilt from the e values alone,
 * which is how a training segment recovers the levels of its steps from the key's recent values.
 */
final class EsNormalizer {
  /** Log values, scale 1. */
  static final byte LOG = 1;
  /** The values, scaled by a smoothed mean absolute change. */
  static final byte LINEAR = 2;
  /** A scale never falls below this fraction of the level's magnitude (a flat series would divide by 0). */
  private static final double MIN_RELATIVE_SCALE = 1e-3;

  byte mode;
  double level;
  double scale = 1;
  final float[] seasonal;

  EsNormalizer(int period) {
    this.seasonal = new float[period];
  }

  /** Forgets everything and continues in {@code m}. */
  void reset(byte m) {
    mode = m;
    level = 0;
    scale = 1;
    java.util.Arrays.fill(seasonal, 0f);
  }

  double z(double y) {
    return mode == LOG ? Math.log(y) : y;
  }

  double unz(double z) {
    return mode == LOG ? Math.exp(z) : z;
  }

  /** Takes y(t) (the t-th accepted value, from 0) and returns e(t). */
  float observe(long t, double y, double alpha, double gamma) {
    int m = seasonal.length;
    int p = (int) (t % m);
    double z = z(y);
    float old = seasonal[p];
    float e = (float) (z - old);
    if (mode == LINEAR) {
      scale = scaleStep(t, scale, level, e, alpha);
    }
    level = levelStep(t, level, e, alpha);
    double g = Math.max(gamma, 1.0 / (t / m + 1));
    seasonal[p] = (float) (old + g * (z - level - old));
    return e;
  }

  /** The level after step t from the level before it. */
  static double levelStep(long t, double before, float e, double alpha) {
    return t == 0 ? e : before + Math.max(alpha, 1.0 / (t + 1)) * (e - before);
  }

  /** The linear scale after step t: a smoothed |e - level before|, floored relative to the level. */
  static double scaleStep(long t, double before, double levelBefore, float e, double alpha) {
    double floor = MIN_RELATIVE_SCALE * Math.max(Math.abs(t == 0 ? e : levelBefore), 1e-9);
    if (t == 0) {
      return Math.max(0.1 * Math.abs(e), floor);
    }
    double s = before + Math.max(alpha, 1.0 / (t + 1)) * (Math.abs(e - levelBefore) - before);
    return Math.max(s, floor);
  }

  /** The seasonal offset of step {@code t} as known now. */
  float seasonalAt(long t) {
    return seasonal[(int) (t % seasonal.length)];
  }
}
