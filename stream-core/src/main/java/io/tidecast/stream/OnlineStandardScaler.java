package io.tidecast.stream;

/**
 * Running standardisation {@code (x - mean) / std} per feature (population std, as scikit-learn), with
 * Welford's update. Statistics are kept relative to a per-feature power-of-two scale that tracks the largest
 * magnitude seen, so squares never overflow (values up to {@code Double.MAX_VALUE / 4} stay finite) and
 * rescaling is exact. The std is floored at {@code 1e-8 * max(1, |mean|)} so constant series map to 0.
 */
public final class OnlineStandardScaler implements Scaler {
  private static final double MIN_SCALE = Math.scalb(1.0, -500); // keeps 1/scale finite
  private static final double FLOOR = 1e-8;

  private final double[] scale;
  private final double[] mean; // in units of scale
  private final double[] m2; // sum of squared deviations, in units of scale^2
  private long count;

  public OnlineStandardScaler(int features) {
    if (features < 1) {
      throw new IllegalArgumentException("features must be >= 1; got " + features);
    }
    scale = new double[features];
    java.util.Arrays.fill(scale, MIN_SCALE);
    mean = new double[features];
    m2 = new double[features];
  }

  @Override
  public int features() {
    return scale.length;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public void update(double[] row) {
    Scaler.checkRow(row, scale.length);
    count++;
    for (int f = 0; f < row.length; f++) {
      double a = Math.abs(row[f]);
      if (a >= 2 * scale[f]) {
        double s = Math.scalb(1.0, Math.getExponent(a)); // s <= a < 2s
        double r = scale[f] / s; // exact power of two
        mean[f] *= r;
        m2[f] *= r * r;
        scale[f] = s;
      }
      double x = row[f] / scale[f]; // |x| < 2
      double d = x - mean[f];
      mean[f] += d / count;
      m2[f] += d * (x - mean[f]);
    }
  }

  public double mean(int feature) {
    return mean[feature] * scale[feature];
  }

  /** Population standard deviation (before the floor). */
  public double std(int feature) {
    return count == 0 ? 0 : Math.sqrt(m2[feature] / count) * scale[feature];
  }

  @Override
  public double transform(int f, double value) {
    if (count == 0) {
      return value;
    }
    return (value / scale[f] - mean[f]) / scaledStd(f);
  }

  @Override
  public double inverseTransform(int f, double value) {
    if (count == 0) {
      return value;
    }
    return (value * scaledStd(f) + mean[f]) * scale[f];
  }

  private double scaledStd(int f) {
    double std = Math.sqrt(m2[f] / count);
    double floor = FLOOR * Math.max(1.0 / scale[f], Math.abs(mean[f]));
    return Math.max(std, floor);
  }

  private static final int VERSION = 1;

  @Override
  public void writeTo(StateWriter w) {
    w.writeHeader(StateTags.STANDARD_SCALER, VERSION);
    w.writeVarLong(count);
    w.writeDoubles(scale);
    w.writeDoubles(mean);
    w.writeDoubles(m2);
  }

  static OnlineStandardScaler readFrom(StateReader r) {
    r.readHeader(StateTags.STANDARD_SCALER, VERSION);
    long count = r.readVarLong();
    double[] scale = r.readDoubles();
    double[] mean = r.readDoubles();
    double[] m2 = r.readDoubles();
    StateReader.check(scale.length >= 1 && mean.length == scale.length && m2.length == scale.length,
        "OnlineStandardScaler arrays have lengths " + scale.length + "/" + mean.length + "/" + m2.length);
    for (int f = 0; f < scale.length; f++) {
      StateReader.check(scale[f] >= MIN_SCALE && Double.isFinite(scale[f]) && Double.isFinite(mean[f])
          && m2[f] >= 0 && Double.isFinite(m2[f]), "OnlineStandardScaler feature " + f + " statistics out of range");
    }
    OnlineStandardScaler s = new OnlineStandardScaler(scale.length);
    System.arraycopy(scale, 0, s.scale, 0, scale.length);
    System.arraycopy(mean, 0, s.mean, 0, mean.length);
    System.arraycopy(m2, 0, s.m2, 0, m2.length);
    s.count = count;
    return s;
  }
}
