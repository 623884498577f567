package io.tidecast.connectors;

import io.tidecast.stream.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * CSV events, one record per line, columns in a configured order (see {@code connectors/FORMATS.md}):
 * <ul>
 *   <li>{@link #keyed}: {@code key,ts,f1,f2,...}</li>
 *   <li>{@link #singleSeries}: {@code ts,f1,...} with a fixed key, e.g. NAB files {@code timestamp,value} /
 *   {@code 2014-07-01 00:00:00,10844}</li>
 * </ul>
 * {@code ts} is integer epoch millis or ISO-8601; a date-time without a zone is UTC. Fields may be wrapped in
 * double quotes ({@code ""} escapes a quote); spaces around unquoted fields are trimmed. Numbers are plain
 * decimals (sign, digits, fraction, exponent; no {@code 0x}, no {@code d}/{@code f} suffix);
 * {@code NaN}/{@code Infinity} are {@code non_finite};
 * an empty value column is {@code missing_target}/{@code missing_feature}. All events share one names list.
 */
public final class CsvEventFormat implements EventParser {
  private static final long serialVersionUID = 1L;

  private final EventRules rules;
  private final String fixedKey; // null: the first column is the key
  private final List<String> features;
  private final String header;

  private CsvEventFormat(String fixedKey, List<String> features, EventRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.fixedKey = fixedKey;
    this.features = List.copyOf(features);
    if (this.features.isEmpty()) {
      throw new IllegalArgumentException("need at least one feature column, e.g. List.of(\"value\")");
    }
    if (this.features.size() > rules.maxValues()) {
      throw new IllegalArgumentException(this.features.size() + " feature columns exceed maxValues "
          + rules.maxValues());
    }
    if (this.features.stream().distinct().count() != this.features.size()) {
      throw new IllegalArgumentException("feature columns must be distinct; got " + this.features);
    }
    String[] names = this.features.toArray(new String[0]);
    Verdict v = new Verdict();
    rules.checkRequired(names, names.length, v);
    if (v.failed()) {
      throw new IllegalArgumentException("the CSV columns cannot satisfy the rules: " + v.rejected().detail());
    }
    if (fixedKey != null) {
      rules.checkKey(fixedKey, v);
      if (v.failed()) {
        throw new IllegalArgumentException("fixed key is not valid: " + v.rejected().detail());
      }
    }
    this.header = (fixedKey == null ? "key,ts," : "ts,") + String.join(",", this.features);
  }

  /** Lines {@code key,ts,f1,...,fn}. */
  public static CsvEventFormat keyed(List<String> features, EventRules rules) {
    return new CsvEventFormat(null, features, rules);
  }

  /** Lines {@code ts,f1,...,fn}, every event with key {@code key} (NAB-style single-series files). */
  public static CsvEventFormat singleSeries(String key, List<String> features, EventRules rules) {
    return new CsvEventFormat(Objects.requireNonNull(key, "key"), features, rules);
  }

  public List<String> features() {
    return features;
  }

  /** The canonical header, e.g. {@code key,ts,value}; {@link #readAll} skips a first line that is a header. */
  public String header() {
    return header;
  }

  @Override
  public Parsed parse(byte[] value) {
    Parsed.Rejected raw = rules.checkRaw(value);
    if (raw != null) {
      return raw;
    }
    return parseLine(new String(value, StandardCharsets.UTF_8));
  }

  /** Parses one line (a trailing {@code \n} or {@code \r\n} is allowed). */
  public Parsed parseLine(String line) {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\n') {
      end--;
      if (end > 0 && line.charAt(end - 1) == '\r') {
        end--;
      }
    }
    if (end == 0) {
      return new Parsed.Rejected(DlqReason.EMPTY_RECORD, "empty line");
    }
    int expected = features.size() + (fixedKey == null ? 2 : 1);
    String[] cols = new String[expected];
    int got = split(line, end, cols);
    if (got < 0) {
      return new Parsed.Rejected(DlqReason.MALFORMED_CSV, "unterminated or misplaced double quote");
    }
    if (got != expected) {
      return new Parsed.Rejected(DlqReason.MALFORMED_CSV, "expected " + expected + " columns (" + header
          + "); got " + got);
    }
    Verdict v = new Verdict();
    int c = 0;
    String key = fixedKey != null ? fixedKey : cols[c++];
    rules.checkKey(key, v);
    String tsText = cols[c++];
    long ts = Timestamps.INVALID;
    if (tsText.isEmpty()) {
      v.add(DlqReason.MISSING_TS, "the ts column is empty");
    } else {
      ts = parseTs(tsText, v);
    }
    double[] values = new double[features.size()];
    for (int i = 0; i < values.length; i++) {
      String name = features.get(i);
      String s = cols[c++];
      if (s.isEmpty()) {
        v.add(name.equals(rules.target()) ? DlqReason.MISSING_TARGET : DlqReason.MISSING_FEATURE,
            "column '" + name + "' is empty");
        continue;
      }
      if (isJsonNumber(s)) {
        values[i] = rules.checkValue(name, Double.parseDouble(s), v);
      } else if (isNonFinite(s)) {
        v.add(DlqReason.NON_FINITE, "column '" + name + "' is " + Verdict.quote(s)
            + "; only finite numbers are accepted");
      } else {
        v.add(DlqReason.WRONG_TYPE, "column '" + name + "' must be a number; got " + Verdict.quote(s));
      }
    }
    return v.failed() ? v.rejected() : new Parsed.Ok(new Event(key, ts, features, values));
  }

  /**
   * Parses a whole CSV file: skips blank lines and a first line equal to {@link #header()} or made only of
   * non-numeric names (such as NAB's {@code timestamp,value}); every other line yields one result, in order.
   */
  public List<Parsed> readAll(Reader in) {
    List<Parsed> out = new ArrayList<>();
    try (BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in)) {
      String line;
      boolean first = true;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        if (first && isHeader(line)) {
          first = false;
          continue;
        }
        first = false;
        out.add(parseLine(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private boolean isHeader(String line) {
    if (line.trim().equalsIgnoreCase(header)) {
      return true;
    }
    String[] cols = new String[features.size() + 2];
    int n = split(line, line.length(), cols);
    if (n <= 0 || n > cols.length) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      String s = cols[i].toLowerCase(Locale.ROOT);
      if (s.isEmpty() || !Character.isLetter(s.charAt(0)) || isNonFinite(s)) {
        return false;
      }
    }
    return true;
  }

  private long parseTs(String s, Verdict v) {
    if (isInteger(s)) {
      if (s.length() > 19) {
        v.add(DlqReason.BAD_TS, "ts " + Verdict.quote(s) + " does not fit epoch millis");
        return Timestamps.INVALID;
      }
      try {
        return rules.checkTs(Long.parseLong(s), v);
      } catch (NumberFormatException e) { // 19 digits above Long.MAX_VALUE
        v.add(DlqReason.BAD_TS, "ts " + Verdict.quote(s) + " does not fit epoch millis");
        return Timestamps.INVALID;
      }
    }
    long ms = Timestamps.parseIso(s, true);
    if (ms == Timestamps.INVALID) {
      v.add(DlqReason.BAD_TS, "ts " + Verdict.quote(s) + " is neither integer epoch millis nor ISO-8601"
          + " (e.g. 2014-07-01 00:00:00, 2014-07-01T00:00:00Z)");
      return Timestamps.INVALID;
    }
    return rules.checkTs(ms, v);
  }

  /**
   * Splits {@code line[0, end)} on commas into {@code cols}; returns the column count (which may exceed
   * {@code cols.length}; extra columns are counted, not stored) or -1 for a quoting error.
   */
  static int split(String line, int end, String[] cols) {
    int n = 0;
    int i = 0;
    while (true) {
      String field;
      while (i < end && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i < end && line.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        while (true) {
          if (i >= end) {
            return -1;
          }
          char ch = line.charAt(i++);
          if (ch == '"') {
            if (i < end && line.charAt(i) == '"') {
              b.append('"');
              i++;
            } else {
              break;
            }
          } else {
            b.append(ch);
          }
        }
        while (i < end && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
          i++;
        }
        if (i < end && line.charAt(i) != ',') {
          return -1;
        }
        field = b.toString();
      } else {
        int start = i;
        while (i < end && line.charAt(i) != ',') {
          if (line.charAt(i) == '"') {
            return -1;
          }
          i++;
        }
        field = line.substring(start, i).trim();
      }
      if (n < cols.length) {
        cols[n] = field;
      }
      n++;
      if (i >= end) {
        return n;
      }
      i++; // the comma
    }
  }

  private static boolean isInteger(String s) {
    int i = s.charAt(0) == '-' ? 1 : 0;
    if (i == s.length()) {
      return false;
    }
    for (; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Plain decimal: optional sign, digits with optional fraction (either part may be empty, not both), exponent. */
  static boolean isJsonNumber(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    int intStart = i;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    int intDigits = i - intStart;
    int fracDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      int fs = ++i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      fracDigits = i - fs;
      if (fracDigits == 0) {
        return false;
      }
    }
    if (intDigits == 0 && fracDigits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int es = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == es) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isNonFinite(String s) {
    String t = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("infinity") || t.equalsIgnoreCase("inf");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
