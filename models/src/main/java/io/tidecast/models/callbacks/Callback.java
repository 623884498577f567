package io.tidecast.models.callbacks;

import io.tidecast.models.Sequential;
import java.util.Map;

/**
 * Keras {@code Callback}: hooks around training, evaluation and prediction. {@code logs} hold the running
 * values Keras would show ({@code loss}, metrics, and {@code val_*} at epoch end). Override what you need.
 */
public abstract class Callback {
  private Sequential model;
  private Map<String, Object> params = Map.of();

  public void setModel(Sequential model) {
    this.model = model;
  }

  public Sequential model() {
    return model;
  }

  public void setParams(Map<String, Object> params) {
    this.params = params;
  }

  /** {@code epochs}, {@code steps}, {@code verbose} as Keras passes them. */
  public Map<String, Object> params() {
    return params;
  }

  public void onTrainBegin(Map<String, Double> logs) {
  }

  public void onTrainEnd(Map<String, Double> logs) {
  }

  public void onEpochBegin(int epoch, Map<String, Double> logs) {
  }

  public void onEpochEnd(int epoch, Map<String, Double> logs) {
  }

  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
  }

  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
  }

  public void onTestBegin(Map<String, Double> logs) {
  }

  public void onTestEnd(Map<String, Double> logs) {
  }

  public void onTestBatchBegin(int batch, Map<String, Double> logs) {
  }

  public void onTestBatchEnd(int batch, Map<String, Double> logs) {
  }

  public void onPredictBegin(Map<String, Double> logs) {
  }

  public void onPredictEnd(Map<String, Double> logs) {
  }
}
