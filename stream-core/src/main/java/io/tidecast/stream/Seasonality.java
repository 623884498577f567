package io.tidecast.stream;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The seasonal period a series' timestamps suggest, with the reason in words: intraday rows get their daily
 * cycle (48 for half-hourly, 24 for hourly), daily rows their weekly cycle (7), monthly rows 12, quarterly rows 4.
 * The step is the median gap between consecutive timestamps, so a few missing rows do not change it. A cycle
 * is only chosen when the series covers at least two of them; otherwise, and for any other step, the period is
 * 1 (no seasonality).
 */
public record Seasonality(int period, String reason) {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long WEEK = 7 * DAY;

  /** From events of one key in time order. */
  public static Seasonality infer(List<Event> events) {
    long[] t = new long[events.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = events.get(i).timestamp();
    }
    return infer(t);
  }

  /** From timestamps (epoch millis) in increasing order. */
  public static Seasonality infer(long[] timestamps) {
    if (timestamps.length < 3) {
      return new Seasonality(1, "too few rows to tell a cycle");
    }
    long[] gaps = new long[timestamps.length - 1];
    int n = 0;
    for (int i = 1; i < timestamps.length; i++) {
      long g = timestamps[i] - timestamps[i - 1];
      if (g > 0) {
        gaps[n++] = g;
      }
    }
    if (n == 0) {
      return new Seasonality(1, "the timestamps do not increase");
    }
    long[] sorted = Arrays.copyOf(gaps, n);
    Arrays.sort(sorted);
    long step = sorted[n / 2];
    String rows = "rows " + interval(step) + " apart";
    int count = timestamps.length;
    if (step < DAY && DAY % step == 0) {
      int daily = (int) (DAY / step);
      String weekly = "; the weekly cycle would be --seasonality " + daily * 7;
      return count >= 2 * daily ? new Seasonality(daily, rows + ", a daily cycle" + weekly)
          : new Seasonality(1, rows + ", fewer than two days of them" + weekly);
    }
    if (step == DAY) {
      return count >= 14 ? new Seasonality(7, rows + ", a weekly cycle")
          : new Seasonality(1, rows + ", fewer than two weeks of them");
    }
    if (step == WEEK) {
      return new Seasonality(1, rows + ": a year is not a whole number of weeks (M4 uses 1 for weekly data)");
    }
    long days = Math.round(step / (double) DAY);
    if (Math.abs(step - days * DAY) < HOUR && days >= 28 && days <= 31) {
      return count >= 24 ? new Seasonality(12, "monthly rows, a yearly cycle")
          : new Seasonality(1, "monthly rows, fewer than two years of them");
    }
    if (Math.abs(step - days * DAY) < HOUR && days >= 89 && days <= 92) {
      return count >= 8 ? new Seasonality(4, "quarterly rows, a yearly cycle")
          : new Seasonality(1, "quarterly rows, fewer than two years of them");
    }
    return new Seasonality(1, rows + ": no daily, weekly or yearly cycle in whole rows");
  }

  /** Row numbers as time: there is no interval to infer from. */
  public static Seasonality none(String why) {
    return new Seasonality(1, why);
  }

  /**
   * The M4 competition's seasonal period for a dataset named as its files are ({@code Hourly-train.csv}: 24;
   * Monthly 12, Quarterly 4; Yearly, Weekly and Daily 1), or null for another name.
   */
  public static Seasonality ofM4(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    String[][] freq = {{"hourly", "24"}, {"daily", "1"}, {"weekly", "1"}, {"monthly", "12"}, {"quarterly", "4"},
        {"yearly", "1"}};
    for (String[] f : freq) {
      if (n.startsWith(f[0])) {
        return new Seasonality(Integer.parseInt(f[1]), "M4's period for " + f[0] + " series");
      }
    }
    return null;
  }

  /** {@code 30 min}, {@code 1 h}, {@code 10 s}, {@code 2 days}. */
  static String interval(long ms) {
    if (ms % DAY == 0) {
      return ms == DAY ? "1 day" : ms / DAY + " days";
    }
    if (ms % HOUR == 0) {
      return ms / HOUR + " h";
    }
    if (ms % MINUTE == 0) {
      return ms / MINUTE + " min";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + " s";
    }
    return ms + " ms";
  }

  /** What a run prints: {@code seasonality 48 (inferred: rows 30 min apart, a daily cycle; ...)}. */
  public String describe() {
    return "seasonality " + period + " (inferred: " + reason + "; --seasonality N sets it)";
  }
}
