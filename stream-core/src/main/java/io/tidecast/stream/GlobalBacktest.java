package io.tidecast.stream;

import io.tidecast.stream.PrequentialEvaluator.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Replays many keys' series through one {@link GlobalLearner}, the global model the streaming runtimes run:
 * prequential errors per key over the last part of each key's events (as {@link Backtest}), and the M4 protocol
 * with every series a key of one stream.
 */
public final class GlobalBacktest {
  /** Events handed to the learner per call; the results do not depend on it (see {@link GlobalLearner}). */
  static final int BUNDLE = 512;

  private GlobalBacktest() {
  }

  /**
   * Runs {@code events} (each key's in event-time order) through a fresh learner and scores each key's last
   * {@code evaluatedFraction} of events, for the global model and the naive, seasonal-naive and online Holt-Winters
   * baselines on the same targets and origins. {@code progress} (may be null) sees the events done so far.
   */
  public static Backtest.Result run(List<Event> events, GlobalConfig cfg, double evaluatedFraction,
      LongConsumer progress) {
    Map<String, Long> perKey = new LinkedHashMap<>();
    for (Event e : events) {
      perKey.merge(e.key(), 1L, Long::sum);
    }
    GlobalLearner learner = new GlobalLearner(cfg);
    Map<String, GlobalKeyState> states = new LinkedHashMap<>();
    Map<String, Backtest.Baseline> hws = new HashMap<>();
    String target = events.isEmpty() ? "value" : events.get(0).names().get(0);
    long[] forecasts = new long[1];
    long start = System.nanoTime();
    for (int from = 0; from < events.size(); from += BUNDLE) {
      List<Event> bundle = events.subList(from, Math.min(events.size(), from + BUNDLE));
      learner.learn(bundle, k -> states.computeIfAbsent(k,
          key -> learner.newState(key, PrequentialEvaluator.warmupForLast(evaluatedFraction, perKey.get(key)))),
          (e, s, f) -> {
            if (f != null) {
              forecasts[0]++;
            }
            hws.computeIfAbsent(e.key(), key -> new Backtest.Baseline("holt_winters", List.of(target), cfg.horizon(),
                cfg.period(), PrequentialEvaluator.warmupForLast(evaluatedFraction, perKey.get(key))))
                .observe(e, f != null);
          });
      if (progress != null) {
        progress.accept(from + bundle.size());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<PrequentialEvaluator> evs = new ArrayList<>();
    for (GlobalKeyState s : states.values()) {
      evs.add(s.evaluator());
    }
    List<PrequentialEvaluator> hwEvs = new ArrayList<>();
    for (Backtest.Baseline b : hws.values()) {
      hwEvs.addAll(List.of(b.evaluators));
    }
    PrequentialSummary sum = PrequentialSummary.of(evs);
    PrequentialSummary hwSum = PrequentialSummary.of(hwEvs);
    int h = cfg.horizon();
    List<Backtest.Errors> per = new ArrayList<>();
    for (int i = 1; i <= h; i++) {
      per.add(Backtest.Errors.of(sum, Source.MODEL, i));
    }
    return new Backtest.Result(events.size(), forecasts[0], h, Backtest.Errors.of(sum, Source.MODEL, h),
        Backtest.Errors.of(sum, Source.NAIVE, h), Backtest.Errors.of(sum, Source.SEASONAL_NAIVE, h),
        Backtest.Errors.of(hwSum, Source.MODEL, h), per, sum.count(h), learner.refusedUpdates(), seconds);
  }

  /**
   * The M4 protocol with one global model: every series is a key of one stream, aligned at its end (its last
   * history value arrives in the last round, so every forecast is made by the model that has seen all
   * history), fed round by round in series order; each series' forecast is the one made from its last value.
   * Returns the forecasts by series id (absent where none could be made).
   */
  public static Map<String, double[]> m4Forecasts(List<M4Series> data, GlobalConfig cfg, LongConsumer progress) {
    int rounds = 0;
    for (M4Series s : data) {
      rounds = Math.max(rounds, s.train().length);
    }
    GlobalLearner learner = new GlobalLearner(cfg);
    Map<String, GlobalKeyState> states = new HashMap<>();
    Map<String, double[]> last = new HashMap<>();
    List<String> names = List.of("value");
    List<Event> bundle = new ArrayList<>();
    long done = 0;
    for (int r = 0; r < rounds; r++) {
      for (M4Series s : data) {
        int off = rounds - s.train().length;
        if (r >= off) {
          bundle.add(new Event(s.id(), r, names, new double[] {s.train()[r - off]}));
        }
      }
      if (bundle.size() >= BUNDLE || r == rounds - 1) {
        learner.learn(bundle, k -> states.computeIfAbsent(k, learner::newState), (e, st, f) -> last.put(e.key(), f));
        done += bundle.size();
        bundle.clear();
        if (progress != null) {
          progress.accept(done);
        }
      }
    }
    last.values().removeIf(v -> v == null);
    return last;
  }

  /** Events of {@code data} in the order {@link #m4Forecasts} feeds them (for sizing progress). */
  public static long m4Events(List<M4Series> data) {
    long n = 0;
    for (M4Series s : data) {
      n += s.train().length;
    }
    return n;
  }
}
