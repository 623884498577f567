package io.tidecast.stream;

import io.tidecast.stream.PrequentialEvaluator.Measure;
import io.tidecast.stream.PrequentialEvaluator.Source;

/**
 * Overall prequential scores across keys, a snapshot. MAE, RMSE and sMAPE pool every scored forecast of every
 * key; MASE is the mean of the keys' MASE (keys where it is defined), as in M4, because each key has its own
 * scale. Skill compares the pooled (or mean, for MASE) model and baseline errors.
 */
public final class PrequentialSummary {
  private static final int SOURCES = Source.values().length;

  private final int horizon;
  private final int keys;
  private final ErrorStats perStep; // cell = source * horizon + (h - 1)
  private final ErrorStats allSteps; // cell = source
  private final double[] maseSum; // per-step cells, then SOURCES all-step cells
  private final long[] maseKeys;

  private PrequentialSummary(int horizon, int keys, ErrorStats perStep, ErrorStats allSteps, double[] maseSum,
      long[] maseKeys) {
    this.horizon = horizon;
    this.keys = keys;
    this.perStep = perStep;
    this.allSteps = allSteps;
    this.maseSum = maseSum;
    this.maseKeys = maseKeys;
  }

  /** Aggregates evaluators that share one horizon. */
  public static PrequentialSummary of(Iterable<PrequentialEvaluator> evaluators) {
    int horizon = -1;
    int keys = 0;
    ErrorStats perStep = null;
    ErrorStats allSteps = new ErrorStats(SOURCES);
    double[] maseSum = null;
    long[] maseKeys = null;
    for (PrequentialEvaluator e : evaluators) {
      if (horizon < 0) {
        horizon = e.horizon();
        perStep = new ErrorStats(SOURCES * horizon);
        maseSum = new double[SOURCES * horizon + SOURCES];
        maseKeys = new long[maseSum.length];
      } else if (e.horizon() != horizon) {
        throw new IllegalArgumentException("all evaluators must share one horizon; got " + horizon + " and "
            + e.horizon());
      }
      keys++;
      for (Source s : Source.values()) {
        for (int h = 1; h <= horizon; h++) {
          int c = e.cell(s, h);
          perStep.merge(c, e.stats(), c);
          addMase(maseSum, maseKeys, c, e.error(s, Measure.MASE, h));
        }
        allSteps.merge(s.ordinal(), e.pooled(s), 0);
        addMase(maseSum, maseKeys, SOURCES * horizon + s.ordinal(), e.error(s, Measure.MASE));
      }
    }
    if (horizon < 0) {
      throw new IllegalArgumentException("no evaluators to summarise");
    }
    return new PrequentialSummary(horizon, keys, perStep, allSteps, maseSum, maseKeys);
  }

  private static void addMase(double[] sum, long[] n, int c, double mase) {
    if (!Double.isNaN(mase)) {
      sum[c] += mase;
      n[c]++;
    }
  }

  public int horizon() {
    return horizon;
  }

  public int keys() {
    return keys;
  }

  /** Scored model forecasts at step {@code h} over all keys. */
  public long count(int h) {
    return perStep.n[cell(Source.MODEL, h)];
  }

  public double error(Source source, Measure measure, int h) {
    int c = cell(source, h);
    return measure == Measure.MASE ? mase(c) : PrequentialEvaluator.measure(perStep, c, measure, Double.NaN);
  }

  /** Pooled over all steps. */
  public double error(Source source, Measure measure) {
    return measure == Measure.MASE ? mase(SOURCES * horizon + source.ordinal())
        : PrequentialEvaluator.measure(allSteps, source.ordinal(), measure, Double.NaN);
  }

  public double skill(Measure measure, int h, Source baseline) {
    return PrequentialEvaluator.skill(error(Source.MODEL, measure, h), error(baseline, measure, h));
  }

  public double skill(Measure measure, Source baseline) {
    return PrequentialEvaluator.skill(error(Source.MODEL, measure), error(baseline, measure));
  }

  private double mase(int c) {
    return maseKeys[c] == 0 ? Double.NaN : maseSum[c] / maseKeys[c];
  }

  private int cell(Source source, int h) {
    if (h < 1 || h > horizon) {
      throw new IllegalArgumentException("h must be in [1, " + horizon + "]; got " + h);
    }
    return source.ordinal() * horizon + h - 1;
  }
}
