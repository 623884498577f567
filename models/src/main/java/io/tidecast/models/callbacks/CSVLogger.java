package io.tidecast.models.callbacks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Keras {@code CSVLogger(filename, separator=",", append=False)}: one row per epoch, columns
 * {@code epoch} (0-based) then the log keys in sorted order, values as Python prints them, lines ended
 * with {@code \r\n} as Python's csv module does. With {@code append} the header is written only if the
 * file is missing or empty.
 */
public class CSVLogger extends Callback {
  private final Path file;
  private String separator = ",";
  private boolean append;
  private boolean writeHeader = true;
  private List<String> keys;
  private Writer out;

  public CSVLogger(String filename) {
    this(Paths.get(filename));
  }

  public CSVLogger(Path file) {
    this.file = file;
  }

  public CSVLogger separator(String separator) {
    if (separator == null || separator.length() != 1) {
      throw new IllegalArgumentException("separator must be a 1-character string, got \"" + separator + "\"");
    }
    this.separator = separator;
    return this;
  }

  public CSVLogger append(boolean append) {
    this.append = append;
    return this;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    try {
      writeHeader = true;
      if (append && Files.exists(file)) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          String first = r.readLine();
          writeHeader = first == null || first.isEmpty();
        }
      }
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
      keys = null;
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger cannot open " + file, e);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (keys == null) {
      keys = new ArrayList<>(logs.keySet());
      Collections.sort(keys);
    }
    try {
      if (writeHeader) {
        List<String> header = new ArrayList<>();
        header.add("epoch");
        header.addAll(keys);
        writeRow(header);
        writeHeader = false;
      }
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(epoch));
      for (String k : keys) {
        Double v = logs.get(k);
        row.add(v == null ? "NA" : PyFormat.repr(v));
      }
      writeRow(row);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger cannot write " + file, e);
    }
  }

  private void writeRow(List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(separator);
      }
      out.write(quote(cells.get(i)));
    }
    out.write("\r\n");
  }

  /** Python csv's minimal quoting: quote cells holding the separator, a quote or a line break. */
  private String quote(String cell) {
    if (cell.contains(separator) || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
      return '"' + cell.replace("\"", "\"\"") + '"';
    }
    return cell;
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger cannot close " + file, e);
    } finally {
      out = null;
    }
  }
}
