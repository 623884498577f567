package io.tidecast.models.callbacks;

import io.tidecast.models.layers.Weight;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras {@code EarlyStopping(monitor="val_loss", min_delta=0, patience=0, mode="auto", baseline=None,
 * restore_best_weights=False, start_from_epoch=0)}: stops training when {@code monitor} has not improved
 * by more than {@code min_delta} for {@code patience} epochs.
 *
 * <p>Exactly as Keras 3: each monitored epoch first counts ({@code wait += 1}); an improvement
 * ({@code current - min_delta < best} in min mode, {@code current + min_delta > best} in max mode)
 * records the best and resets the count only if it also beats {@code baseline}; otherwise training
 * stops once {@code wait >= patience} (never at epoch 0). Epochs before {@code start_from_epoch} are
 * ignored. With {@code restore_best_weights} the best epoch's weights are put back when training ends.
 */
public class EarlyStopping extends Callback {
  private String monitor = "val_loss";
  private double minDelta;
  private int patience;
  private int verbose;
  private String mode = "auto";
  private Double baseline;
  private boolean restoreBestWeights;
  private int startFromEpoch;

  private Boolean maximize;
  private double signedDelta;
  private double best;
  private int wait;
  private int stoppedEpoch;
  private int bestEpoch;
  private List<double[]> bestWeights;

  public EarlyStopping monitor(String monitor) {
    this.monitor = monitor;
    return this;
  }

  /** Keras stores {@code abs(min_delta)}. */
  public EarlyStopping minDelta(double minDelta) {
    this.minDelta = Math.abs(minDelta);
    return this;
  }

  public EarlyStopping patience(int patience) {
    this.patience = patience;
    return this;
  }

  public EarlyStopping verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** {@code "auto"} (default), {@code "min"} or {@code "max"}. */
  public EarlyStopping mode(String mode) {
    this.mode = Monitor.checkMode(mode);
    return this;
  }

  /** Training stops if the model does not improve past this value within {@code patience} epochs. */
  public EarlyStopping baseline(double baseline) {
    this.baseline = baseline;
    return this;
  }

  public EarlyStopping restoreBestWeights(boolean restore) {
    this.restoreBestWeights = restore;
    return this;
  }

  public EarlyStopping startFromEpoch(int epoch) {
    this.startFromEpoch = epoch;
    return this;
  }

  /** The 0-based epoch at which training was stopped, or 0 if it was not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The 0-based epoch with the best monitored value so far. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best monitored value so far (infinite before the first monitored epoch). */
  public double best() {
    return best;
  }

  /** Epochs counted towards {@code patience}. */
  public int waitCount() {
    return wait;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    // Keras resets the counters but not `best`, so a reused instance keeps its best value
    wait = 0;
    stoppedEpoch = 0;
    bestWeights = null;
    bestEpoch = 0;
  }

  private void setMonitorOp() {
    maximize = Monitor.maximize("EarlyStopping", monitor, mode);
    signedDelta = maximize ? minDelta : -minDelta;
    best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  private boolean isImprovement(double value, double reference) {
    double shifted = value - signedDelta;
    return maximize ? shifted > reference : shifted < reference;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (maximize == null) {
      setMonitorOp();
    }
    Double current = Monitor.value("Early stopping", monitor, logs);
    if (current == null || epoch < startFromEpoch) {
      return;
    }
    if (restoreBestWeights && bestWeights == null) {
      bestWeights = snapshot();
      bestEpoch = epoch;
    }
    wait++;
    if (isImprovement(current, best)) {
      best = current;
      bestEpoch = epoch;
      if (restoreBestWeights) {
        bestWeights = snapshot();
      }
      if (baseline == null || isImprovement(current, baseline)) {
        wait = 0;
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      model().stopTraining(true);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (stoppedEpoch > 0 && verbose > 0) {
      System.out.println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
    }
    if (restoreBestWeights && bestWeights != null) {
      if (verbose > 0) {
        System.out.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
      }
      List<Weight> ws = model().weights();
      for (int i = 0; i < ws.size(); i++) {
        double[] v = ws.get(i).value();
        System.arraycopy(bestWeights.get(i), 0, v, 0, v.length);
      }
    }
  }

  private List<double[]> snapshot() {
    List<double[]> s = new ArrayList<>();
    for (Weight w : model().weights()) {
      s.add(w.value().clone());
    }
    return s;
  }
}
