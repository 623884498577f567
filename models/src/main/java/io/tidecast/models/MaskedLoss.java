package io.tidecast.models;

import io.tidecast.models.layers.Tensor;

/**
 * Keras 3's loss on an output that carries a {@code (samples, timesteps)} mask: masked timesteps get
 * weight 0 and kept ones {@code total / (kept + 1e-7)}, so the {@code sum_over_batch_size} loss is
 * {@code sum(kept timesteps' losses) / (kept + 1e-7)} (0 when everything is masked). Metrics see only the
 * kept timesteps.
 */
final class MaskedLoss {
  /** Keras' {@code backend.epsilon()}. */
  private static final double EPSILON = 1e-7;

  private MaskedLoss() {
  }

  static double compute(Loss loss, Tensor y, Tensor p, Tensor mask) {
    Tensor[] k = kept(y, p, mask);
    return k == null ? 0.0 : loss.compute(k[0], k[1]) * factor(k[1].dim(0));
  }

  static Tensor gradient(Loss loss, Tensor y, Tensor p, Tensor mask) {
    Tensor g = new Tensor(p.shape);
    Tensor[] k = kept(y, p, mask);
    if (k == null) {
      return g;
    }
    Tensor gk = loss.gradient(k[0], k[1]);
    double f = factor(k[1].dim(0));
    int per = p.size() / mask.size();
    int j = 0;
    for (int r = 0; r < mask.size(); r++) {
      if (mask.data[r] != 0) {
        for (int e = 0; e < per; e++) {
          g.data[r * per + e] = gk.data[j * per + e] * f;
        }
        j++;
      }
    }
    return g;
  }

  /** {@code kept / (kept + epsilon)}: the loss over kept rows is their mean, Keras divides by kept + eps. */
  private static double factor(int kept) {
    return kept / (kept + EPSILON);
  }

  /** {@code [y, p]} restricted to the kept (sample, timestep) rows, or null if none is kept. */
  static Tensor[] kept(Tensor y, Tensor p, Tensor mask) {
    int rows = mask.size();
    if (p.rank() < 3 || p.dim(0) * p.dim(1) != rows || y.size() % rows != 0) {
      throw new IllegalArgumentException("The model's output " + p.shapeString() + " carries a timestep mask "
          + mask.shapeString() + " that does not fit it (or targets " + y.shapeString() + "): targets must have "
          + "a value per (sample, timestep).");
    }
    int[] index = new int[rows];
    int kept = 0;
    for (int r = 0; r < rows; r++) {
      if (mask.data[r] != 0) {
        index[kept++] = r;
      }
    }
    if (kept == 0) {
      return null;
    }
    return new Tensor[] {rows(y, rows, index, kept), rows(p, rows, index, kept)};
  }

  /** Rows {@code index[0..kept)} of {@code t} seen as {@code rows} rows, shaped {@code (kept, rest...)}. */
  private static Tensor rows(Tensor t, int rows, int[] index, int kept) {
    int[] shape = t.rank() > 2 ? new int[t.rank() - 1] : new int[] {kept, 1};
    if (t.rank() > 2) {
      shape[0] = kept;
      System.arraycopy(t.shape, 2, shape, 1, t.rank() - 2);
    }
    return t.reshape(rows, t.size() / rows).gather(index, 0, kept).reshape(shape);
  }
}
