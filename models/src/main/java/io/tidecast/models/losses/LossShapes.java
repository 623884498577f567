package io.tidecast.models.losses;

import io.tidecast.models.layers.Tensor;

/** Shape checks shared by the losses, with messages that say what to change. */
final class LossShapes {
  private LossShapes() {
  }

  /**
   * Targets must have the output's shape. Like Keras' {@code squeeze_or_expand_to_same_rank}, a trailing
   * axis of size 1 on either side is tolerated ({@code (N,)} vs {@code (N, 1)}): the row-major data is the same.
   */
  static void requireSame(String loss, Tensor yTrue, Tensor yPred) {
    if (!compatible(yTrue.shape, yPred.shape)) {
      throw new IllegalArgumentException(mismatch(loss, yTrue, yPred) + hint(loss, yTrue.shape, yPred.shape));
    }
  }

  static boolean compatible(int[] a, int[] b) {
    if (java.util.Arrays.equals(a, b)) {
      return true;
    }
    if (a.length == b.length + 1) {
      return a[a.length - 1] == 1 && prefixEquals(a, b, b.length);
    }
    if (b.length == a.length + 1) {
      return b[b.length - 1] == 1 && prefixEquals(a, b, a.length);
    }
    return false;
  }

  private static boolean prefixEquals(int[] a, int[] b, int n) {
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  static String mismatch(String loss, Tensor yTrue, Tensor yPred) {
    return "Target shape " + yTrue.shapeString() + " does not match output shape " + yPred.shapeString()
        + " for loss " + loss + ". ";
  }

  private static String hint(String loss, int[] t, int[] p) {
    if (t.length > 0 && p.length > 0 && t[0] != p[0]) {
      return "Targets and outputs must have the same number of samples (axis 0), got " + t[0] + " and " + p[0]
          + ".";
    }
    int pLast = p[p.length - 1];
    boolean indexLike = t.length == p.length - 1 && prefixEquals(t, p, t.length)
        || t.length == p.length && t[t.length - 1] == 1 && prefixEquals(t, p, t.length - 1);
    if (loss.equals("categorical_crossentropy") && indexLike && pLast > 1) {
      return "The targets look like integer class indices: use loss sparse_categorical_crossentropy, "
          + "or one-hot encode them with toCategorical(y, " + pLast + ").";
    }
    int tLast = t[t.length - 1];
    if (pLast == 1 && tLast > 1 && t.length == p.length) {
      return "The last layer outputs 1 value per sample but the targets have " + tLast + ": give the last layer "
          + tLast + " units (e.g. Dense(" + tLast + ", activation='softmax') with categorical_crossentropy "
          + "for one-hot classes), or reshape the targets.";
    }
    return "Targets must have the same shape as the model output: check the units of the last layer ("
        + pLast + ") and the shape of y.";
  }

  /**
   * Checks integer class-index targets for an output of shape {@code (..., C)}: accepted target shapes are the
   * output shape without its last axis, optionally followed by an axis of size 1. The row-major order of the
   * targets is then the order of the output rows.
   */
  static void requireSparse(String loss, Tensor yTrue, Tensor yPred) {
    int[] p = yPred.shape;
    int[] t = yTrue.shape;
    boolean ok = p.length >= 2 && (t.length == p.length - 1 && prefixEquals(t, p, t.length)
        || t.length == p.length && t[t.length - 1] == 1 && prefixEquals(t, p, t.length - 1));
    if (ok) {
      return;
    }
    String hint;
    if (p.length < 2) {
      hint = "The output must have a class axis: shape (samples, classes) or (samples, timesteps, classes).";
    } else if (java.util.Arrays.equals(t, p) && p[p.length - 1] > 1) {
      hint = "The targets look one-hot encoded: use loss categorical_crossentropy, or pass class indices of shape "
          + Tensor.shapeString(java.util.Arrays.copyOf(p, p.length - 1)) + ".";
    } else {
      int[] want = java.util.Arrays.copyOf(p, p.length);
      want[p.length - 1] = 1;
      hint = "Expected one class index per output row: targets of shape "
          + Tensor.shapeString(java.util.Arrays.copyOf(p, p.length - 1)) + " or " + Tensor.shapeString(want) + ".";
    }
    throw new IllegalArgumentException(mismatch(loss, yTrue, yPred) + hint);
  }

  /** The class index stored in a float target; rejects non-integers and out-of-range values like Keras. */
  static int label(String loss, double v, int classes, int row) {
    int k = (int) v;
    if (k != v || k < 0 || k >= classes) {
      throw new IllegalArgumentException("Received a label value of " + v + " (row " + row
          + ") which is outside the valid range of [0, " + classes + ") for loss " + loss
          + ". Labels must be integer class indices; for one-hot targets use categorical_crossentropy.");
    }
    return k;
  }
}
