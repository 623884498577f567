package io.tidecast.stream;

import java.util.Arrays;

/**
 * One key's online forecast combination for one target: the network's forecast, naive, seasonal naive (when
 * {@code m > 1}) and additive {@link HoltWinters}, weighted per horizon step by the inverse of each one's
 * discounted mean squared error on the targets seen so far (Bates &amp; Granger 1969; discounting as Diebold &amp;
 * Pauly 1987). Until a step has a scored target the weights are equal.
 *
 * <p>Why: a per-key network starts untrained and learns slowly on short or trending series, where a classical
 * method is already good; on long series the network wins and takes the weight. The combination follows whichever
 * is better at each step, per key, with no switch to tune (BENCHMARKS.md, "Forecast accuracy").
 *
 * <p>Experts whose forecast or error is not finite get no weight; if the combination overflows, the network's own
 * (finite) forecast is kept. State: the last {@code horizon + m} values, Holt-Winters, the experts' pending
 * forecasts of the last {@code horizon} origins (float) and the discounted errors.
 */
final class ForecastEnsemble {
  /** Per scored target: an error {@code n} targets old weighs {@code DISCOUNT^n} (memory ~100 targets). */
  static final double DISCOUNT = 0.99;

  static final int MODEL = 0;
  static final int NAIVE = 1;
  static final int HOLT_WINTERS = 2;
  static final int SEASONAL_NAIVE = 3;

  private final int horizon;
  private final int period;
  private final int experts;
  private final HoltWinters hw;
  private final double[] history; // y(j) at j % (horizon + period)
  private final float[] pendingModel; // [slot * horizon + h - 1], slot = origin % horizon
  private final float[] pendingHw;
  private final long[] pendingOrigin; // -1 = free
  private final double[] sse; // discounted squared error, [expert * horizon + h - 1]
  private final long[] scored; // targets scored per step
  private long observed;
  private final double[] fc; // scratch: the experts' forecasts of one step, their weights and which are usable
  private final double[] w;
  private final boolean[] usable;
  private final double[] hwSteps;

  ForecastEnsemble(int horizon, int seasonalPeriod) {
    this(horizon, seasonalPeriod, new HoltWinters(seasonalPeriod));
  }

  private ForecastEnsemble(int horizon, int seasonalPeriod, HoltWinters hw) {
    if (horizon < 1 || horizon > 1024) {
      throw new IllegalArgumentException("horizon must be in [1, 1024]; got " + horizon);
    }
    this.horizon = horizon;
    this.period = seasonalPeriod;
    this.experts = seasonalPeriod > 1 ? 4 : 3; // with m = 1 seasonal naive is naive
    this.hw = hw;
    this.history = new double[horizon + seasonalPeriod];
    this.pendingModel = new float[horizon * horizon];
    this.pendingHw = new float[horizon * horizon];
    this.pendingOrigin = new long[horizon];
    Arrays.fill(pendingOrigin, -1);
    this.sse = new double[experts * horizon];
    this.scored = new long[horizon];
    this.fc = new double[experts];
    this.w = new double[experts];
    this.usable = new boolean[experts];
    this.hwSteps = new double[horizon];
  }

  /**
   * The next value y(t): scores the pending forecasts of it (when {@code learn}), then joins the history and
   * Holt-Winters. The baselines follow the data even when not learning, as naive does; only the weights freeze.
   */
  void observe(double y, boolean learn) {
    long j = observed;
    if (learn) {
      for (int h = 1; h <= horizon && j - h >= 0; h++) {
        long origin = j - h;
        int slot = (int) (origin % horizon);
        if (pendingOrigin[slot] != origin) {
          continue;
        }
        experts(origin, h, pendingModel[slot * horizon + h - 1], pendingHw[slot * horizon + h - 1]);
        for (int e = 0; e < experts; e++) {
          double d = y - fc[e];
          int c = e * horizon + h - 1;
          // +Inf (overflow, or a NaN from an overflowed Holt-Winters) takes that expert's weight away
          sse[c] = Double.isNaN(d) ? Double.POSITIVE_INFINITY : DISCOUNT * sse[c] + d * d;
        }
        scored[h - 1]++;
      }
    }
    history[(int) (j % history.length)] = y;
    observed++;
    hw.update(y);
  }

  /**
   * Replaces the network's forecasts of steps {@code 1..H} from the newest observed value by the combination, and
   * keeps both the network's and Holt-Winters' forecasts to score them when their targets arrive.
   */
  void combine(double[] forecast) {
    long origin = observed - 1;
    int slot = (int) (origin % horizon);
    hw.forecast(hwSteps);
    for (int h = 1; h <= horizon; h++) {
      double model = forecast[h - 1];
      experts(origin, h, model, hwSteps[h - 1]);
      pendingModel[slot * horizon + h - 1] = (float) model;
      pendingHw[slot * horizon + h - 1] = (float) hwSteps[h - 1];
      double v = combination(h);
      forecast[h - 1] = Double.isFinite(v) ? v : model;
    }
    pendingOrigin[slot] = origin;
  }

  /** Weight of {@code expert} ({@link #MODEL}, ...) at step {@code h} if it forecast now. */
  double weight(int expert, int h) {
    java.util.Arrays.fill(usable, true);
    weights(h);
    return expert < experts ? w[expert] : 0;
  }

