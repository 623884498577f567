package io.tidecast.connectors;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validation limits shared by the event formats. Defaults: 64 KiB per record, keys up to 256 chars, values up
 * to 1e15 in magnitude, at most 256 features, no required features. Timestamps must lie in
 * 1970-01-01T00:00:00Z .. 2500-12-31T23:59:59.999Z (not configurable: outside that it is a unit mix-up).
 */
public final class EventRules implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_MAX_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_KEY_LENGTH = 256;
  public static final double DEFAULT_MAX_ABS = 1e15;
  public static final int DEFAULT_MAX_VALUES = 256;

  private final int maxBytes;
  private final int maxKeyLength;
  private final double maxAbs;
  private final int maxValues;
  private final String target;
  private final List<String> features;

  private EventRules(Builder b) {
    this.maxBytes = b.maxBytes;
    this.maxKeyLength = b.maxKeyLength;
    this.maxAbs = b.maxAbs;
    this.maxValues = b.maxValues;
    this.target = b.target;
    this.features = List.copyOf(b.features);
  }

  public static EventRules defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public int maxBytes() {
    return maxBytes;
  }

  public int maxKeyLength() {
    return maxKeyLength;
  }

  public double maxAbs() {
    return maxAbs;
  }

  public int maxValues() {
    return maxValues;
  }

  /** The feature every event must carry ({@code missing_target} otherwise), or null for none. */
  public String target() {
    return target;
  }

  /** Input features every event must carry ({@code missing_feature} otherwise). */
  public List<String> features() {
    return features;
  }

  // ---- shared checks; each reports into the verdict and never throws ----

  void checkKey(String key, Verdict v) {
    if (key == null) {
      v.add(DlqReason.MISSING_KEY, "record has no \"key\"");
    } else if (key.isBlank()) {
      v.add(DlqReason.EMPTY_KEY, "key is empty or blank: " + Verdict.quote(key));
    } else if (key.length() > maxKeyLength) {
      v.add(DlqReason.KEY_TOO_LONG, "key has " + key.length() + " chars; the limit is " + maxKeyLength
          + " (maxKeyLength): " + Verdict.quote(key));
    }
  }

  /** Returns {@code ts}, or {@link Timestamps#INVALID} after reporting {@code bad_ts} when out of range. */
  long checkTs(long ts, Verdict v) {
    if (!Timestamps.inRange(ts)) {
      v.add(DlqReason.BAD_TS, "ts " + ts + " (epoch millis) is outside 1970-01-01T00:00:00Z.."
          + "2500-12-31T23:59:59.999Z (ts is epoch milliseconds, not seconds or microseconds)");
      return Timestamps.INVALID;
    }
    return ts;
  }

  /** Checks one feature value; returns it with -0.0 normalised to 0.0. */
  double checkValue(String name, double x, Verdict v) {
    if (!Double.isFinite(x)) {
      v.add(DlqReason.NON_FINITE, "feature '" + name + "' is " + x + "; only finite numbers are accepted");
    } else if (Math.abs(x) > maxAbs) {
      v.add(DlqReason.OUT_OF_RANGE, "feature '" + name + "' is " + x + "; |value| must be <= " + maxAbs
          + " (maxAbs)");
    }
    return x + 0.0; // -0.0 + 0.0 == +0.0: keeps hashing/equality of windows stable
  }

  void checkRequired(String[] names, int n, Verdict v) {
    if (target != null && indexOf(names, n, target) < 0) {
      v.add(DlqReason.MISSING_TARGET, "target feature '" + target + "' is missing; the record has "
          + list(names, n));
    }
    for (String f : features) {
      if (indexOf(names, n, f) < 0) {
        v.add(DlqReason.MISSING_FEATURE, "input feature '" + f + "' is missing; the record has " + list(names, n));
        return;
      }
    }
  }

  static int indexOf(String[] names, int n, String name) {
    for (int i = 0; i < n; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String list(String[] names, int n) {
    List<String> l = new ArrayList<>(Math.min(n, 20));
    for (int i = 0; i < Math.min(n, 20); i++) {
      l.add(Verdict.quote(names[i]));
    }
    return l + (n > 20 ? " and " + (n - 20) + " more" : "");
  }

  @Override
  public String toString() {
    return "EventRules{maxBytes=" + maxBytes + ", maxKeyLength=" + maxKeyLength + ", maxAbs=" + maxAbs
        + ", maxValues=" + maxValues + ", target=" + target + ", features=" + features + "}";
  }

  /** Builder with the documented defaults. */
  public static final class Builder {
    private int maxBytes = DEFAULT_MAX_BYTES;
    private int maxKeyLength = DEFAULT_MAX_KEY_LENGTH;
    private double maxAbs = DEFAULT_MAX_ABS;
    private int maxValues = DEFAULT_MAX_VALUES;
    private String target;
    private List<String> features = List.of();

    private Builder() {}

    /** Largest accepted record in bytes; larger ones are {@code oversized} without being parsed. */
    public Builder maxBytes(int maxBytes) {
      this.maxBytes = positive("maxBytes", maxBytes);
      return this;
    }

    public Builder maxKeyLength(int maxKeyLength) {
      this.maxKeyLength = positive("maxKeyLength", maxKeyLength);
      return this;
    }

    /** Largest accepted |value|; {@code Double.POSITIVE_INFINITY} disables the bound (NaN/Inf stay rejected). */
    public Builder maxAbs(double maxAbs) {
      if (!(maxAbs > 0)) {
        throw new IllegalArgumentException("maxAbs must be > 0 (use Double.POSITIVE_INFINITY for no bound); got "
            + maxAbs);
      }
      this.maxAbs = maxAbs;
      return this;
    }

    public Builder maxValues(int maxValues) {
      this.maxValues = positive("maxValues", maxValues);
      return this;
    }

    public Builder target(String target) {
      this.target = nonEmpty("target", target);
      return this;
    }

    public Builder features(List<String> features) {
      for (String f : Objects.requireNonNull(features, "features")) {
        nonEmpty("feature", f);
      }
      this.features = List.copyOf(features);
      return this;
    }

    public EventRules build() {
      int required = features.size() + (target != null && !features.contains(target) ? 1 : 0);
      if (required > maxValues) {
        throw new IllegalArgumentException("target and features name " + required
            + " required features but maxValues is " + maxValues + "; raise maxValues");
      }
      return new EventRules(this);
    }

    private static int positive(String name, int v) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must be > 0; got " + v);
      }
      return v;
    }

    private static String nonEmpty(String what, String s) {
      if (s == null || s.isEmpty()) {
        throw new IllegalArgumentException(what + " name must be a non-empty string; got "
            + (s == null ? "null" : "''"));
      }
      return s;
    }
  }

  /**
   * The checks every format makes on a record's bytes before parsing: not empty, within {@code maxBytes},
   * valid UTF-8. Returns the rejection, or null when the bytes may be parsed.
   */
  Parsed.Rejected checkRaw(byte[] value) {
    if (value == null || value.length == 0) {
      return new Parsed.Rejected(DlqReason.EMPTY_RECORD, value == null ? "record value is null (tombstone)"
          : "record value is empty");
    }
    if (value.length > maxBytes()) {
      return new Parsed.Rejected(DlqReason.OVERSIZED, "record is " + value.length + " bytes; the limit is "
          + maxBytes() + " (maxBytes)");
    }
    int bad = Utf8.firstInvalid(value, 0, value.length);
    if (bad >= 0) {
      return new Parsed.Rejected(DlqReason.INVALID_UTF8, "invalid UTF-8 at byte " + bad + " (0x"
          + Integer.toHexString(value[bad] & 0xff) + ")");
    }
    return null;
  }
}
