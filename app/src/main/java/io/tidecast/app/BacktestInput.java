package io.tidecast.app;

import io.tidecast.stream.CsvSeries;
import io.tidecast.stream.Event;
import io.tidecast.stream.Seasonality;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The series a backtest replays, read and checked before any learning starts: a missing, empty or header-only
 * file, or one too short for a single scored forecast, is refused with a message that names the file; rows left
 * out are reported with their line numbers; and the seasonality, unless given, is inferred from the timestamps.
 */
final class BacktestInput {
  /** How many left-out rows a note lists by line before summarising the rest. */
  static final int LISTED = 5;

  final String source;
  final List<Event> events;
  final CsvSeries series;

  private BacktestInput(String source, List<Event> events, CsvSeries series) {
    this.source = source;
    this.events = events;
    this.series = series;
  }

  /** Reads {@code csv} (null: the bundled NYC taxi series), keeping the first {@code limit} usable rows if given. */
  static BacktestInput read(Path csv, String timeColumn, List<String> columns, Integer limit) throws IOException {
    String source = csv == null ? "bundled nyc_taxi.csv" : csv.toString();
    if (csv != null) {
      requireReadableFile(csv, "--csv");
    }
    CsvSeries s;
    try (BufferedReader r = csv == null
        ? new BufferedReader(new InputStreamReader(BacktestInput.class.getResourceAsStream("/data/nyc_taxi.csv"),
            StandardCharsets.UTF_8))
        : Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      s = CsvSeries.read(r, "series", timeColumn, columns);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    if (s.events.isEmpty()) {
      throw new IllegalArgumentException(source + (s.dropped.isEmpty() ? " has a header row but no data rows"
          : " has no usable rows: " + listed(s.dropped)));
    }
    List<Event> ev = limit == null ? s.events : s.events.subList(0, Math.min(limit, s.events.size()));
    return new BacktestInput(source, ev, s);
  }

  /** A usage error naming the file and option when {@code file} is missing, a directory or unreadable. */
  static void requireReadableFile(Path file, String option) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(option + " " + file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(option + " " + file + ": not a file");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(option + " " + file + ": not readable (permissions)");
    }
  }

  /** Refuses a series too short for one forecast with a scored target. */
  void requireRows(int timesteps, int horizon) {
    int need = timesteps + horizon;
    if (events.size() < need) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has %d usable rows; a backtest needs at "
          + "least --timesteps + --horizon = %d + %d = %d (one window and its target), and more to score over; "
          + "use a longer series or a smaller --timesteps", source, events.size(), timesteps, horizon, need));
    }
  }

  /** Notes about left-out rows and the time column, on {@code err}. */
  void report(PrintWriter err) {
    if (series.timeNote != null) {
      err.println("note: " + series.timeNote);
    }
    if (!series.dropped.isEmpty()) {
      err.printf(Locale.ROOT, "note: left out %d of %d rows: %s%n", series.dropped.size(),
          series.dropped.size() + series.events.size(), listed(series.dropped));
    }
    err.flush();
  }

  /** The seasonality to use: {@code given}, or the one the timestamps suggest (said on {@code err}). */
  int seasonality(Integer given, PrintWriter err) {
    if (given != null) {
      return given;
    }
    Seasonality s = series.rowIndexTime ? Seasonality.none("no timestamps to tell the interval") : Seasonality.infer(events);
    err.println(s.describe());
    err.flush();
    return s.period();
  }

  static String listed(List<CsvSeries.Dropped> rows) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(LISTED, rows.size()); i++) {
      b.append(i == 0 ? "" : "; ").append(rows.get(i));
    }
    if (rows.size() > LISTED) {
      b.append("; and ").append(rows.size() - LISTED).append(" more (").append(ranges(rows.subList(LISTED,
          rows.size()))).append(')');
    }
    return b.toString();
  }

  /** {@code lines 7, 10-15, 20} (at most ten ranges, then "..."). */
  static String ranges(List<CsvSeries.Dropped> rows) {
    StringBuilder b = new StringBuilder(rows.size() == 1 ? "line " : "lines ");
    int shown = 0;
    for (int i = 0; i < rows.size(); i++) {
      int j = i;
      while (j + 1 < rows.size() && rows.get(j + 1).line() == rows.get(j).line() + 1) {
        j++;
      }
      if (shown == 10) {
        return b.append(", ...").toString();
      }
      b.append(shown++ == 0 ? "" : ", ").append(rows.get(i).line());
      if (j > i) {
        b.append('-').append(rows.get(j).line());
      }
      i = j;
    }
    return b.toString();
  }
}
