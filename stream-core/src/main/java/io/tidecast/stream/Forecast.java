package io.tidecast.stream;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A forecast of one target of one key, issued at an origin event time, for horizon steps {@code h = 1..H}
 * (each with its own event time). {@code modelVersion} is the number of updates the model had applied.
 */
public final class Forecast {
  private final String key;
  private final String target;
  private final long originTimestamp;
  private final long[] timestamps;
  private final double[] values;
  private final long modelVersion;
  private final double error; // NaN = none yet

  public Forecast(String key, String target, long originTimestamp, long[] stepTimestamps, double[] values,
      long modelVersion, OptionalDouble prequentialError) {
    this.key = Objects.requireNonNull(key, "key");
    this.target = Objects.requireNonNull(target, "target");
    if (values.length == 0 || stepTimestamps.length != values.length) {
      throw new IllegalArgumentException("need one timestamp per step and at least one step; got "
          + stepTimestamps.length + " timestamps and " + values.length + " values");
    }
    long prev = originTimestamp;
    for (int i = 0; i < stepTimestamps.length; i++) {
      if (stepTimestamps[i] <= prev) {
        throw new IllegalArgumentException("step timestamps must increase after the origin " + originTimestamp
            + "; step h=" + (i + 1) + " has " + stepTimestamps[i]);
      }
      prev = stepTimestamps[i];
    }
    if (modelVersion < 0) {
      throw new IllegalArgumentException("modelVersion must be >= 0; got " + modelVersion);
    }
    this.originTimestamp = originTimestamp;
    this.timestamps = stepTimestamps.clone();
    this.values = values.clone();
    this.modelVersion = modelVersion;
    this.error = prequentialError.isPresent() ? prequentialError.getAsDouble() : Double.NaN;
  }

  /** Steps spaced {@code stepMillis} apart: step h is at {@code origin + h * stepMillis}. */
  public static Forecast evenlySpaced(String key, String target, long originTimestamp, long stepMillis,
      double[] values, long modelVersion, OptionalDouble prequentialError) {
    if (stepMillis <= 0) {
      throw new IllegalArgumentException("stepMillis must be > 0; got " + stepMillis);
    }
    long[] ts = new long[values.length];
    for (int h = 1; h <= ts.length; h++) {
      ts[h - 1] = Math.addExact(originTimestamp, Math.multiplyExact(h, stepMillis));
    }
    return new Forecast(key, target, originTimestamp, ts, values, modelVersion, prequentialError);
  }

  public String key() {
    return key;
  }

  public String target() {
    return target;
  }

  public long originTimestamp() {
    return originTimestamp;
  }

  public int horizon() {
    return values.length;
  }

  /** Event time of step {@code h}, 1-based. */
  public long timestamp(int h) {
    return timestamps[h - 1];
  }

  /** Forecast value of step {@code h}, 1-based. */
  public double value(int h) {
    return values[h - 1];
  }

  public long modelVersion() {
    return modelVersion;
  }

  public OptionalDouble prequentialError() {
    return Double.isNaN(error) ? OptionalDouble.empty() : OptionalDouble.of(error);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Forecast)) {
      return false;
    }
    Forecast f = (Forecast) o;
    return originTimestamp == f.originTimestamp && modelVersion == f.modelVersion
        && Double.compare(error, f.error) == 0 && key.equals(f.key) && target.equals(f.target)
        && Arrays.equals(timestamps, f.timestamps) && Arrays.equals(values, f.values);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(key, target, originTimestamp, modelVersion, Double.hashCode(error));
    return (h * 31 + Arrays.hashCode(timestamps)) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Forecast{key=").append(key).append(", target=").append(target)
        .append(", origin=").append(originTimestamp).append(", version=").append(modelVersion);
    if (!Double.isNaN(error)) {
      sb.append(", error=").append(error);
    }
    sb.append(", steps=[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(timestamps[i]).append('=').append(values[i]);
    }
    return sb.append("]}").toString();
  }
}
