package io.tidecast.models.losses;

import io.tidecast.models.Loss;
import io.tidecast.models.layers.Tensor;

/**
 * Keras {@code categorical_crossentropy} with one-hot (or soft) targets, summed over the class (last) axis
 * and averaged over the remaining rows. With probabilities (default) each row is first normalised by its
 * sum, then clipped to {@code [1e-7, 1 - 1e-7]}: {@code -sum y log(clip(p / sum(p)))}. With logits:
 * {@code -sum y log softmax(x)}.
 */
public final class CategoricalCrossentropy implements Loss {
  static final double EPSILON = 1e-7;
  private final boolean fromLogits;

  public CategoricalCrossentropy() {
    this(false);
  }

  public CategoricalCrossentropy(boolean fromLogits) {
    this.fromLogits = fromLogits;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public String name() {
    return "categorical_crossentropy";
  }

  @Override
  public double compute(Tensor yTrue, Tensor yPred) {
    LossShapes.requireSame(name(), yTrue, yPred);
    int c = yPred.dim(-1);
    int rows = c == 0 ? 0 : yPred.size() / c;
    if (rows == 0) {
      return 0.0;
    }
    double[] y = yTrue.data;
    double[] p = yPred.data;
    double total = 0;
    for (int r = 0, o = 0; r < rows; r++, o += c) {
      double l = 0;
      if (fromLogits) {
        double lse = logSumExp(p, o, c);
        for (int j = 0; j < c; j++) {
          l += y[o + j] * (lse - p[o + j]);
        }
      } else {
        double s = rowSum(p, o, c);
        for (int j = 0; j < c; j++) {
          l -= y[o + j] * Math.log(clip(p[o + j] / s));
        }
      }
      total += l;
    }
    return total / rows;
  }

  @Override
  public Tensor gradient(Tensor yTrue, Tensor yPred) {
    LossShapes.requireSame(name(), yTrue, yPred);
    int c = yPred.dim(-1);
    Tensor g = new Tensor(yPred.shape);
    int rows = c == 0 ? 0 : yPred.size() / c;
    double[] y = yTrue.data;
    double[] p = yPred.data;
    for (int r = 0, o = 0; r < rows; r++, o += c) {
      if (fromLogits) {
        double lse = logSumExp(p, o, c);
        double ySum = 0;
        for (int j = 0; j < c; j++) {
          ySum += y[o + j];
        }
        for (int j = 0; j < c; j++) {
          g.data[o + j] = (Math.exp(p[o + j] - lse) * ySum - y[o + j]) / rows;
        }
      } else {
        // q = p / S; dL/dp_k = (1/S) * (-y_k [k unclipped] / q_k + sum_j y_j [j unclipped])
        double s = rowSum(p, o, c);
        double a = 0;
        for (int j = 0; j < c; j++) {
          if (inside(p[o + j] / s)) {
            a += y[o + j];
          }
        }
        for (int j = 0; j < c; j++) {
          double q = p[o + j] / s;
          double d = inside(q) ? a - y[o + j] / q : a;
          g.data[o + j] = d / (s * rows);
        }
      }
    }
    return g;
  }

  static double rowSum(double[] p, int o, int c) {
    double s = 0;
    for (int j = 0; j < c; j++) {
      s += p[o + j];
    }
    return s;
  }

  static double logSumExp(double[] x, int o, int c) {
    double m = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < c; j++) {
      m = Math.max(m, x[o + j]);
    }
    double s = 0;
    for (int j = 0; j < c; j++) {
      s += Math.exp(x[o + j] - m);
    }
    return m + Math.log(s);
  }

  static double clip(double q) {
    return Math.min(1.0 - EPSILON, Math.max(EPSILON, q));
  }

  /** clip_by_value passes the gradient only inside [min, max]. */
  static boolean inside(double q) {
    return q >= EPSILON && q <= 1.0 - EPSILON;
  }

  @Override
  public String toString() {
    return name();
  }
}
