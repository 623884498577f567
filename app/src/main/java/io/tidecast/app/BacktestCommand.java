package io.tidecast.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tidecast.stream.Backtest;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.GlobalBacktest;
import io.tidecast.stream.GlobalConfig;
import io.tidecast.stream.KeyedSeries;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.LearnerParams;
import io.tidecast.stream.param.Param;
import io.tidecast.stream.param.ParamMap;
import io.tidecast.stream.M4Evaluation;
import io.tidecast.stream.M4Series;
import io.tidecast.stream.Progress;
import io.tidecast.stream.Seasonality;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Replays a CSV series through the online learner (the same code the streaming runtimes run) and reports
 * prequential errors over the last 80% against naive and seasonal-naive baselines on the same targets.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
    modelTransformer = BacktestCommand.LearnerOptions.class,
    description = {"Replay a CSV series through the online learner (predict, then learn) and score it.",
        "Without --csv it uses the bundled NYC taxi series (NAB, 30-minute buckets).",
        "With --m4-train/--m4-test it learns each M4-format series online and scores the forecast of its next",
        "--horizon values by sMAPE, MASE and OWA against Naive2, as the M4 competition."})
final class BacktestCommand implements Callable<Integer> {
  /** The learner's options, from its table; the window's columns are this command's own (--value-column, --features). */
  static final List<Param<?>> LEARNER = LearnerParams.ALL.stream()
      .filter(p -> p != LearnerParams.TARGETS && p != LearnerParams.FEATURES).toList();

