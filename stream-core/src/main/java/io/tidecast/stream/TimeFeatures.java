package io.tidecast.stream;

import java.util.List;

/** Calendar inputs as sin/cos pairs, so midnight sits next to 23:00 and Sunday next to Monday. */
final class TimeFeatures {
  private static final long DAY_MS = 86_400_000L;

  private TimeFeatures() {
  }

  /** Writes two values per feature into {@code row} from {@code offset}, for event time {@code ts} (UTC). */
  static void fill(List<LearnerConfig.TimeFeature> features, long ts, double[] row, int offset) {
    long day = Math.floorDiv(ts, DAY_MS);
    double dayFraction = Math.floorMod(ts, DAY_MS) / (double) DAY_MS;
    int k = offset;
    for (LearnerConfig.TimeFeature tf : features) {
      double turn;
      if (tf == LearnerConfig.TimeFeature.HOUR_OF_DAY) {
        turn = dayFraction;
      } else {
        // 1970-01-01 was a Thursday: +3 makes Monday 0
        turn = (Math.floorMod(day + 3, 7) + dayFraction) / 7.0;
      }
      double a = 2 * Math.PI * turn;
      row[k++] = StrictMath.sin(a);
      row[k++] = StrictMath.cos(a);
    }
  }
}
