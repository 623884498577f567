package io.tidecast.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Many keys' series for a backtest, merged into one stream in time order (ties in key order), as a runtime would
 * see them: from a folder of CSV files (one key per file, named after it) or from one CSV with a key column.
 * Each key's rows are read as {@link CsvSeries} reads a single series.
 */
public final class KeyedSeries {
  public final List<Event> events;
  public final Map<String, CsvSeries> byKey;

  private KeyedSeries(Map<String, CsvSeries> byKey) {
    this.byKey = byKey;
    List<Event> all = new ArrayList<>();
    for (CsvSeries s : byKey.values()) {
      all.addAll(s.events);
    }
    List<String> order = new ArrayList<>(byKey.keySet());
    Map<String, Integer> rank = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      rank.put(order.get(i), i);
    }
    // stable: a key's own events keep their order
    all.sort(Comparator.comparingLong(Event::timestamp).thenComparing(e -> rank.get(e.key())));
    this.events = all;
  }

  /**
   * Every {@code *.csv} under {@code dir} (sorted by name) is one key, named after the file without ".csv"; a file
   * instead of a folder is the one key.
   */
  public static KeyedSeries fromFolder(Path dir, String timeColumn, List<String> features) throws IOException {
    List<Path> files;
    if (Files.isRegularFile(dir)) {
      files = List.of(dir);
    } else {
      try (Stream<Path> s = Files.walk(dir)) {
        files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .csv files in " + dir);
    }
    Map<String, CsvSeries> byKey = new LinkedHashMap<>();
    for (Path f : files) {
      String key = f.getFileName().toString().replaceFirst("\\.csv$", "");
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        byKey.put(key, CsvSeries.read(r, key, timeColumn, features));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
      }
    }
    return new KeyedSeries(byKey);
  }

  /** One CSV whose {@code keyColumn} names each row's key; keys in order of first appearance. */
  public static KeyedSeries fromKeyColumn(BufferedReader in, String keyColumn, String timeColumn,
      List<String> features) throws IOException {
    String header = in.readLine();
    if (header == null) {
      throw new IllegalArgumentException("the CSV is empty: a header row is needed");
    }
    List<String> cols = CsvSeries.split(header);
    int k = -1;
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).trim().equals(keyColumn)) {
        k = i;
      }
    }
    if (k < 0) {
      throw new IllegalArgumentException("--key-column: no column '" + keyColumn + "' in the CSV header " + cols);
    }
    Map<String, StringBuilder> rows = new LinkedHashMap<>();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = CsvSeries.split(line);
      String key = k < cells.size() ? cells.get(k).trim() : "";
      rows.computeIfAbsent(key, x -> new StringBuilder(header).append('\n')).append(line).append('\n');
    }
    Map<String, CsvSeries> byKey = new LinkedHashMap<>();
    for (Map.Entry<String, StringBuilder> e : rows.entrySet()) {
      byKey.put(e.getKey(), CsvSeries.read(new BufferedReader(new StringReader(e.getValue().toString())), e.getKey(),
          timeColumn, features));
    }
    return new KeyedSeries(byKey);
  }
}