  /** Adds the learner's options to this command. */
  static final class LearnerOptions implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      return TableOptions.add(spec, LEARNER, java.util.Map.of(LearnerParams.SEASONALITY, "inferred from the "
          + "timestamps' interval, e.g. 48 for half-hourly rows; M4: the dataset's period",
          LearnerParams.ENSEMBLE, "true for per_key, false for --placement global"));
    }
  }

  @Spec
  CommandSpec spec;
  @Option(names = "--csv", description = "CSV file with a header row (default: bundled nyc_taxi.csv)")
  Path csv;
  @Option(names = "--time-column", description = "time column (default: the first column)")
  String timeColumn;
  @Option(names = "--value-column", description = "the value to forecast (default: value)", defaultValue = "value")
  String valueColumn;
  @Option(names = "--features", split = ",", description = "extra input columns besides the value")
  List<String> features = new ArrayList<>();
  @Option(names = "--eval-fraction", defaultValue = "0.8", description = "score the last fraction (default: 0.8)")
  double evalFraction;
  @Option(names = "--limit", description = "use only the first N rows")
  Integer limit;
  @Option(names = "--plot", description = "write actual vs forecast (and error) as PNG")
  Path plot;
  @Option(names = "--plot-last", defaultValue = "1000", description = "--plot: the last N scored points in the top "
      + "panel, 0 = all; the error panel covers all (default: ${DEFAULT-VALUE})")
  int plotLast;
  @Option(names = "--json", description = "write the results as JSON")
  Path json;
  @Option(names = "--m4-train", description = "M4-format history file (e.g. Hourly-train.csv); needs --m4-test")
  Path m4Train;
  @Option(names = "--m4-test", description = "M4-format file of the values to forecast (e.g. Hourly-test.csv)")
  Path m4Test;
  @Option(names = "--m4-validate", description = "with --m4-train alone: forecast each series' last --horizon "
      + "values from the values before them")
  boolean m4Validate;
  @Option(names = "--placement", defaultValue = "per_key", description = "per_key: a network per key; global: one "
      + "network learned from every key's events, per key only its normalisation and recurrent state "
      + "(default: ${DEFAULT-VALUE})")
  String placement;
  @Option(names = "--budget", defaultValue = "default", description = "global placement's training budget: "
      + "default (each observed step learned ~30 times) or throughput (once) (default: ${DEFAULT-VALUE})")
  String budget;
  @Option(names = "--key-column", description = "the CSV holds many keys; this column names each row's key")
  String keyColumn;

  @Override
  public Integer call() throws Exception {
    if (!placement.equals("per_key") && !placement.equals("global")) {
      throw new IllegalArgumentException("--placement must be per_key or global; got '" + placement + "'");
    }
    if (m4Train != null || m4Test != null) {
      return placement.equals("global") ? m4Global() : m4();
    }
    if (keyColumn != null || placement.equals("global")) {
      return keyed();
    }
    List<String> cols = new ArrayList<>();
    cols.add(valueColumn);
    for (String f : features) {
      if (!cols.contains(f)) {
        cols.add(f);
      }
    }
    if (plotLast < 0) {
      throw new IllegalArgumentException("--plot-last must be >= 0 (0 = all points); got " + plotLast);
    }
    BacktestInput in = BacktestInput.read(csv, timeColumn, cols, limit);
    java.io.PrintWriter err = spec.commandLine().getErr();
    in.report(err);
    in.requireRows(opt(LearnerParams.TIMESTEPS), opt(LearnerParams.HORIZON));
    List<Event> events = in.events;
    int m = in.seasonality(given().getOrElse(LearnerParams.SEASONALITY, null), err);
    LearnerConfig cfg = config(cols, m);
    System.out.printf("backtest: %s, %d rows, %s%n", in.source, events.size(), cfg);
    Map<Long, Double> forecastAt = new HashMap<>();
    Progress progress = Progress.onStderr("backtest", "rows", events.size());
    Backtest.Result r = Backtest.run(events, cfg, evalFraction,
        f -> forecastAt.put(f.timestamp(f.horizon()), f.value(f.horizon())), progress);
    progress.finish();
    if (r.scored() == 0) {
      throw new IllegalArgumentException(in.source + ": no forecast fell in the scored part (the last "
          + Math.round(evalFraction * 100) + "% of " + events.size() + " rows); use a longer series, a smaller "
          + "--timesteps or a larger --eval-fraction");
    }
    print(r);
    if (json != null) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r.toMap());
      System.out.println("wrote " + json);
    }
    if (plot != null) {
      writePlot(events, in.series.rowIndexTime, forecastAt, r);
      System.out.println("wrote " + plot);
    }
    return 0;
  }

  private LearnerConfig config(List<String> cols, int seasonality) {
    ParamMap values = new ParamMap(given());
    values.set(LearnerParams.TARGETS, List.of(cols.get(0))).set(LearnerParams.FEATURES, cols)
        .set(LearnerParams.SEASONALITY, seasonality);
    return LearnerConfig.of(values);
  }

  private ParamMap given;

  /** The learner options the command line gave. */
  private ParamMap given() {
    if (given == null) {
      given = TableOptions.values(spec, LEARNER);
    }
    return given;
  }

  private <T> T opt(Param<T> p) {
    return given().get(p);
  }

  /** The global placement's settings from the command line: a budget preset with horizon, period, lr and seed. */
  private GlobalConfig globalConfig(int period) {
    GlobalConfig b = switch (budget) {
      case "default" -> GlobalConfig.defaults(opt(LearnerParams.HORIZON), period);
      case "throughput" -> GlobalConfig.throughput(opt(LearnerParams.HORIZON), period);
      default -> throw new IllegalArgumentException("--budget must be default or throughput; got '" + budget + "'");
    };
    return new GlobalConfig(b.horizon(), b.period(), b.lags(), b.units(), b.hidden(), b.tbptt(), b.trainEvery(),
        b.replay(), b.bufferSegments(), b.batchSegments(), opt(LearnerParams.LEARNING_RATE), b.clipnorm(), b.alpha(), b.gamma(),
        b.normalization(), Boolean.TRUE.equals(given().getOrElse(LearnerParams.ENSEMBLE, null)), opt(LearnerParams.SEED));
  }

  private List<M4Series> m4Data() throws Exception {
    if (m4Validate) {
      if (m4Train == null || m4Test != null) {
        throw new IllegalArgumentException("--m4-validate takes --m4-train alone (its last --horizon values are "
            + "the test)");
      }
      return M4Series.holdOut(m4Train, opt(LearnerParams.HORIZON));
    }
    if (m4Train == null || m4Test == null) {
      throw new IllegalArgumentException("--m4-train and --m4-test go together: the history and the values to "
          + "forecast (or --m4-train with --m4-validate)");
    }
    return M4Series.read(m4Train, m4Test);
  }

  private int m4Global() throws Exception {
    BacktestInput.requireReadableFile(m4Train, "--m4-train");
    List<M4Series> data = m4Data();
    int m = m4Seasonality();
    GlobalConfig cfg = globalConfig(m);
    System.out.printf("backtest M4, global placement: %s%s, %d series as keys of one stream, %s%n", m4Train,
        m4Validate ? " (validation: last " + opt(LearnerParams.HORIZON) + " values held out)" : " + " + m4Test, data.size(), cfg);
    long start = System.nanoTime();
    Progress progress = Progress.onStderr("backtest M4", "events", GlobalBacktest.m4Events(data));
    Map<String, double[]> f = GlobalBacktest.m4Forecasts(data, cfg, d -> progress.advance(d - progress.done()));
    progress.finish();
    Map<double[], double[]> byHistory = new java.util.IdentityHashMap<>();
    for (M4Series s : data) {
      byHistory.put(s.train(), f.get(s.id()));
    }
    M4Evaluation.Result r = M4Evaluation.evaluate(data, opt(LearnerParams.HORIZON), m, (history, h) -> byHistory.get(history));
    printM4(r, start);
    return 0;
  }

  private int keyed() throws Exception {
    List<String> cols = List.of(valueColumn);
    KeyedSeries data;
    if (keyColumn != null) {
      if (csv == null || Files.isDirectory(csv)) {
        throw new IllegalArgumentException("--key-column needs --csv FILE");
      }
      try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
        data = KeyedSeries.fromKeyColumn(r, keyColumn, timeColumn, cols);
      }
    } else if (csv == null) {
      throw new IllegalArgumentException("--placement global needs --csv: a file (one key), a folder of files (a "
          + "key each) or a file with --key-column");
    } else {
      if (!Files.isDirectory(csv)) {
        BacktestInput.requireReadableFile(csv, "--csv");
      }
      data = KeyedSeries.fromFolder(csv, timeColumn, cols);
    }
    List<Event> events = data.events;
    java.io.PrintWriter err = spec.commandLine().getErr();
    int m;
    if (given().contains(LearnerParams.SEASONALITY)) {
      m = opt(LearnerParams.SEASONALITY);
    } else {
      // the first key's interval stands for all
      Seasonality s = Seasonality.infer(data.byKey.values().iterator().next().events);
      err.println(s.describe());
      err.flush();
      m = s.period();
    }
    Backtest.Result r;
    Progress progress = Progress.onStderr("backtest", "events", events.size());
    if (placement.equals("global")) {
      GlobalConfig cfg = globalConfig(m);
      System.out.printf("backtest: %s, %d keys, %d events, global placement, %s%n", csv, data.byKey.size(),
          events.size(), cfg);
      r = GlobalBacktest.run(events, cfg, evalFraction, d -> progress.advance(d - progress.done()));
    } else {
      LearnerConfig cfg = config(cols, m);
      System.out.printf("backtest: %s, %d keys, %d events, a network per key, %s%n", csv, data.byKey.size(),
          events.size(), cfg);
      r = Backtest.run(events, cfg, evalFraction, null, progress);
    }
    progress.finish();
    print(r);
    if (json != null) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r.toMap());
      System.out.println("wrote " + json);
    }
    return 0;
  }

  private int m4() throws Exception {
    if (m4Validate) {
      BacktestInput.requireReadableFile(m4Train, "--m4-train");
      return m4PerKey(m4Data());
    }
    if (m4Train == null || m4Test == null) {
      throw new IllegalArgumentException("--m4-train and --m4-test go together: the history and the values to "
          + "forecast");
    }
    BacktestInput.requireReadableFile(m4Train, "--m4-train");
    BacktestInput.requireReadableFile(m4Test, "--m4-test");
    return m4PerKey(M4Series.read(m4Train, m4Test));
  }

  private int m4PerKey(List<M4Series> data) throws Exception {
    int m = m4Seasonality();
    LearnerConfig cfg = config(List.of("value"), m);
    int threads = Math.min(data.size(), Runtime.getRuntime().availableProcessors());
    System.out.printf("backtest M4: %s%s, %d series, horizon %d, seasonality %d, %d threads, %s%n", m4Train,
        m4Validate ? " (validation: last " + opt(LearnerParams.HORIZON) + " values held out)" : " + " + m4Test, data.size(), opt(LearnerParams.HORIZON), m,
        threads, cfg);
    long start = System.nanoTime();
    // each series has its own learner, so series run in parallel; the scores are summed in file order
    Progress progress = Progress.onStderr("backtest M4", "series", data.size());
    M4Evaluation.Result r = M4Evaluation.evaluate(data, opt(LearnerParams.HORIZON), m, M4Evaluation.online(cfg), threads, progress);
    progress.finish();
    printM4(r, start);
    return 0;
  }

  private void printM4(M4Evaluation.Result r, long start) throws Exception {
    System.out.printf(Locale.ROOT, "%n%d series in %.1f s%s%n", r.series(), (System.nanoTime() - start) / 1e9,
        r.fallbacks() == 0 ? "" : ", " + r.fallbacks() + " too short for one window (forecast by Naive2)");
    System.out.printf(Locale.ROOT, "%-10s %10s %10s %8s%n", "", "sMAPE", "MASE", "OWA");
    System.out.printf(Locale.ROOT, "%-10s %10.3f %10.4f %8.4f%n", "Tidecast", r.smape(), r.mase(), r.owa());
    System.out.printf(Locale.ROOT, "%-10s %10.3f %10.4f %8.4f%n", "Naive2", r.naive2Smape(), r.naive2Mase(), 1.0);
    if (json != null) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r.toMap());
      System.out.println("wrote " + json);
    }
  }

  /** --seasonality, else M4's period for the dataset the file name says (Hourly: 24), else 1. */
  private int m4Seasonality() {
    if (given().contains(LearnerParams.SEASONALITY)) {
      return opt(LearnerParams.SEASONALITY);
    }
    Seasonality s = Seasonality.ofM4(m4Train.getFileName().toString());
    if (s == null) {
      s = Seasonality.none("the file name does not say which M4 dataset this is");
    }
    spec.commandLine().getErr().println(s.describe());
    spec.commandLine().getErr().flush();
    return s.period();
  }

  private void print(Backtest.Result r) {
    System.out.printf(Locale.ROOT, "%nevents %d, forecasts %d, scored %d (last %.0f%%), rollbacks %d, %.1f s, "
        + "%.0f events/s%n", r.events(), r.forecasts(), r.scored(), evalFraction * 100, r.rollbacks(), r.seconds(),
        r.eventsPerSecond());
    System.out.printf(Locale.ROOT, "%-26s %12s %12s %10s %8s%n", "h=" + r.horizon(), "MAE", "RMSE", "sMAPE", "MASE");
    row("model", r.model());
    row("naive", r.naive());
    row("seasonal naive", r.seasonalNaive());
    row("holt-winters (online)", r.holtWinters());
    System.out.printf(Locale.ROOT, "MAE vs naive %.3f, vs seasonal naive %.3f%n", r.model().mae() / r.naive().mae(),
        r.model().mae() / r.seasonalNaive().mae());
  }

  private static void row(String name, Backtest.Errors e) {
    System.out.printf(Locale.ROOT, "%-26s %12.4f %12.4f %10.3f %8.4f%n", name, e.mae(), e.rmse(), e.smape(), e.mase());
  }

  private void writePlot(List<Event> events, boolean rowTime, Map<Long, Double> forecastAt, Backtest.Result r)
      throws Exception {
    int from = (int) Math.floor(events.size() * (1 - evalFraction));
    List<Date> t = new ArrayList<>();
    List<Double> actual = new ArrayList<>();
    List<Double> fc = new ArrayList<>();
    for (Event e : events.subList(from, events.size())) {
      Double f = forecastAt.get(e.timestamp());
      if (f != null) {
        t.add(new Date(e.timestamp()));
        actual.add(e.value(0));
        fc.add(f);
      }
    }
    ForecastCharts.backtest(plot, String.format(Locale.ROOT, "%s: %d-step forecasts, MAE %.4g (naive %.4g, seasonal naive "
        + "%.4g)", valueColumn, r.horizon(), r.model().mae(), r.naive().mae(), r.seasonalNaive().mae()),
        rowTime ? null : t, actual, fc, plotLast);
  }
}
