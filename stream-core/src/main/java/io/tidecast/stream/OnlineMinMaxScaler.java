package io.tidecast.stream;

import java.util.Arrays;

/**
 * Running min-max scaling {@code (x - min) / (max - min)} per feature: values seen so far map into [0, 1]
 * (update before transform). As scikit-learn, a range below {@code 10 * ulp(1)} counts as 1, so constant series
 * map to 0. Differences are taken on halved values so ranges near {@code Double.MAX_VALUE} do not overflow.
 */
public final class OnlineMinMaxScaler implements Scaler {
  private static final double TINY_HALF_RANGE = 5 * Math.ulp(1.0);

  private final double[] min;
  private final double[] max;
  private long count;

  public OnlineMinMaxScaler(int features) {
    if (features < 1) {
      throw new IllegalArgumentException("features must be >= 1; got " + features);
    }
    min = new double[features];
    max = new double[features];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
  }

  @Override
  public int features() {
    return min.length;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public void update(double[] row) {
    Scaler.checkRow(row, min.length);
    count++;
    for (int f = 0; f < row.length; f++) {
      min[f] = Math.min(min[f], row[f]);
      max[f] = Math.max(max[f], row[f]);
    }
  }

  public double min(int feature) {
    return min[feature];
  }

  public double max(int feature) {
    return max[feature];
  }

  @Override
  public double transform(int f, double value) {
    if (count == 0) {
      return value;
    }
    return (0.5 * value - 0.5 * min[f]) / halfRange(f);
  }

  @Override
  public double inverseTransform(int f, double value) {
    if (count == 0) {
      return value;
    }
    return (value * halfRange(f) + 0.5 * min[f]) * 2;
  }

  private double halfRange(int f) {
    double h = 0.5 * max[f] - 0.5 * min[f];
    return h < TINY_HALF_RANGE ? 0.5 : h;
  }

  private static final int VERSION = 1;

  @Override
  public void writeTo(StateWriter w) {
    w.writeHeader(StateTags.MIN_MAX_SCALER, VERSION);
    w.writeVarLong(count);
    w.writeDoubles(min);
    w.writeDoubles(max);
  }

  static OnlineMinMaxScaler readFrom(StateReader r) {
    r.readHeader(StateTags.MIN_MAX_SCALER, VERSION);
    long count = r.readVarLong();
    double[] min = r.readDoubles();
    double[] max = r.readDoubles();
    StateReader.check(min.length >= 1 && max.length == min.length, "OnlineMinMaxScaler arrays have lengths "
        + min.length + "/" + max.length);
    for (int f = 0; f < min.length; f++) {
      StateReader.check(count == 0 ? (min[f] == Double.POSITIVE_INFINITY && max[f] == Double.NEGATIVE_INFINITY)
          : (Double.isFinite(min[f]) && Double.isFinite(max[f]) && min[f] <= max[f]),
          "OnlineMinMaxScaler feature " + f + " has min " + min[f] + " and max " + max[f]);
    }
    OnlineMinMaxScaler s = new OnlineMinMaxScaler(min.length);
    System.arraycopy(min, 0, s.min, 0, min.length);
    System.arraycopy(max, 0, s.max, 0, max.length);
    s.count = count;
    return s;
  }
}
