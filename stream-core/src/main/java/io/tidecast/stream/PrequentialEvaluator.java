package io.tidecast.stream;

import java.util.Arrays;

/**
 * Prequential (predict, then learn) scoring of one key's H-step forecasts against two baselines computed on the
 * same stream and the same forecast origins: naive ({@code yhat(t+h) = y(t)}) and seasonal naive
 * ({@code yhat(t+h) = y(t+h-m*k)}, {@code k = ceil(h/m)}; the naive value while fewer than {@code m} values are
 * known). Per horizon step: MAE, RMSE, sMAPE (M4: {@code 200/n * sum |y-yhat| / (|y|+|yhat|)}, 0 when both are 0)
 * and MASE (MAE over the mean absolute lag-{@code m} difference of all values seen so far).
 *
 * <p>Protocol: {@link #observe} each target value in order; after observing {@code y(t)} the model may call
 * {@link #forecast} once with its forecasts for {@code t+1..t+H}. Each is scored when its target arrives.
 * Targets with index {@code < warmup} (0-based, in observation order) are not scored.
 */
public final class PrequentialEvaluator {
  /** Who made the forecast. */
  public enum Source { MODEL, NAIVE, SEASONAL_NAIVE }

  /** Error measure. */
  public enum Measure { MAE, RMSE, SMAPE, MASE }

  private static final int SOURCES = 3;

  private final int horizon;
  private final int period;
  private final long warmup;
  private static final int MAX_HORIZON = 1024; // the model forecasts kept per key grow as horizon^2

  private final ErrorStats stats; // cell = source * horizon + (h - 1)
  private final double[] history; // y(j) at j % (horizon + period): enough to rebuild both baselines when scoring
  private final double[] pending; // model forecasts [slot * horizon + h - 1], slot = origin % horizon
  private final long[] pendingOrigin; // -1 = free
  private long observed;
  private long scaleN;
  private double scaleMean;

  /**
   * @param horizon forecast steps H, {@code >= 1}
   * @param seasonalPeriod m, {@code >= 1} (1 = no seasonality)
   * @param warmupTargets number of leading targets not scored, {@code >= 0}
   */
  public PrequentialEvaluator(int horizon, int seasonalPeriod, long warmupTargets) {
    this(horizon, seasonalPeriod, warmupTargets, null);
  }

  private PrequentialEvaluator(int horizon, int seasonalPeriod, long warmupTargets, ErrorStats restored) {
    if (horizon < 1 || horizon > MAX_HORIZON) {
      throw new IllegalArgumentException("horizon must be in [1, " + MAX_HORIZON + "]; got " + horizon);
    }
    if (seasonalPeriod < 1 || seasonalPeriod > WindowSpec.MAX_SPAN) {
      throw new IllegalArgumentException("seasonalPeriod must be in [1, " + WindowSpec.MAX_SPAN
          + "] (1 = no seasonality); got " + seasonalPeriod);
    }
    if (warmupTargets < 0) {
      throw new IllegalArgumentException("warmupTargets must be >= 0; got " + warmupTargets);
    }
    this.horizon = horizon;
    this.period = seasonalPeriod;
    this.warmup = warmupTargets;
    this.stats = restored != null ? restored : new ErrorStats(SOURCES * horizon);
    this.history = new double[horizon + seasonalPeriod];
    this.pending = new double[horizon * horizon];
    this.pendingOrigin = new long[horizon];
    Arrays.fill(pendingOrigin, -1);
  }

  /**
   * Warm-up that leaves only the last {@code evaluatedFraction} of a series of known length scored, e.g.
   * {@code warmupForLast(0.8, n)} for the "last 80%" protocol.
   */
  public static long warmupForLast(double evaluatedFraction, long seriesLength) {
    if (!(evaluatedFraction >= 0 && evaluatedFraction <= 1) || seriesLength < 0) {
      throw new IllegalArgumentException("evaluatedFraction must be in [0, 1] and seriesLength >= 0; got "
          + evaluatedFraction + ", " + seriesLength);
    }
    long evaluated = (long) Math.floor(evaluatedFraction * seriesLength + 1e-9);
    return seriesLength - Math.min(evaluated, seriesLength);
  }

