package io.tidecast.app;

import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What the demo shows: per key the last value sent, the last forecast received, the model's prequential MAE (as
 * the forecast carries it) against a naive MAE tracked here on the same forecast targets, and the model version;
 * plus what the charts need. The producer thread calls {@link #sent}, the consumer thread {@link #received}.
 */
final class DemoBoard {
  /** Actuals kept per key: enough to score forecasts that arrive seconds after their targets were sent. */
  private static final int ACTUALS_KEPT = 4096;
  /** Points kept per charted key. */
  private static final int CHART_POINTS = 20_000;

  static final class KeyRow {
    final ConcurrentSkipListMap<Long, Double> actuals = new ConcurrentSkipListMap<>();
    volatile double lastValue = Double.NaN;
    volatile long lastSentTs = Long.MIN_VALUE;
    // consumer thread only
    double lastForecast = Double.NaN;
    long lastOrigin = Long.MIN_VALUE;
    double modelMae = Double.NaN;
    double naiveSum;
    long naiveN;
    long version;
    long forecasts;
    final TreeMap<Long, Double> chartForecast = new TreeMap<>();
    final TreeMap<Long, Double> chartActual = new TreeMap<>();
  }

  private final Map<String, KeyRow> rows = new ConcurrentHashMap<>();
  private final java.util.Set<String> charted;

  /** @param charted the keys whose actuals and forecasts are kept for forecast.png */
  DemoBoard(java.util.Set<String> charted) {
    this.charted = charted;
  }

  void sent(Event e) {
    KeyRow r = rows.computeIfAbsent(e.key(), k -> new KeyRow());
    double v = e.value(0);
    r.actuals.put(e.timestamp(), v);
    if (r.actuals.size() > ACTUALS_KEPT) {
      r.actuals.pollFirstEntry();
    }
    r.lastValue = v;
    r.lastSentTs = e.timestamp();
  }

  /** Returns false for a forecast of a key this demo did not send (ignored). */
  boolean received(Forecast f) {
    KeyRow r = rows.get(f.key());
    if (r == null) {
      return false;
    }
    r.forecasts++;
    r.lastForecast = f.value(1);
    r.lastOrigin = f.originTimestamp();
    r.version = f.modelVersion();
    if (f.prequentialError().isPresent()) {
      r.modelMae = f.prequentialError().getAsDouble();
    }
    Double origin = r.actuals.get(f.originTimestamp());
    Double target = r.actuals.get(f.timestamp(1));
    if (origin != null && target != null) {
      // naive forecast for t+1 is y(t): scored on the same targets the model forecast
      r.naiveSum += Math.abs(target - origin);
      r.naiveN++;
    }
    if (charted.contains(f.key())) {
      r.chartForecast.put(f.timestamp(1), f.value(1));
      if (target != null) {
        r.chartActual.put(f.timestamp(1), target);
      }
      if (r.chartForecast.size() > CHART_POINTS) {
        r.chartForecast.pollFirstEntry();
      }
      if (r.chartActual.size() > CHART_POINTS) {
        r.chartActual.pollFirstEntry();
      }
    }
    return true;
  }

  /** True when every key has a forecast whose origin is the last event sent for it. */
  boolean caughtUp() {
    for (KeyRow r : rows.values()) {
      if (r.lastOrigin < r.lastSentTs) {
        return false;
      }
    }
    return !rows.isEmpty();
  }

  /** The mean over keys of the model's prequential MAE (NaN while none has one). */
  double meanModelMae() {
    double s = 0;
    int n = 0;
    for (KeyRow r : rows.values()) {
      if (!Double.isNaN(r.modelMae)) {
        s += r.modelMae;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /** The table, at most {@code maxRows} keys (sorted by name). */
  String table(int maxRows) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-14s %12s %12s %10s %10s %7s %9s%n", "key", "last value", "forecast",
        "model MAE", "naive MAE", "ratio", "version"));
    List<String> keys = new ArrayList<>(new TreeMap<>(rows).keySet());
    for (String k : keys.subList(0, Math.min(maxRows, keys.size()))) {
      KeyRow r = rows.get(k);
      double naive = r.naiveN == 0 ? Double.NaN : r.naiveSum / r.naiveN;
      b.append(String.format(Locale.ROOT, "%-14s %12s %12s %10s %10s %7s %9d%n", k, num(r.lastValue),
          num(r.lastForecast), num(r.modelMae), num(naive), num(r.modelMae / naive), r.version));
    }
    if (keys.size() > maxRows) {
      b.append("... and ").append(keys.size() - maxRows).append(" more keys\n");
    }
    return b.toString();
  }

  private static String num(double x) {
    return Double.isNaN(x) || Double.isInfinite(x) ? "-" : String.format(Locale.ROOT, "%.3f", x);
  }

  /** Chart lines for the charted keys that have forecasts: actual first, then forecast, per key. */
  List<ForecastCharts.Line[]> chart() {
    List<ForecastCharts.Line[]> out = new ArrayList<>();
    for (String k : new TreeMap<>(rows).keySet()) {
      KeyRow r = rows.get(k);
      if (charted.contains(k) && !r.chartForecast.isEmpty()) {
        out.add(new ForecastCharts.Line[] {line(k, r.chartActual), line(k, r.chartForecast)});
      }
    }
    return out;
  }

  private static ForecastCharts.Line line(String name, NavigableMap<Long, Double> m) {
    List<Date> x = new ArrayList<>(m.size());
    List<Double> y = new ArrayList<>(m.size());
    m.forEach((t, v) -> {
      x.add(new Date(t));
      y.add(v);
    });
    return new ForecastCharts.Line(name, x, y);
  }
}
