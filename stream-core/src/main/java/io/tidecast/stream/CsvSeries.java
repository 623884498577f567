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
 * date-times (read as UTC), dates or year-months; anything else falls back to the row number as time, which
 * is said on stderr. Rows with a missing or non-numeric selected value are skipped and counted.
 */
public final class CsvSeries {
  public final List<Event> events;
  /** Rows skipped for a missing or non-numeric selected value. */
  public final int skipped;
  /** True when the time column could not be read and every event's time is its row number. */
  public final boolean rowIndexTime;

  private CsvSeries(List<Event> events, int skipped, boolean rowIndexTime) {
    this.events = events;
    this.skipped = skipped;
    this.rowIndexTime = rowIndexTime;
  }

  /** @param features the columns to read (the value column first); null time column = the first column */
  public static CsvSeries read(BufferedReader in, String key, String timeColumn, List<String> features) throws IOException {
    String headerLine = in.readLine();
    if (headerLine == null) {
      throw new IllegalArgumentException("the CSV is empty: a header row is needed");
    }
    List<String> header = split(headerLine);
    int timeIdx = timeColumn == null ? 0 : indexOf(header, timeColumn, "--time-column");
    int[] idx = new int[features.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = indexOf(header, features.get(i), i == 0 ? "--value-column" : "--features");
    }
    List<String> names = List.copyOf(features);
    List<Event> events = new ArrayList<>();
    int skipped = 0;
    boolean rowTime = false;
    long row = 0;
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = split(line);
      double[] v = new double[idx.length];
      boolean ok = cells.size() > timeIdx;
      for (int i = 0; ok && i < idx.length; i++) {
        ok = idx[i] < cells.size();
        if (ok) {
          try {
            v[i] = Double.parseDouble(cells.get(idx[i]).trim());
            ok = Double.isFinite(v[i]);
          } catch (NumberFormatException e) {
            ok = false;
          }
        }
      }
      if (!ok) {
        skipped++;
        continue;
      }
      Long ts = rowTime ? null : parseTime(cells.get(timeIdx).trim());
      if (ts == null) {
        rowTime = true;
        ts = row;
      }
      events.add(new Event(key, ts, names, v));
      row++;
    }
    if (rowTime) {
      // restart consistently: every event's time is its row number
      List<Event> renumbered = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        Event e = events.get(i);
        renumbered.add(new Event(key, i, names, e.values()));
      }
      events = renumbered;
    }
    return new CsvSeries(events, skipped, rowTime);
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
