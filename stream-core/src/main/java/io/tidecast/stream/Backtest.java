package io.tidecast.stream;

import io.tidecast.stream.PrequentialEvaluator.Measure;
import io.tidecast.stream.PrequentialEvaluator.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays a finite series through the same {@link OnlineLearner} the streaming runtimes use and reports
 * prequential errors over the last {@code evaluatedFraction} of each key's events, for the model and the naive,
 * seasonal-naive and online {@link HoltWinters} baselines, all scored on exactly the same targets and origins.
 */
public final class Backtest {
  private Backtest() {
  }

  /** Per-step errors of one source. */
  public record Errors(double mae, double rmse, double smape, double mase) {
    static Errors of(PrequentialSummary s, Source src, int h) {
      return new Errors(s.error(src, Measure.MAE, h), s.error(src, Measure.RMSE, h), s.error(src, Measure.SMAPE, h),
          s.error(src, Measure.MASE, h));
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mae", mae);
      m.put("rmse", rmse);
      m.put("smape", smape);
      m.put("mase", mase);
      return m;
    }
  }

  /** What a backtest measured; {@link #toMap()} gives the documented JSON layout. */
  public record Result(long events, long forecasts, int horizon, Errors model, Errors naive, Errors seasonalNaive,
      Errors holtWinters, List<Errors> perStep, long scored, long rollbacks, double seconds) {
    public double eventsPerSecond() {
      return seconds > 0 ? events / seconds : Double.NaN;
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("events", events);
      m.put("forecasts", forecasts);
      m.put("horizon", horizon);
      m.putAll(model.toMap());
      List<Map<String, Object>> steps = new ArrayList<>();
      for (int h = 0; h < perStep.size(); h++) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("h", h + 1);
        s.putAll(perStep.get(h).toMap());
        steps.add(s);
      }
      m.put("per_step", steps);
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("naive", naive.toMap());
      b.put("seasonal_naive", seasonalNaive.toMap());
      b.put("holt_winters", holtWinters.toMap());
      m.put("baselines", b);
      m.put("scored", scored);
      m.put("rollbacks", rollbacks);
      m.put("events_per_second", eventsPerSecond());
      m.put("seconds", seconds);
      return m;
    }
  }

  /**
   * Runs {@code events} (event-time ordered per key) through a learner built from {@code cfg}, scoring the last
   * {@code evaluatedFraction} of each key's events; {@code sink} sees every forecast (may be null).
   */
  public static Result run(List<Event> events, LearnerConfig cfg, double evaluatedFraction, Consumer<Forecast> sink) {
    return run(events, cfg, evaluatedFraction, sink, null);
  }

  /** As {@link #run(List, LearnerConfig, double, Consumer)}, advancing {@code progress} (may be null) per event. */
  public static Result run(List<Event> events, LearnerConfig cfg, double evaluatedFraction, Consumer<Forecast> sink,
      Progress progress) {
    Map<String, Long> perKey = new LinkedHashMap<>();
    for (Event e : events) {
      perKey.merge(e.key(), 1L, Long::sum);
    }
    Map<String, KeyState> states = new LinkedHashMap<>();
    Map<String, OnlineLearner> learners = new LinkedHashMap<>();
    Map<String, Baseline> hws = new LinkedHashMap<>();
    long forecasts = 0;
    long start = System.nanoTime();
    for (Event e : events) {
      String key = e.key();
      OnlineLearner learner = learners.computeIfAbsent(key, k -> new OnlineLearner(cfg.toBuilder()
          .warmupTargets(PrequentialEvaluator.warmupForLast(evaluatedFraction, perKey.get(k))).build()));
      KeyState s = states.computeIfAbsent(key, learner::newState);
      long accepted = s.events;
      List<Forecast> out = learner.onEvent(s, e);
      if (s.events > accepted) {
        hws.computeIfAbsent(key, k -> new Baseline("holt_winters", learner.config())).observe(e, !out.isEmpty());
      }
      for (Forecast f : out) {
        forecasts++;
        if (sink != null) {
          sink.accept(f);
        }
      }
      if (progress != null) {
        progress.advance(1);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<PrequentialEvaluator> evs = new ArrayList<>();
    long rollbacks = 0;
    for (KeyState s : states.values()) {
      evs.add(s.evaluator(0));
      rollbacks += s.rollbacks();
    }
    PrequentialSummary sum = PrequentialSummary.of(evs);
    List<PrequentialEvaluator> hwEvs = new ArrayList<>();
    for (Baseline b : hws.values()) {
      hwEvs.addAll(List.of(b.evaluators));
    }
    PrequentialSummary hwSum = PrequentialSummary.of(hwEvs);
    int h = cfg.window().horizon();
    List<Errors> per = new ArrayList<>();
    for (int i = 1; i <= h; i++) {
      per.add(Errors.of(sum, Source.MODEL, i));
    }
    return new Result(events.size(), forecasts, h, Errors.of(sum, Source.MODEL, h), Errors.of(sum, Source.NAIVE, h),
        Errors.of(sum, Source.SEASONAL_NAIVE, h), Errors.of(hwSum, Source.MODEL, h), per, sum.count(h), rollbacks,
        seconds);
  }

  /**
   * One key's baseline {@link Forecaster} (by its {@link Forecasters} name) per target, fed the values the learner
   * accepted and forecasting exactly when the learner did, so its errors cover the same targets as the model's.
   */
  static final class Baseline {
    final Forecaster[] models;
    final PrequentialEvaluator[] evaluators;
    final List<String> targets;
    final double[] steps;

    Baseline(String name, LearnerConfig cfg) {
      this(name, cfg.window().targets(), cfg.window().horizon(), cfg.seasonality(), cfg.warmupTargets());
    }

    Baseline(String name, List<String> targets, int horizon, int seasonality, long warmupTargets) {
      this.targets = targets;
      models = new Forecaster[targets.size()];
      evaluators = new PrequentialEvaluator[targets.size()];
      for (int j = 0; j < models.length; j++) {
        models[j] = Forecasters.create(name, seasonality, null);
        evaluators[j] = new PrequentialEvaluator(horizon, seasonality, warmupTargets);
      }
      steps = new double[horizon];
    }

    void observe(Event e, boolean forecast) {
      for (int j = 0; j < models.length; j++) {
        double y = e.value(e.names().indexOf(targets.get(j)));
        evaluators[j].observe(y);
        models[j].learnOne(y);
        if (forecast) {
          evaluators[j].forecast(models[j].forecast(steps));
        }
      }
    }
  }
}
