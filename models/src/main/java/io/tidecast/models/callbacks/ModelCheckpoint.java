package io.tidecast.models.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras {@code ModelCheckpoint(filepath, monitor="val_loss", save_best_only=False,
 * save_weights_only=False, mode="auto", save_freq="epoch", initial_value_threshold=None)}. The path is a
 * Python format template filled with {@code epoch} (1-based, as in Keras) and the epoch's logs, e.g.
 * {@code "weights.{epoch:02d}-{val_loss:.2f}.keras"} gives {@code weights.03-0.41.keras}. Saves with
 * {@code model.save} or, with {@code saveWeightsOnly}, {@code model.saveWeights}.
 */
public class ModelCheckpoint extends Callback {
  private final String filepath;
  private String monitor = "val_loss";
  private int verbose;
  private boolean saveBestOnly;
  private boolean saveWeightsOnly;
  private String mode = "auto";
  private int saveFreq; // 0 = every epoch
  private Double best;
  private Boolean maximize;
  private int currentEpoch;
  private int batchesSinceSave;
  private int lastBatchSeen;
  private Path lastSaved;

  public ModelCheckpoint(String filepath) {
    if (filepath == null || filepath.isEmpty()) {
      throw new IllegalArgumentException("ModelCheckpoint needs a filepath, e.g. \"model.{epoch:02d}.keras\"");
    }
    this.filepath = filepath;
  }

  public ModelCheckpoint(Path filepath) {
    this(filepath.toString());
  }

  public ModelCheckpoint monitor(String monitor) {
    this.monitor = monitor;
    return this;
  }

  public ModelCheckpoint verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  public ModelCheckpoint saveBestOnly(boolean b) {
    this.saveBestOnly = b;
    return this;
  }

  public ModelCheckpoint saveWeightsOnly(boolean b) {
    this.saveWeightsOnly = b;
    return this;
  }

  public ModelCheckpoint mode(String mode) {
    this.mode = Monitor.checkMode(mode);
    return this;
  }

  /** Keras {@code save_freq=n}: save every {@code n} batches instead of every epoch. */
  public ModelCheckpoint saveFreq(int batches) {
    if (batches <= 0) {
      throw new IllegalArgumentException("save_freq must be a positive number of batches, got " + batches);
    }
    this.saveFreq = batches;
    return this;
  }

  /** Keras {@code initial_value_threshold}: the best value to beat before the first save. */
  public ModelCheckpoint initialValueThreshold(double v) {
    this.best = v;
    return this;
  }

  /** The best monitored value seen so far (null before the first). */
  public Double best() {
    return best;
  }

  /** Where the last checkpoint was written, or null. */
  public Path lastSaved() {
    return lastSaved;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    currentEpoch = epoch;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (saveFreq == 0) {
      return;
    }
    batchesSinceSave += batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;
    lastBatchSeen = batch;
    if (batchesSinceSave >= saveFreq) {
      batchesSinceSave = 0;
      save(currentEpoch, batch, logs);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (maximize == null) {
      maximize = Monitor.maximize("ModelCheckpoint", monitor, mode);
      if (best == null) {
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
    }
    if (saveFreq == 0) {
      save(epoch, -1, logs);
    }
  }

  /** The path for an epoch (0-based) and its logs: Keras passes {@code epoch + 1}. */
  public String filePath(int epoch, Map<String, Double> logs) {
    return filePath(epoch, -1, logs);
  }

  private String filePath(int epoch, int batch, Map<String, Double> logs) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (logs != null) {
      values.putAll(logs);
    }
    values.put("epoch", epoch + 1);
    if (batch >= 0 && (logs == null || !logs.containsKey("batch"))) {
      values.put("batch", batch + 1);
    }
    return PyFormat.format(filepath, values);
  }

  private void save(int epoch, int batch, Map<String, Double> logs) {
    String path = filePath(epoch, batch, logs);
    if (!shouldSave(epoch, logs, path)) {
      return;
    }
    Path p = Paths.get(path);
    try {
      if (Files.isDirectory(p)) {
        throw new IOException("Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an "
            + "existing directory: " + path);
      }
      Path parent = p.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (saveWeightsOnly) {
        model().saveWeights(p);
      } else {
        model().save(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    lastSaved = p;
    if (verbose > 0) {
      System.out.println("\nEpoch " + (epoch + 1) + ": finished saving model to " + path);
    }
  }

  private boolean shouldSave(int epoch, Map<String, Double> logs, String path) {
    if (!saveBestOnly) {
      if (verbose > 0) {
        System.out.println("\nEpoch " + (epoch + 1) + ": saving model to " + path);
      }
      return true;
    }
    if (maximize == null) {
      maximize = Monitor.maximize("ModelCheckpoint", monitor, mode);
      if (best == null) {
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
    }
    Double current = logs == null ? null : logs.get(monitor);
    if (current == null) {
      System.err.println("WARNING: Can save best model only with " + monitor + " available.");
      return true;
    }
    String bestText = PyFormat.formatValue(best, ".5f");
    if (maximize ? current > best : current < best) {
      if (verbose > 0) {
        System.out.printf(java.util.Locale.ROOT, "%nEpoch %d: %s improved from %s to %.5f, saving model to %s%n",
            epoch + 1, monitor, bestText, current, path);
      }
      best = current;
      return true;
    }
    if (verbose > 0) {
      System.out.println("\nEpoch " + (epoch + 1) + ": " + monitor + " did not improve from " + bestText);
    }
    return false;
  }
}
