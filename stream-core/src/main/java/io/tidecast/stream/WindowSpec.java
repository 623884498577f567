package io.tidecast.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a key's events become Keras {@code (samples, timesteps, features)} windows and forecast targets.
 * Window semantics are those of {@code keras.utils.timeseries_dataset_from_array}: window {@code i} starts at
 * row {@code i * stride} and takes rows {@code start, start + samplingRate, ..., start + (timesteps-1) * samplingRate}.
 * The targets of a window are the target columns {@code h} rows after its last row: {@code h = 1..horizon}
 * for {@link Strategy#DIRECT}, only {@code h = 1} for {@link Strategy#RECURSIVE} (the model is iterated).
 */
public final class WindowSpec implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** Largest ring buffer (rows) a spec may need; guards against configs and corrupt state that would OOM. */
  static final int MAX_SPAN = 1 << 20;

  /** How a multi-step forecast is produced. */
  public enum Strategy {
    /** One model output per horizon step, e.g. {@code Dense(horizon)}. */
    DIRECT,
    /** A one-step model fed its own predictions {@code horizon} times. */
    RECURSIVE;

    /** Case-insensitive parse for config files. */
    public static Strategy parse(String s) {
      if (s != null) {
        for (Strategy v : values()) {
          if (v.name().equalsIgnoreCase(s.trim())) {
            return v;
          }
        }
      }
      throw new IllegalArgumentException("strategy must be one of " + Arrays.toString(values()) + "; got " + s);
    }
  }

  private final int timesteps;
  private final int stride;
  private final int samplingRate;
  private final int horizon;
  private final List<String> inputs;
  private final List<String> targets;
  private final Strategy strategy;

  public WindowSpec(int timesteps, int stride, int samplingRate, int horizon, List<String> inputs,
      List<String> targets, Strategy strategy) {
    positive("timesteps", timesteps, "the window length, Keras sequence_length");
    positive("stride", stride, "rows between window starts, Keras sequence_stride");
    positive("samplingRate", samplingRate, "rows between timesteps of a window, Keras sampling_rate");
    positive("horizon", horizon, "forecast steps after the window's last row");
    this.inputs = names("inputs", inputs);
    this.targets = names("targets", targets);
    if (strategy == null) {
      throw new IllegalArgumentException("strategy must be one of " + Arrays.toString(Strategy.values())
          + "; got null");
    }
    if (strategy == Strategy.RECURSIVE && !new HashSet<>(this.inputs).equals(new HashSet<>(this.targets))) {
      throw new IllegalArgumentException("strategy=RECURSIVE feeds predictions back as inputs, so inputs and targets"
          + " must be the same names; got inputs=" + this.inputs + ", targets=" + this.targets
          + " (use DIRECT when there are exogenous inputs)");
    }
    long span = (long) (timesteps - 1) * samplingRate + 1 + (strategy == Strategy.DIRECT ? horizon : 1);
    if (span > MAX_SPAN) {
      throw new IllegalArgumentException("(timesteps-1)*samplingRate + 1 + horizon must be <= " + MAX_SPAN
          + " rows; got timesteps=" + timesteps + ", samplingRate=" + samplingRate + ", horizon=" + horizon);
    }
    this.timesteps = timesteps;
    this.stride = stride;
    this.samplingRate = samplingRate;
    this.horizon = horizon;
    this.strategy = strategy;
  }

  /** stride 1, samplingRate 1, {@link Strategy#DIRECT}. */
  public static WindowSpec of(int timesteps, int horizon, List<String> inputs, List<String> targets) {
    return new WindowSpec(timesteps, 1, 1, horizon, inputs, targets, Strategy.DIRECT);
  }

  public WindowSpec withStride(int stride) {
    return new WindowSpec(timesteps, stride, samplingRate, horizon, inputs, targets, strategy);
  }

  public WindowSpec withSamplingRate(int samplingRate) {
    return new WindowSpec(timesteps, stride, samplingRate, horizon, inputs, targets, strategy);
  }

  public WindowSpec withStrategy(Strategy strategy) {
    return new WindowSpec(timesteps, stride, samplingRate, horizon, inputs, targets, strategy);
  }

  public int timesteps() {
    return timesteps;
  }

  public int stride() {
    return stride;
  }

  public int samplingRate() {
    return samplingRate;
  }

  public int horizon() {
    return horizon;
  }

  public List<String> inputs() {
    return inputs;
  }

  public List<String> targets() {
    return targets;
  }

  public Strategy strategy() {
    return strategy;
  }

  /** Target steps per training sample: {@code horizon} for DIRECT, 1 for RECURSIVE. */
  /** Rows one window covers: {@code (timesteps - 1) * samplingRate + 1}. */
  public int span() {
    return (timesteps - 1) * samplingRate + 1;
  }

  public int targetSteps() {
    return strategy == Strategy.DIRECT ? horizon : 1;
  }

  void writeTo(StateWriter w) {
    w.writeVarInt(timesteps).writeVarInt(stride).writeVarInt(samplingRate).writeVarInt(horizon);
    w.writeVarInt(strategy.ordinal());
    writeNames(w, inputs);
    writeNames(w, targets);
  }

  static WindowSpec readFrom(StateReader r) {
    int timesteps = r.readVarInt();
    int stride = r.readVarInt();
    int rate = r.readVarInt();
    int horizon = r.readVarInt();
    int s = r.readVarInt();
    StateReader.check(s < Strategy.values().length, "strategy ordinal " + s);
    List<String> in = readNames(r);
    List<String> out = readNames(r);
    try {
      return new WindowSpec(timesteps, stride, rate, horizon, in, out, Strategy.values()[s]);
    } catch (IllegalArgumentException e) {
      throw new StateFormatException("corrupt state: window spec: " + e.getMessage());
    }
  }

  private static void writeNames(StateWriter w, List<String> names) {
    w.writeVarInt(names.size());
    for (String n : names) {
      w.writeString(n);
    }
  }

  private static List<String> readNames(StateReader r) {
    int n = r.readVarInt();
    // each name takes at least one byte, so this bounds the list by the blob size before allocating
    StateReader.check(n <= r.remaining(), "name count " + n + " exceeds remaining bytes");
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add(r.readString());
    }
    return names;
  }

  private static void positive(String field, int v, String meaning) {
    if (v < 1) {
      throw new IllegalArgumentException(field + " must be an integer >= 1 (" + meaning + "); got " + v);
    }
  }

  private static List<String> names(String field, List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException(field + " must list at least one feature name; got " + names);
    }
    HashSet<String> seen = new HashSet<>();
    for (String n : names) {
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException(field + " must not contain null or blank names; got " + names);
      }
      if (!seen.add(n)) {
        throw new IllegalArgumentException(field + " must not repeat a name; '" + n + "' appears twice in " + names);
      }
    }
    return List.copyOf(names);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WindowSpec)) {
      return false;
    }
    WindowSpec w = (WindowSpec) o;
    return timesteps == w.timesteps && stride == w.stride && samplingRate == w.samplingRate && horizon == w.horizon
        && strategy == w.strategy && inputs.equals(w.inputs) && targets.equals(w.targets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timesteps, stride, samplingRate, horizon, inputs, targets, strategy);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "WindowSpec{timesteps=%d, stride=%d, samplingRate=%d, horizon=%d, inputs=%s, targets=%s, strategy=%s}",
        timesteps, stride, samplingRate, horizon, inputs, targets, strategy);
  }
}
