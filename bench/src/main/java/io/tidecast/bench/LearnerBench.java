package io.tidecast.bench;

import io.tidecast.stream.Event;
import io.tidecast.stream.GlobalConfig;
import io.tidecast.stream.GlobalKeyState;
import io.tidecast.stream.GlobalLearner;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.OnlineLearner;
import io.tidecast.stream.WindowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The learner alone, no runtime: events/s of the per-key default and of the global placement at its two training
 * budgets, on the same synthetic keyed stream in one run (a forecast per event, prequential training). Each engine
 * first takes {@code --warm} steps per key (windows fill, training starts), then the next {@code --steps} per key
 * are timed. Prints a table and one JSON line per row.
 */
final class LearnerBench {
  private LearnerBench() {
  }

  public static void main(String[] args) {
    int keys = 1000;
    int horizon = 1;
    int period = 24;
    String engines = "per_key,global,global-throughput";
    Map<String, Integer> steps = new HashMap<>(Map.of("per_key", 3, "global", 20, "global-throughput", 200));
    Map<String, Integer> warm = new HashMap<>(Map.of("per_key", 50, "global", 60, "global-throughput", 60));
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--keys" -> keys = Integer.parseInt(v);
        case "--horizon" -> horizon = Integer.parseInt(v);
        case "--engines" -> engines = v;
        case "--steps" -> {
          String[] kv = v.split("=");
          steps.put(kv[0], Integer.parseInt(kv[1]));
        }
        default -> throw new IllegalArgumentException("learner [--keys 1000] [--horizon 1] [--engines "
            + "per_key,global,global-throughput] [--steps ENGINE=N]; unknown " + args[i]);
      }
    }
    System.out.printf(Locale.ROOT, "# learner alone: %,d keys, horizon %d, period %d, a forecast per event%n", keys,
        horizon, period);
    System.out.printf(Locale.ROOT, "%-20s %10s %12s %14s%n", "engine", "events", "events/s", "state B/key");
    for (String engine : engines.split(",")) {
      int w = warm.get(engine);
      int s = steps.get(engine);
      double[] r = switch (engine) {
        case "per_key" -> perKey(keys, horizon, period, w, s);
        case "global" -> global(GlobalConfig.defaults(horizon, period), keys, w, s);
        case "global-throughput" -> global(GlobalConfig.throughput(horizon, period), keys, w, s);
        default -> throw new IllegalArgumentException("unknown engine " + engine);
      };
      System.out.printf(Locale.ROOT, "%-20s %,10d %,12.0f %,14.0f%n", engine, (long) r[0], r[1], r[2]);
      System.out.printf(Locale.ROOT, "{\"bench\":\"learner\",\"engine\":\"%s\",\"keys\":%d,\"horizon\":%d,"
          + "\"events\":%d,\"events_per_s\":%.1f,\"state_bytes_per_key\":%.0f}%n", engine, keys, horizon, (long) r[0],
          r[1], r[2]);
    }
  }

  /** Round {@code t} of the stream: one event per key, a daily cycle around each key's own level, with noise. */
  static List<Event> round(int keys, int t, SplittableRandom r, double[] level) {
    List<String> names = List.of("value");
    List<Event> out = new ArrayList<>(keys);
    for (int k = 0; k < keys; k++) {
      double v = level[k] * (1 + 0.3 * Math.sin(2 * Math.PI * t / 24.0 + k)) * (1 + 0.05 * r.nextGaussian());
      out.add(new Event("key-" + k, 60_000L * t, names, new double[] {v}));
    }
    return out;
  }

  static double[] levels(int keys) {
    SplittableRandom r = new SplittableRandom(1);
    double[] level = new double[keys];
    for (int k = 0; k < keys; k++) {
      level[k] = 10 + 1000 * r.nextDouble();
    }
    return level;
  }

  static double[] perKey(int keys, int horizon, int period, int warm, int steps) {
    LearnerConfig cfg = LearnerConfig.builder(WindowSpec.of(48, horizon, List.of("value"), List.of("value")))
        .seasonality(period).build();
    OnlineLearner learner = new OnlineLearner(cfg);
    Map<String, KeyState> states = new HashMap<>();
    SplittableRandom r = new SplittableRandom(2);
    double[] level = levels(keys);
    long n = 0;
    long start = 0;
    for (int t = 0; t < warm + steps; t++) {
      if (t == warm) {
        start = System.nanoTime();
      }
      for (Event e : round(keys, t, r, level)) {
        learner.onEvent(states.computeIfAbsent(e.key(), learner::newState), e);
        if (t >= warm) {
          n++;
        }
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    return new double[] {n, n / secs, states.get("key-0").toBytes().length};
  }

  static double[] global(GlobalConfig cfg, int keys, int warm, int steps) {
    GlobalLearner learner = new GlobalLearner(cfg);
    Map<String, GlobalKeyState> states = new HashMap<>();
    SplittableRandom r = new SplittableRandom(2);
    double[] level = levels(keys);
    long n = 0;
    long start = 0;
    long[] forecasts = new long[1];
    for (int t = 0; t < warm + steps; t++) {
      if (t == warm) {
        start = System.nanoTime();
      }
      List<Event> round = round(keys, t, r, level);
      learner.learn(round, k -> states.computeIfAbsent(k, learner::newState), (e, s, f) -> forecasts[0]++);
      if (t >= warm) {
        n += round.size();
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    return new double[] {n, n / secs, states.get("key-0").toBytes().length};
  }
}
