package io.tidecast.stream;

/**
 * Online per-feature scaler for one key. Call {@link #update} with each new row, then {@link #transform} rows
 * for the model and {@link #inverseTransform} its outputs back to data units. Before the first update both are
 * the identity. Rows must have {@link #features()} finite values.
 */
public interface Scaler {
  int features();

  /** Rows seen by {@link #update}. */
  long count();

  /** Folds a row into the running statistics; rejects non-finite values without changing state. */
  void update(double[] row);

  double transform(int feature, double value);

  double inverseTransform(int feature, double value);

  /** Scales {@code row} into {@code out} (which may be {@code row}); returns {@code out}. */
  default double[] transform(double[] row, double[] out) {
    for (int f = 0; f < row.length; f++) {
      out[f] = transform(f, row[f]);
    }
    return out;
  }

  /** Unscales {@code row} into {@code out} (which may be {@code row}); returns {@code out}. */
  default double[] inverseTransform(double[] row, double[] out) {
    for (int f = 0; f < row.length; f++) {
      out[f] = inverseTransform(f, row[f]);
    }
    return out;
  }

  void writeTo(StateWriter w);

  /** Reads whichever scaler {@link #writeTo} wrote. */
  static Scaler readFrom(StateReader r) {
    int tag = r.peekVarInt();
    if (tag == StateTags.STANDARD_SCALER) {
      return OnlineStandardScaler.readFrom(r);
    }
    if (tag == StateTags.MIN_MAX_SCALER) {
      return OnlineMinMaxScaler.readFrom(r);
    }
    throw new StateFormatException("expected a scaler state but found " + StateTags.name(tag));
  }

  /** Shared row validation: all-or-nothing so a bad row never half-updates the state. */
  static void checkRow(double[] row, int features) {
    if (row.length != features) {
      throw new IllegalArgumentException("row has " + row.length + " values; this scaler has " + features
          + " features");
    }
    for (int f = 0; f < row.length; f++) {
      if (!Double.isFinite(row[f])) {
        throw new IllegalArgumentException("feature " + f + " is " + row[f] + "; scalers take finite values only");
      }
    }
  }
}
