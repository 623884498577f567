package io.tidecast.bench;

import io.tidecast.stream.CsvSeries;
import io.tidecast.stream.Event;
import io.tidecast.stream.HoldoutBacktest;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.WindowSpec;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ett [--data DIR]}: the Informer protocol on ETTh1, univariate target OT: train rows 0-8639, validation
 * 8640-11519, test 11520-14399, z-scored with the train rows' mean and standard deviation, look-back 96,
 * horizon 24, MSE and MAE in z units over every test window (stride 1), with the model frozen after the train
 * rows and learning online through validation and test ({@link HoldoutBacktest}). Options as {@code accuracy}:
 * {@code --units --lr --batch --replay --train-every --seed --time-features auto|none --sdiff on|off
 * --ensemble on|off}.
 */
final class EttBench {
  static final int TRAIN_END = 8640;
  static final int TEST_START = 11520;
  static final int TEST_END = 14400;

  private EttBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = AccuracyBench.options(args);
    Path file = Path.of(opt.getOrDefault("data", "../shared/data")).resolve("ett/ETTh1.csv");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no ETTh1 at " + file.toAbsolutePath() + " (give --data DIR holding ett/)");
    }
    List<Event> events;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      events = HoldoutBacktest.zScore(CsvSeries.read(r, "ETTh1", "date", List.of("OT")).events, TRAIN_END);
    }
    LearnerConfig cfg = config(opt);
    System.out.printf("# ETTh1 OT, Informer split, look-back 96, horizon 24: %s%n", cfg);
    HoldoutBacktest.Result r = HoldoutBacktest.run(events, cfg, TRAIN_END, TEST_START, TEST_END);
    System.out.printf(Locale.ROOT, "# %d test windows x %d steps, %.0f s%n", r.windows(), r.horizon(), r.seconds());
    System.out.println("| ETTh1 OT, h=24 (z units) | MSE | MAE |");
    System.out.println("|---|---:|---:|");
    row("Tidecast, frozen after train rows", r.frozen());
    row("Tidecast, learning online", r.online());
    row("naive (last value)", r.naive());
    row("seasonal naive (m=24)", r.seasonalNaive());
    System.out.println("| published: Informer / LSTMa (Zhou et al. 2021, Table 1) | 0.098 / 0.114 | 0.247 / 0.272 |");
  }

  static LearnerConfig config(Map<String, String> opt) {
    WindowSpec w = WindowSpec.of(96, 24, List.of("OT"), List.of("OT"));
    // all train rows stay replayable, so the frozen model has learned from the whole train split
    LearnerConfig.Builder b = LearnerConfig.builder(w).seasonality(24).replayRows(TRAIN_END)
        .seasonalDifference("on".equals(opt.get("sdiff")));
    AccuracyBench.tuning(b, opt);
    if (!"none".equals(opt.get("time-features"))) {
      b.timeFeatures(LearnerConfig.TimeFeature.HOUR_OF_DAY, LearnerConfig.TimeFeature.DAY_OF_WEEK);
    }
    return b.build();
  }

  private static void row(String who, HoldoutBacktest.Errors e) {
    System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f |%n", who, e.mse(), e.mae());
  }
}
