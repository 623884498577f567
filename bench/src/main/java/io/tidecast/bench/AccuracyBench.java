package io.tidecast.bench;

import io.tidecast.stream.Backtest;
import io.tidecast.stream.CsvSeries;
import io.tidecast.stream.Event;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.WindowSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code accuracy [--data DIR]}: replays every CSV under DIR (recursively) through {@link Backtest} (the streaming
 * runtimes' learner, predict then learn, errors over the last 80%) at horizons 1, 10 and 48, and prints MAE, RMSE,
 * sMAPE and MASE of Tidecast next to naive, seasonal naive and online Holt-Winters scored on the same targets.
 * Everything but the dataset's value column, seasonal period and window length is {@link LearnerConfig}'s defaults,
 * unless overridden for a tuning sweep ({@code --units 32 --lr 0.003 --batch 16 --replay 512 --train-every 1
 * --timesteps 48 --sdiff auto|on|off --time-features none|auto --limit ROWS --only NAME --horizons 1,10,48
 * --threads N --ensemble on|off}; {@code --time-features auto} adds hour-of-day and day-of-week inputs to the
 * sub-daily series).
 */
final class AccuracyBench {
  /** A known dataset: value column and the seasonal period (rows) of its strongest seasonal naive. */
  record Known(String value, int season, String why) {
  }

  /** By file name; anything else is read with its last column and no season. */
  static final Map<String, Known> KNOWN = Map.of(
      "nyc_taxi.csv", new Known("value", 336, "weekly, 30-min buckets"),
      "machine_temperature_system_failure.csv", new Known("value", 288, "daily, 5-min"),
      "ec2_cpu_utilization_5f5533.csv", new Known("value", 288, "daily, 5-min"),
      "ETTh1.csv", new Known("OT", 24, "daily, hourly"),
      "airline-passengers.csv", new Known("Passengers", 12, "yearly, monthly"),
      "daily-min-temperatures.csv", new Known("Temp", 365, "yearly, daily"),
      "shampoo.csv", new Known("Sales", 12, "yearly, monthly"));

  private static final long DAY_MS = 86_400_000L;

  private final Map<String, String> opt;

  private AccuracyBench(Map<String, String> opt) {
    this.opt = opt;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("options are --name value pairs; got '" + args[i] + "'");
      }
      o.put(args[i].substring(2), args[++i]);
    }
    return o;
  }

  public static void main(String[] args) throws Exception {
    new AccuracyBench(options(args)).run();
  }

  private record Series(String name, String value, int season, List<Event> events, boolean subDaily) {
  }

  private record Job(Series s, int horizon) {
  }

  private void run() throws Exception {
    Path dir = Path.of(opt.getOrDefault("data", "../shared/data"));
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no data folder at " + dir.toAbsolutePath() + " (give --data DIR)");
    }
    List<Series> data = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
        String name = dir.relativize(p).toString();
        if (opt.containsKey("only") && !name.contains(opt.get("only"))) {
          continue;
        }
        data.add(read(name, p));
      }
    }
    List<Job> jobs = new ArrayList<>();
    for (Series s : data) {
      for (String h : opt.getOrDefault("horizons", "1,10,48").split(",")) {
        jobs.add(new Job(s, Integer.parseInt(h.trim())));
      }
    }
    int threads = Integer.parseInt(opt.getOrDefault("threads", "1"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<String>> rows = new ArrayList<>();
    for (Job j : jobs) {
      rows.add(pool.submit(() -> score(j)));
    }
    System.out.printf("# accuracy: %s, options %s%n", dir, opt);
    System.out.println("| dataset | m | h | forecaster | MAE | RMSE | sMAPE | MASE | MAE / seasonal naive |");
    System.out.println("|---|---:|---:|---|---:|---:|---:|---:|---:|");
    for (Future<String> r : rows) {
      System.out.print(r.get());
      System.out.flush();
    }
    pool.shutdown();
  }

  private Series read(String name, Path p) throws IOException {
    Known k = KNOWN.get(p.getFileName().toString());
    String value;
    int season;
    try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      List<String> header = CsvSeries.split(r.readLine());
      value = k != null ? k.value() : header.get(header.size() - 1).trim();
      season = k != null ? k.season() : 1;
    }
    if (k == null) {
      System.err.printf("note: %s is not in the dataset table; using its last column '%s' and no season%n", name,
          value);
    }
    CsvSeries cs;
    try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      cs = CsvSeries.read(r, name, null, List.of(value));
    }
    List<Event> ev = cs.events;
    if (opt.containsKey("limit")) {
      ev = ev.subList(0, Math.min(ev.size(), Integer.parseInt(opt.get("limit"))));
    }
    boolean subDaily = !cs.rowIndexTime && ev.size() > 1 && ev.get(1).timestamp() - ev.get(0).timestamp() < DAY_MS;
    return new Series(name, value, season, ev, subDaily);
  }

  /** The window is at most a quarter of the series, so short series still leave most of it scored. */
  LearnerConfig config(Series s, int horizon) {
    int timesteps = Math.max(2, Math.min(Integer.parseInt(opt.getOrDefault("timesteps", "48")),
        s.events().size() / 4));
    LearnerConfig.Builder b = LearnerConfig.builder(WindowSpec.of(timesteps, horizon, List.of(s.value()),
        List.of(s.value()))).seasonality(s.season());
    tuning(b, opt);
    String sdiff = opt.getOrDefault("sdiff", "auto");
    if (!sdiff.equals("auto")) {
      b.seasonalDifference(sdiff.equals("on") && s.season() > 1 && horizon <= s.season());
    }
    if (opt.getOrDefault("time-features", "none").equals("auto") && s.subDaily()) {
      b.timeFeatures(LearnerConfig.TimeFeature.HOUR_OF_DAY, LearnerConfig.TimeFeature.DAY_OF_WEEK);
    }
    return b.build();
  }

  /** Applies the sweep options given ({@code --units --recurrent --lr --batch --replay --train-every --loss --seed}). */
  static LearnerConfig.Builder tuning(LearnerConfig.Builder b, Map<String, String> opt) {
    if (opt.containsKey("units")) {
      List<Integer> u = new ArrayList<>();
      for (String x : opt.get("units").split(",")) {
        u.add(Integer.parseInt(x.trim()));
      }
      b.units(u);
    }
    if (opt.containsKey("recurrent")) {
      b.recurrent(opt.get("recurrent"));
    }
    if (opt.containsKey("lr")) {
      b.learningRate(Double.parseDouble(opt.get("lr")));
    }
    if (opt.containsKey("batch")) {
      b.batchSize(Integer.parseInt(opt.get("batch")));
    }
    if (opt.containsKey("replay")) {
      b.replayRows(Integer.parseInt(opt.get("replay")));
    }
    if (opt.containsKey("train-every")) {
      b.trainEvery(Integer.parseInt(opt.get("train-every")));
    }
    if (opt.containsKey("loss")) {
      b.loss(opt.get("loss"));
    }
    if (opt.containsKey("seed")) {
      b.seed(Long.parseLong(opt.get("seed")));
    }
    if (opt.containsKey("stateful")) {
      b.stateful(Boolean.parseBoolean(opt.get("stateful")));
    }
    if (opt.containsKey("ensemble")) {
      b.ensemble(!opt.get("ensemble").equals("off"));
    }
    return b;
  }

  private String score(Job j) {
    Series s = j.s();
    LearnerConfig cfg = config(s, j.horizon());
    Backtest.Result r = Backtest.run(s.events(), cfg, 0.8, null);
    String head = String.format(Locale.ROOT, "| %s | %d | %d ", s.name(), s.season(), j.horizon());
    if (r.scored() == 0) {
      return head + "| (series too short for this horizon) | | | | | |\n";
    }
    StringBuilder b = new StringBuilder();
    double sn = r.seasonalNaive().mae();
    row(b, head, String.format(Locale.ROOT, "**Tidecast** (T=%d%s)", cfg.window().timesteps(),
        cfg.seasonalDifference() ? ", sdiff" : ""), r.model(), sn);
    row(b, head, "naive", r.naive(), sn);
    row(b, head, "seasonal naive", r.seasonalNaive(), sn);
    row(b, head, "Holt-Winters", r.holtWinters(), sn);
    System.err.printf(Locale.ROOT, "%s h=%d: %d scored, %.1f s, rollbacks %d%n", s.name(), j.horizon(), r.scored(),
        r.seconds(), r.rollbacks());
    return b.toString();
  }

  private static void row(StringBuilder b, String head, String who, Backtest.Errors e, double sn) {
    b.append(head).append(String.format(Locale.ROOT, "| %s | %.4g | %.4g | %.3f | %.3f | %.3f |%n", who, e.mae(),
        e.rmse(), e.smape(), e.mase(), e.mae() / sn));
  }
}
