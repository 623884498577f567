package io.tidecast.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One series of an M4-format dataset: its history ({@code *-train.csv}) and the values to forecast
 * ({@code *-test.csv}). Both files have a header row ({@code "V1","V2",...}), then one row per series: its id, then
 * its values, quoted or not, right-padded with empty cells to the longest series.
 */
public record M4Series(String id, double[] train, double[] test) {
  /** Reads a train and a test file; every series of one must be in the other, in any order. */
  public static List<M4Series> read(Path train, Path test) throws IOException {
    Map<String, double[]> tr = rows(train);
    Map<String, double[]> te = rows(test);
    if (!tr.keySet().equals(te.keySet())) {
      List<String> missing = new ArrayList<>(tr.keySet());
      missing.removeAll(te.keySet());
      List<String> extra = new ArrayList<>(te.keySet());
      extra.removeAll(tr.keySet());
      throw new IllegalArgumentException("M4 train " + train + " and test " + test + " hold different series: "
          + "missing from test " + missing + ", missing from train " + extra);
    }
    List<M4Series> out = new ArrayList<>();
    for (Map.Entry<String, double[]> e : tr.entrySet()) {
      out.add(new M4Series(e.getKey(), e.getValue(), te.get(e.getKey())));
    }
    return out;
  }

  /**
   * Validation on a training file alone: each series' last {@code h} values become its test values (the M4
   * competition's own test file is not needed, and is not looked at).
   */
  public static List<M4Series> holdOut(Path train, int h) throws IOException {
    List<M4Series> out = new ArrayList<>();
    for (Map.Entry<String, double[]> e : rows(train).entrySet()) {
      double[] v = e.getValue();
      if (v.length <= h) {
        throw new IllegalArgumentException("series " + e.getKey() + " of " + train + " has " + v.length
            + " values; holding out the last " + h + " needs more");
      }
      out.add(new M4Series(e.getKey(), java.util.Arrays.copyOf(v, v.length - h),
          java.util.Arrays.copyOfRange(v, v.length - h, v.length)));
    }
    return out;
  }

  private static Map<String, double[]> rows(Path file) throws IOException {
    Map<String, double[]> out = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (r.readLine() == null) {
        throw new IllegalArgumentException(file + " is empty: an M4 file has a header row, then one row per series");
      }
      String line;
      int lineNo = 1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        List<String> cells = CsvSeries.split(line);
        String id = cells.get(0).trim();
        double[] v = new double[cells.size() - 1];
        int n = 0;
        for (int i = 1; i < cells.size(); i++) {
          String c = cells.get(i).trim();
          if (c.isEmpty()) {
            continue;
          }
          if (n < i - 1) {
            throw new IllegalArgumentException(where(file, lineNo, i) + "a value after an empty cell; only the end "
                + "of a row may be padded");
          }
          try {
            v[n] = Double.parseDouble(c);
          } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(where(file, lineNo, i) + "'" + c + "' is not a number");
          }
          if (!Double.isFinite(v[n])) {
            throw new IllegalArgumentException(where(file, lineNo, i) + "value " + c + " is not finite");
          }
          n++;
        }
        if (id.isEmpty() || n == 0) {
          throw new IllegalArgumentException(where(file, lineNo, 0) + "a row needs a series id and at least one value");
        }
        if (out.put(id, java.util.Arrays.copyOf(v, n)) != null) {
          throw new IllegalArgumentException(where(file, lineNo, 0) + "series '" + id + "' appears twice");
        }
      }
    }
    return out;
  }

  private static String where(Path file, int line, int cell) {
    return file + " line " + line + ", column " + (cell + 1) + ": ";
  }
}
