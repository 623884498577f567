package io.tidecast.stream;

/**
 * One training segment of one key: K consecutive steps, the recurrent state before the first of them, the
 * normalisation level at each, and the deseasonalised log values their inputs (L lags) and targets (H steps
 * ahead) are read from. Self-contained, so it can be learned from later and replayed after its key moved on.
 */
final class GlobalSegment {
  /** [h, c] before the segment's first step. */
  final float[] state;
  /** Level and scale at each of the K steps. */
  final double[] levels;
  final double[] scales;
  /** e(first - L + 1) .. e(last + H): L + K + H - 1 values, NaN before the key's first observation. */
  final float[] values;

  GlobalSegment(float[] state, double[] levels, double[] scales, float[] values) {
    this.state = state;
    this.levels = levels;
    this.scales = scales;
    this.values = values;
  }
}