  /** Receives each scored point; lets a runtime aggregate errors across keys without holding their state. */
  @FunctionalInterface
  public interface ScoreListener {
    void onScore(int h, double actual, double model, double naive, double seasonalNaive);
  }

  /** The next target value y(t): scores every pending forecast of it, then joins the history. */
  public void observe(double y) {
    observe(y, null);
  }

  /** {@link #observe(double)}, telling {@code listener} (if not null) about every point scored. */
  public void observe(double y, ScoreListener listener) {
    if (!Double.isFinite(y)) {
      throw new IllegalArgumentException("observed value is " + y + "; only finite values can be scored");
    }
    long j = observed;
    if (j >= warmup) {
      for (int h = 1; h <= horizon && j - h >= 0; h++) {
        long origin = j - h;
        int slot = (int) (origin % horizon);
        if (pendingOrigin[slot] == origin) {
          double model = pending[slot * horizon + h - 1];
          double naive = past(origin);
          double seasonal = seasonalNaive(origin, h);
          stats.add(cell(Source.MODEL, h), y, model);
          stats.add(cell(Source.NAIVE, h), y, naive);
          stats.add(cell(Source.SEASONAL_NAIVE, h), y, seasonal);
          if (listener != null) {
            listener.onScore(h, y, model, naive, seasonal);
          }
        }
      }
    }
    if (j >= period) {
      scaleN++;
      scaleMean += (Math.abs(y - past(j - period)) - scaleMean) / scaleN;
    }
    history[(int) (j % history.length)] = y;
    observed++;
  }

  /** The model's forecasts for steps {@code 1..H} from the latest observed value (at most once per origin). */
  public void forecast(double[] predictions) {
    if (predictions.length != horizon) {
      throw new IllegalArgumentException("expected " + horizon + " forecast steps; got " + predictions.length);
    }
    if (observed == 0) {
      throw new IllegalStateException("forecast() before any observe(): the baselines need a value to start from");
    }
    for (int h = 0; h < horizon; h++) {
      if (!Double.isFinite(predictions[h])) {
        throw new IllegalArgumentException("forecast step h=" + (h + 1) + " is " + predictions[h]
            + "; only finite forecasts can be scored");
      }
    }
    long origin = observed - 1;
    int slot = (int) (origin % horizon);
    if (pendingOrigin[slot] == origin) {
      throw new IllegalStateException("a forecast was already recorded for origin index " + origin);
    }
    System.arraycopy(predictions, 0, pending, slot * horizon, horizon);
    pendingOrigin[slot] = origin;
  }

  /** y(index) for an index within the last {@code horizon + period} observed values. */
  private double past(long index) {
    return history[(int) (index % history.length)];
  }

  /** y(origin + h - m*ceil(h/m)), or the naive y(origin) while that index is before the series start. */
  private double seasonalNaive(long origin, int h) {
    long idx = origin + h - (long) period * ((h + period - 1) / period);
    return past(idx >= 0 ? idx : origin);
  }

  public int horizon() {
    return horizon;
  }

  public int seasonalPeriod() {
    return period;
  }

  public long warmup() {
    return warmup;
  }

  /** Values observed so far. */
  public long observed() {
    return observed;
  }

  /** Scored forecasts at step {@code h} (1-based). */
  public long count(int h) {
    return stats.n[cell(Source.MODEL, h)];
  }

  /** MASE denominator: mean |y(t) - y(t-m)| over the values seen so far (NaN before m+1 values). */
  public double maseScale() {
    return scaleN == 0 ? Double.NaN : scaleMean;
  }

