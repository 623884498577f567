package io.tidecast.models.metrics;

import io.tidecast.models.Metric;
import io.tidecast.models.layers.Tensor;
import java.util.Arrays;

/**
 * Keras {@code MeanMetricWrapper}: a per-row value (row = one sample, or one timestep of a sequence output)
 * accumulated as {@code total / count} across batches, so batches of different sizes weigh by their rows.
 */
abstract class MeanMetric implements Metric {
  private final String name;
  double total;
  long count;

  MeanMetric(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double result() {
    return count == 0 ? 0.0 : total / count;
  }

  @Override
  public void reset() {
    total = 0;
    count = 0;
  }

  @Override
  public String toString() {
    return name + "=" + result();
  }

  /** Same shape, or equal up to a trailing axis of size 1 (Keras squeezes/expands it). */
  void requireSame(Tensor yTrue, Tensor yPred) {
    int[] a = yTrue.shape;
    int[] b = yPred.shape;
    boolean ok = Arrays.equals(a, b)
        || a.length == b.length + 1 && a[a.length - 1] == 1 && Arrays.equals(Arrays.copyOf(a, b.length), b)
        || b.length == a.length + 1 && b[b.length - 1] == 1 && Arrays.equals(Arrays.copyOf(b, a.length), a);
    if (!ok) {
      throw mismatch(yTrue, yPred, "Targets must have the same shape as the model output.");
    }
  }

  /** Class-index targets: the output shape without its class axis, optionally with a trailing 1. */
  void requireSparse(Tensor yTrue, Tensor yPred) {
    int[] t = yTrue.shape;
    int[] p = yPred.shape;
    int[] rows = Arrays.copyOf(p, Math.max(0, p.length - 1));
    boolean ok = p.length >= 2 && (Arrays.equals(t, rows)
        || t.length == p.length && t[t.length - 1] == 1 && Arrays.equals(Arrays.copyOf(t, rows.length), rows));
    if (!ok) {
      throw mismatch(yTrue, yPred, "Expected integer class indices of shape " + Tensor.shapeString(rows)
          + (Arrays.equals(t, p) ? "; for one-hot targets use categorical_accuracy." : "."));
    }
  }

  IllegalArgumentException mismatch(Tensor yTrue, Tensor yPred, String hint) {
    return new IllegalArgumentException("Target shape " + yTrue.shapeString() + " does not match output shape "
        + yPred.shapeString() + " for metric " + name + ". " + hint);
  }

  static int argmax(double[] x, int o, int c) {
    int best = 0;
    for (int j = 1; j < c; j++) {
      if (x[o + j] > x[o + best]) { // first maximum wins, like numpy/TF argmax
        best = j;
      }
    }
    return best;
  }
}