  private double combination(int h) {
    for (int e = 0; e < experts; e++) {
      usable[e] = Double.isFinite(fc[e]);
    }
    if (!weights(h)) {
      return fc[MODEL]; // every expert's error overflowed
    }
    double v = 0;
    for (int e = 0; e < experts; e++) {
      if (w[e] > 0) {
        v += w[e] * fc[e];
      }
    }
    return v;
  }

  /**
   * Inverse discounted MSE, normalised; equal before any score; experts with an infinite error or forecast get 0.
   * False when none is left.
   */
  private boolean weights(int h) {
    double min = Double.POSITIVE_INFINITY;
    for (int e = 0; e < experts; e++) {
      double s = sse[e * horizon + h - 1];
      if (usable[e] && s < min) {
        min = s;
      }
    }
    double sum = 0;
    for (int e = 0; e < experts; e++) {
      double s = sse[e * horizon + h - 1];
      if (!usable[e] || !Double.isFinite(s)) {
        w[e] = 0;
      } else if (scored[h - 1] == 0 || min <= 0) {
        w[e] = s == min ? 1 : 0; // equal weights before any score; else all weight on the exact ones
      } else {
        w[e] = min / s; // in (0, 1], so no overflow
      }
      sum += w[e];
    }
    for (int e = 0; e < experts; e++) {
      w[e] = sum > 0 ? w[e] / sum : 0;
    }
    return sum > 0;
  }

  /** Fills {@link #fc} with every expert's forecast of {@code origin + h}. */
  private void experts(long origin, int h, double model, double holtWinters) {
    fc[MODEL] = model;
    fc[NAIVE] = past(origin);
    fc[HOLT_WINTERS] = holtWinters;
    if (experts > SEASONAL_NAIVE) {
      long idx = origin + h - (long) period * ((h + period - 1) / period);
      fc[SEASONAL_NAIVE] = past(idx >= 0 && origin - idx < history.length ? idx : origin);
    }
  }

  private double past(long index) {
    return history[(int) (index % history.length)];
  }

  int horizon() {
    return horizon;
  }

  int seasonalPeriod() {
    return period;
  }

  // ---- codec ----

  private static final int VERSION = 1;

  void writeTo(StateWriter w) {
    w.writeHeader(StateTags.FORECAST_ENSEMBLE, VERSION);
    w.writeVarInt(horizon).writeVarInt(period).writeVarLong(observed);
    hw.writeTo(w);
    w.writeDoubles(history);
    w.writeFloats(pendingModel);
    w.writeFloats(pendingHw);
    w.writeLongs(pendingOrigin);
    w.writeDoubles(sse);
    for (long n : scored) {
      w.writeVarLong(n);
    }
  }

  static ForecastEnsemble readFrom(StateReader r) {
    r.readHeader(StateTags.FORECAST_ENSEMBLE, VERSION);
    int horizon = r.readVarInt();
    int period = r.readVarInt();
    long observed = r.readVarLong();
    StateReader.check(horizon >= 1 && horizon <= 1024 && period >= 1 && period <= WindowSpec.MAX_SPAN
        && observed >= 0, "ForecastEnsemble horizon " + horizon + ", period " + period + ", observed " + observed);
    HoltWinters hw = HoltWinters.readFrom(r);
    StateReader.check(hw.seasonalPeriod() == period, "ForecastEnsemble Holt-Winters period " + hw.seasonalPeriod()
        + " for period " + period);
    ForecastEnsemble e = new ForecastEnsemble(horizon, period, hw);
    e.observed = observed;
    copy(r.readDoubles(), e.history, "history");
    copy(r.readFloats(), e.pendingModel, "pending forecasts");
    copy(r.readFloats(), e.pendingHw, "pending Holt-Winters forecasts");
    long[] origins = r.readLongs();
    StateReader.check(origins.length == horizon, "ForecastEnsemble has " + origins.length + " pending origins");
    for (int i = 0; i < horizon; i++) {
      e.pendingOrigin[i] = origins[i];
      StateReader.check(origins[i] >= -1 && origins[i] < observed, "ForecastEnsemble pending origin " + origins[i]);
    }
    copy(r.readDoubles(), e.sse, "errors");
    for (int i = 0; i < horizon; i++) {
      e.scored[i] = r.readVarLong();
      StateReader.check(e.scored[i] >= 0, "ForecastEnsemble scored count " + e.scored[i]);
    }
    for (double s : e.sse) {
      StateReader.check(!(s < 0) && !Double.isNaN(s), "ForecastEnsemble error " + s);
    }
    return e;
  }

  private static void copy(double[] src, double[] dst, String what) {
    StateReader.check(src.length == dst.length, "ForecastEnsemble " + what + " has " + src.length
        + " values, expected " + dst.length);
    System.arraycopy(src, 0, dst, 0, dst.length);
  }

  private static void copy(float[] src, float[] dst, String what) {
    StateReader.check(src.length == dst.length, "ForecastEnsemble " + what + " has " + src.length
        + " values, expected " + dst.length);
    System.arraycopy(src, 0, dst, 0, dst.length);
  }
}
