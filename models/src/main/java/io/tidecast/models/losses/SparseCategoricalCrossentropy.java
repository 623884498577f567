package io.tidecast.models.losses;

import io.tidecast.models.Loss;
import io.tidecast.models.layers.Tensor;

/**
 * Keras {@code sparse_categorical_crossentropy}: categorical crossentropy with integer class-index targets
 * of shape {@code (N,)}/{@code (N, 1)} for outputs {@code (N, C)}, or {@code (N, T)}/{@code (N, T, 1)} for
 * {@code (N, T, C)}. Same maths as {@link CategoricalCrossentropy} with a one-hot target (row-normalise,
 * clip to {@code [1e-7, 1 - 1e-7]}, {@code -log p[label]}), as Keras' numpy/jax/torch backends compute it.
 */
public final class SparseCategoricalCrossentropy implements Loss {
  private final boolean fromLogits;

  public SparseCategoricalCrossentropy() {
    this(false);
  }

  public SparseCategoricalCrossentropy(boolean fromLogits) {
    this.fromLogits = fromLogits;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public String name() {
    return "sparse_categorical_crossentropy";
  }

  @Override
  public double compute(Tensor yTrue, Tensor yPred) {
    LossShapes.requireSparse(name(), yTrue, yPred);
    int c = yPred.dim(-1);
    int rows = c == 0 ? 0 : yPred.size() / c;
    if (rows == 0) {
      return 0.0;
    }
    double[] p = yPred.data;
    double total = 0;
    for (int r = 0, o = 0; r < rows; r++, o += c) {
      int k = LossShapes.label(name(), yTrue.data[r], c, r);
      if (fromLogits) {
        total += CategoricalCrossentropy.logSumExp(p, o, c) - p[o + k];
      } else {
        double s = CategoricalCrossentropy.rowSum(p, o, c);
        total -= Math.log(CategoricalCrossentropy.clip(p[o + k] / s));
      }
    }
    return total / rows;
  }

  @Override
  public Tensor gradient(Tensor yTrue, Tensor yPred) {
    LossShapes.requireSparse(name(), yTrue, yPred);
    int c = yPred.dim(-1);
    Tensor g = new Tensor(yPred.shape);
    int rows = c == 0 ? 0 : yPred.size() / c;
    double[] p = yPred.data;
    for (int r = 0, o = 0; r < rows; r++, o += c) {
      int k = LossShapes.label(name(), yTrue.data[r], c, r);
      if (fromLogits) {
        double lse = CategoricalCrossentropy.logSumExp(p, o, c);
        for (int j = 0; j < c; j++) {
          g.data[o + j] = (Math.exp(p[o + j] - lse) - (j == k ? 1.0 : 0.0)) / rows;
        }
      } else {
        double s = CategoricalCrossentropy.rowSum(p, o, c);
        double q = p[o + k] / s;
        if (!CategoricalCrossentropy.inside(q)) {
          continue; // clipped: zero gradient for the whole row
        }
        for (int j = 0; j < c; j++) {
          g.data[o + j] = (j == k ? 1.0 - 1.0 / q : 1.0) / (s * rows);
        }
      }
    }
    return g;
  }

  @Override
  public String toString() {
    return name();
  }
}
