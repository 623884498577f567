package io.tidecast.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a time-series CSV with a header (e.g. NAB's {@code timestamp,value}, ETT's {@code date,...,OT}, monthly
 * {@code "Month","Passengers"}) into events of one key. Timestamps may be epoch millis, ISO instants, ISO local
 * date-times (read as UTC), dates or year-months. When no row's time can be read the column is not a time and
 * every event's time is its row number ({@link #timeNote} says why). Rows that cannot be used are left out and
 * listed in {@link #dropped} with their line number and the reason: a missing or non-numeric selected value, a
 * time that cannot be read (when other rows' can), or a time not after the previous row's (a streaming job
 * would refuse such an event as late).
 */
public final class CsvSeries {
  public final List<Event> events;
  /** Rows left out (all reasons). */
  public final int skipped;
  /** True when the time column could not be read and every event's time is its row number. */
  public final boolean rowIndexTime;
  /** Rows left out, in file order. */
  public final List<Dropped> dropped;
  /** Why the time column is not used as time ({@link #rowIndexTime}), else null. */
  public final String timeNote;

  /** A row left out: its 1-based line in the file and why. */
  public record Dropped(long line, String reason) {
    @Override
    public String toString() {
      return "line " + line + ": " + reason;
    }
  }

  private CsvSeries(List<Event> events, List<Dropped> dropped, String timeNote) {
    this.events = events;
    this.dropped = List.copyOf(dropped);
    this.skipped = dropped.size();
    this.rowIndexTime = timeNote != null;
    this.timeNote = timeNote;
  }

  /** @param features the columns to read (the value column first); null time column = the first column */
  public static CsvSeries read(BufferedReader in, String key, String timeColumn, List<String> features) throws IOException {
    String headerLine = in.readLine();
    if (headerLine == null) {
      throw new IllegalArgumentException("the CSV is empty: a header row is needed");
    }
    List<String> header = split(headerLine);
    int timeIdx = timeColumn == null ? 0 : indexOf(header, timeColumn, "--time-column");
    String timeName = header.get(timeIdx).trim();
    int[] idx = new int[features.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = indexOf(header, features.get(i), i == 0 ? "--value-column" : "--features");
    }
    List<String> names = List.copyOf(features);
    // first pass: the values, and each row's time if it reads as one
    List<double[]> values = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    List<String> rawTimes = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    List<Dropped> dropped = new ArrayList<>();
    long lineNo = 1;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = split(line);
      double[] v = new double[idx.length];
      String bad = cells.size() > timeIdx ? null : "no '" + timeName + "' cell";
      for (int i = 0; bad == null && i < idx.length; i++) {
        if (idx[i] >= cells.size()) {
          bad = "no '" + names.get(i) + "' cell";
          break;
        }
        String c = cells.get(idx[i]).trim();
        try {
          v[i] = Double.parseDouble(c);
          if (!Double.isFinite(v[i])) {
            bad = "'" + names.get(i) + "' is " + c + ", not a finite number";
          }
        } catch (NumberFormatException e) {
          bad = c.isEmpty() ? "'" + names.get(i) + "' is empty" : "'" + names.get(i) + "' is '" + c + "', not a number";
        }
      }
      if (bad != null) {
        dropped.add(new Dropped(lineNo, bad));
        continue;
      }
      String t = cells.get(timeIdx).trim();
      values.add(v);
      rawTimes.add(t);
      times.add(parseTime(t));
      lines.add(lineNo);
    }
    boolean anyTime = times.stream().anyMatch(java.util.Objects::nonNull);
    List<Event> events = new ArrayList<>(values.size());
    String timeNote = null;
    if (!anyTime && !values.isEmpty()) {
      timeNote = "no '" + timeName + "' value reads as a time (line " + lines.get(0) + ": '" + rawTimes.get(0)
          + "'); using the row number as time";
      for (int i = 0; i < values.size(); i++) {
        events.add(new Event(key, i, names, values.get(i)));
      }
    } else {
      long prev = Long.MIN_VALUE;
      long prevLine = 0;
      for (int i = 0; i < values.size(); i++) {
        Long ts = times.get(i);
        if (ts == null) {
          dropped.add(new Dropped(lines.get(i), "time '" + rawTimes.get(i) + "' is not a date, date-time or "
              + "epoch millis"));
        } else if (ts <= prev) {
          dropped.add(new Dropped(lines.get(i), "time '" + rawTimes.get(i) + "' is not after line " + prevLine
              + (ts == prev ? "'s (the same time)" : "'s: out of order")));
        } else {
          events.add(new Event(key, ts, names, values.get(i)));
          prev = ts;
          prevLine = lines.get(i);
        }
      }
    }
    dropped.sort(java.util.Comparator.comparingLong(Dropped::line));
    return new CsvSeries(events, dropped, timeNote);
  }

  private static int indexOf(List<String> header, String column, String option) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).trim().equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException(option + ": no column '" + column + "' in the CSV header " + header);
  }

  public static Long parseTime(String s) {
    if (s.matches("-?\\d{10,}")) {
      return Long.parseLong(s);
    }
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return YearMonth.parse(s).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** One CSV line into cells; double quotes group commas and {@code ""} is a quote. */
  public static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          b.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          b.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(b.toString());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    cells.add(b.toString());
    return cells;
  }
}