  /** Error of {@code source} at step {@code h} (1-based); NaN when undefined (nothing scored, zero MASE scale). */
  public double error(Source source, Measure measure, int h) {
    return measure(stats, cell(source, h), measure, maseScale());
  }

  /** Error of {@code source} pooled over all steps. */
  public double error(Source source, Measure measure) {
    return measure(pooled(source), 0, measure, maseScale());
  }

  /** {@code 1 - error(MODEL) / error(baseline)} at step {@code h}; NaN when the baseline error is 0 or undefined. */
  public double skill(Measure measure, int h, Source baseline) {
    return skill(error(Source.MODEL, measure, h), error(baseline, measure, h));
  }

  public double skill(Measure measure, Source baseline) {
    return skill(error(Source.MODEL, measure), error(baseline, measure));
  }

  ErrorStats stats() {
    return stats;
  }

  ErrorStats pooled(Source source) {
    ErrorStats all = new ErrorStats(1);
    for (int h = 1; h <= horizon; h++) {
      all.merge(0, stats, cell(source, h));
    }
    return all;
  }

  int cell(Source source, int h) {
    if (h < 1 || h > horizon) {
      throw new IllegalArgumentException("h must be in [1, " + horizon + "]; got " + h);
    }
    return source.ordinal() * horizon + h - 1;
  }

  static double measure(ErrorStats s, int c, Measure m, double maseScale) {
    switch (m) {
      case MAE: return s.mae(c);
      case RMSE: return s.rmse(c);
      case SMAPE: return s.smape(c);
      default: return maseScale > 0 ? s.mae(c) / maseScale : Double.NaN;
    }
  }

  static double skill(double model, double baseline) {
    return baseline > 0 ? 1 - model / baseline : Double.NaN;
  }

  // ---- state codec ----

  private static final int VERSION = 1;

  void writeTo(StateWriter w) {
    w.writeHeader(StateTags.PREQUENTIAL_EVALUATOR, VERSION);
    w.writeVarInt(horizon).writeVarInt(period).writeVarLong(warmup).writeVarLong(observed);
    w.writeVarLong(scaleN).writeDouble(scaleMean);
    w.writeDoubles(history);
    w.writeDoubles(pending);
    w.writeLongs(pendingOrigin);
    stats.writeTo(w);
  }

  static PrequentialEvaluator readFrom(StateReader r) {
    r.readHeader(StateTags.PREQUENTIAL_EVALUATOR, VERSION);
    int horizon = r.readVarInt();
    int period = r.readVarInt();
    long warmup = r.readVarLong();
    long observed = r.readVarLong();
    long scaleN = r.readVarLong();
    double scaleMean = r.readDouble();
    double[] history = r.readDoubles();
    double[] pending = r.readDoubles();
    long[] pendingOrigin = r.readLongs();
    // validate sizes against what was actually in the blob before allocating anything sized by horizon/period
    StateReader.check(horizon >= 1 && horizon <= MAX_HORIZON && period >= 1 && period <= WindowSpec.MAX_SPAN
        && history.length == (long) horizon + period && pendingOrigin.length == horizon
        && pending.length == (long) horizon * horizon,
        "PrequentialEvaluator arrays do not match horizon " + horizon + " and period " + period);
    ErrorStats stats = ErrorStats.readFrom(r, SOURCES * horizon);
    for (long o : pendingOrigin) {
      StateReader.check(o >= -1 && o < observed, "pending origin " + o + " with " + observed + " observed");
    }
    StateReader.check(scaleN <= observed, "MASE scale count " + scaleN + " exceeds " + observed + " observed");
    PrequentialEvaluator e = new PrequentialEvaluator(horizon, period, warmup, stats);
    System.arraycopy(history, 0, e.history, 0, history.length);
    System.arraycopy(pending, 0, e.pending, 0, pending.length);
    System.arraycopy(pendingOrigin, 0, e.pendingOrigin, 0, horizon);
    e.observed = observed;
    e.scaleN = scaleN;
    e.scaleMean = scaleMean;
    return e;
  }
}
