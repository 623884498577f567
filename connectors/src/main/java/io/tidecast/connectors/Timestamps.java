package io.tidecast.connectors;

import java.time.Instant;

/**
 * Allocation-free ISO-8601 parsing and formatting of epoch-millis timestamps (RFC 3339 profile:
 * {@code yyyy-MM-dd(T|t| )HH:mm:ss[.fraction](Z|z|+HH:MM|-HH:MM)}), hand-rolled because java.time's
 * formatters cost microseconds and throw on bad input.
 */
final class Timestamps {
  /** Sentinel for "not a timestamp". */
  static final long INVALID = Long.MIN_VALUE;
  static final long MIN_TS = 0L; // 1970-01-01T00:00:00Z
  static final long MAX_TS = daysFromCivil(2501, 1, 1) * 86_400_000L - 1; // 2500-12-31T23:59:59.999Z
  private static final long YEAR_10000 = daysFromCivil(10000, 1, 1) * 86_400_000L;

  private Timestamps() {}

  /**
   * Epoch millis of an ISO-8601 date-time, or {@link #INVALID}. Without a zone designator the time is read as
   * UTC when {@code zoneOptional}, else it is invalid. Fraction digits beyond millis are truncated.
   */
  static long parseIso(String s, boolean zoneOptional) {
    int n = s.length();
    if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return INVALID;
    }
    char sep = s.charAt(10);
    if (sep != 'T' && sep != 't' && sep != ' ') {
      return INVALID;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return INVALID;
    }
    int i = 19;
    int millis = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(s.charAt(i))) {
        if (i - start < 3) {
          millis = millis * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        return INVALID;
      }
      for (int k = count; k < 3; k++) {
        millis *= 10;
      }
    }
    int offsetMinutes;
    if (i == n) {
      if (!zoneOptional) {
        return INVALID;
      }
      offsetMinutes = 0;
    } else {
      char z = s.charAt(i);
      if ((z == 'Z' || z == 'z') && i + 1 == n) {
        offsetMinutes = 0;
      } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
        int oh = digits(s, i + 1, 2);
        int om = digits(s, i + 4, 2);
        if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
          return INVALID;
        }
        offsetMinutes = (z == '-' ? -1 : 1) * (oh * 60 + om);
      } else {
        return INVALID;
      }
    }
    long seconds = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second
        - offsetMinutes * 60L;
    return seconds * 1000L + millis;
  }

  /** Epoch millis as ISO-8601 UTC, exactly as {@link Instant#toString()} prints it (millis only when nonzero). */
  static String format(long ms) {
    if (ms < 0 || ms >= YEAR_10000) {
      return Instant.ofEpochMilli(ms).toString();
    }
    long days = ms / 86_400_000L;
    int msOfDay = (int) (ms - days * 86_400_000L);
    // civil-from-days (H. Hinnant), days >= 0 here
    long z = days + 719_468;
    long era = z / 146_097;
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    char[] c = new char[24];
    put(c, 0, year, 4);
    c[4] = '-';
    put(c, 5, month, 2);
    c[7] = '-';
    put(c, 8, day, 2);
    c[10] = 'T';
    put(c, 11, msOfDay / 3_600_000, 2);
    c[13] = ':';
    put(c, 14, msOfDay / 60_000 % 60, 2);
    c[16] = ':';
    put(c, 17, msOfDay / 1000 % 60, 2);
    int frac = msOfDay % 1000;
    if (frac == 0) {
      c[19] = 'Z';
      return new String(c, 0, 20);
    }
    c[19] = '.';
    put(c, 20, frac, 3);
    c[23] = 'Z';
    return new String(c, 0, 24);
  }

  static boolean inRange(long ms) {
    return ms >= MIN_TS && ms <= MAX_TS;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days-from-civil). */
  static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  private static int monthLength(int y, int m) {
    switch (m) {
      case 2:
        return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4: case 6: case 9: case 11:
        return 30;
      default:
        return 31;
    }
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void put(char[] c, int at, int v, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + v % 10);
      v /= 10;
    }
  }
}
