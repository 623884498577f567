package io.tidecast.models.callbacks;

import java.util.Map;

/** Keras {@code TerminateOnNaN}: stops training after a batch whose loss is NaN or infinite. */
public class TerminateOnNaN extends Callback {
  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    Double loss = logs == null ? null : logs.get("loss");
    if (loss != null && (loss.isNaN() || loss.isInfinite())) {
      System.out.println("Batch " + batch + ": Invalid loss, terminating training");
      model().stopTraining(true);
    }
  }
}
