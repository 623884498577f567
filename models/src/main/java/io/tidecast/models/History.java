package io.tidecast.models;

import io.tidecast.models.callbacks.Callback;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras {@code History}: what {@code fit} returns. {@code history().get("loss")} is one value per epoch;
 * metrics and {@code val_*} entries appear under the names shown in the progress bar.
 */
public class History extends Callback {
  private final Map<String, List<Double>> history = new LinkedHashMap<>();
  private final List<Integer> epochs = new ArrayList<>();
  private String stopReason;

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    // Keras keeps the history of earlier fit() calls only when the same History is reused
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    epochs.add(epoch);
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
  }

  /** Metric name to one value per epoch, in the order the metrics were logged. */
  public Map<String, List<Double>> history() {
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    history.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(v)));
    return Collections.unmodifiableMap(copy);
  }

  /** Keras {@code history.epoch}: the epoch indices that ran. */
  public List<Integer> epoch() {
    return Collections.unmodifiableList(epochs);
  }

  /** The last value logged under {@code key}, or NaN. */
  public double last(String key) {
    List<Double> v = history.get(key);
    return v == null || v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
  }

  /** Why training stopped early (e.g. a NaN loss), or null if it ran all epochs or a callback stopped it. */
  public String stopReason() {
    return stopReason;
  }

  void stopReason(String reason) {
    this.stopReason = reason;
  }

  @Override
  public String toString() {
    return "History" + history;
  }
}
