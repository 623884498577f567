package io.tidecast.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The network's scaled output as a key's forecasts: unscaled, the seasonal base added back (with differencing),
 * checked finite, combined by the key's ensemble, stamped with the step times the key's event interval gives, scored
 * by its prequential evaluators. Nothing is emitted when a value is not finite or the interval is not known yet.
 */
final class ForecastEmitter {
  private final LearnerConfig cfg;
  private final LearnerMetrics metrics;
  private final int nOut;
  private final int steps;
  private final boolean differencing;
  private final int period;
  private final int[] targetInInput;

  ForecastEmitter(LearnerConfig cfg, LearnerMetrics metrics, int[] targetInInput) {
    this.cfg = cfg;
    this.metrics = metrics;
    this.nOut = cfg.window().targets().size();
    this.steps = cfg.window().horizon();
    this.differencing = cfg.seasonalDifference();
    this.period = cfg.seasonality();
    this.targetInInput = targetInInput;
  }

  /** The forecasts from the key's newest event at {@code ts}; {@code start} began the step (for the meter). */
  List<Forecast> emit(KeyState s, long ts, double[] scaled, long start) {
    List<Forecast> out = new ArrayList<>(nOut);
    double[][] values = new double[nOut][steps];
    for (int j = 0; j < nOut; j++) {
      for (int h = 0; h < steps; h++) {
        double v = s.outScaler.inverseTransform(j, scaled[h * nOut + j]);
        if (differencing) {
          // add back y(t+h-m); before that value exists the base is the last value (as seasonal naive does)
          int lag = period - (h + 1);
          v += s.window.input(lag < s.window.count() ? lag : 0, targetInInput[j]);
        }
        if (!Double.isFinite(v)) {
          metrics.dropped("non_finite_forecast");
          return List.of();
        }
        values[j][h] = v;
      }
      if (s.ensembles != null) {
        s.ensembles[j].combine(values[j]); // finite in, finite out
      }
    }
    // the step is the key's last gap between events: unknown (0) until its second event, when timesteps is 1
    if (s.interval <= 0) {
      metrics.dropped("unknown_interval");
      return List.of();
    }
    long[] stepTs = new long[steps];
    long prev = ts;
    for (int h = 0; h < steps; h++) {
      stepTs[h] = prev + s.interval;
      if (stepTs[h] <= prev) { // past Long.MAX_VALUE
        metrics.dropped("timestamp_overflow");
        return List.of();
      }
      prev = stepTs[h];
    }
    for (int j = 0; j < nOut; j++) {
      PrequentialEvaluator ev = s.evaluators[j];
      ev.forecast(values[j]);
      double err = ev.error(PrequentialEvaluator.Source.MODEL, PrequentialEvaluator.Measure.MAE);
      out.add(new Forecast(s.key, cfg.window().targets().get(j), ts, stepTs, values[j], s.version,
          Double.isNaN(err) ? OptionalDouble.empty() : OptionalDouble.of(err)));
    }
    metrics.predictDuration.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    metrics.forecastsOut.increment(out.size());
    return out;
  }
}
