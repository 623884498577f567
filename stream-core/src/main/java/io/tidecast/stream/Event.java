package io.tidecast.stream;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One observation of a key at an event time: named feature values in a fixed order. Names are an immutable
 * list meant to be shared by all events of a stream (pass the same {@code List.of(...)} instance), so an event
 * costs one small {@code double[]}; consumers cache name lookups by list identity.
 */
public final class Event {
  private final String key;
  private final long timestamp;
  private final List<String> names;
  private final double[] values;

  /** {@code names} is copied only if it is not already an immutable list; {@code values} is copied. */
  public Event(String key, long timestamp, List<String> names, double[] values) {
    this.key = Objects.requireNonNull(key, "key");
    this.timestamp = timestamp;
    this.names = List.copyOf(names);
    if (values.length != this.names.size()) {
      throw new IllegalArgumentException("values has " + values.length + " entries but names has "
          + this.names.size() + " " + this.names);
    }
    this.values = values.clone();
  }

  /** Builds an event from a map, in the map's iteration order (use a {@code LinkedHashMap}). */
  public static Event of(String key, long timestamp, Map<String, Double> features) {
    double[] v = new double[features.size()];
    int i = 0;
    for (Double d : features.values()) {
      v[i++] = Objects.requireNonNull(d, "feature value");
    }
    return new Event(key, timestamp, List.copyOf(features.keySet()), v);
  }

  public String key() {
    return key;
  }

  /** Event time, epoch millis. */
  public long timestamp() {
    return timestamp;
  }

  public List<String> names() {
    return names;
  }

  public int size() {
    return values.length;
  }

  public double value(int index) {
    return values[index];
  }

  public double value(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("event has no feature '" + name + "'; it has " + names);
    }
    return values[i];
  }

  /** A copy of the values, in {@link #names()} order. */
  public double[] values() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Event)) {
      return false;
    }
    Event e = (Event) o;
    return timestamp == e.timestamp && key.equals(e.key) && names.equals(e.names) && Arrays.equals(values, e.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, timestamp, names) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Event{key=").append(key).append(", t=").append(timestamp);
    for (int i = 0; i < values.length; i++) {
      sb.append(", ").append(names.get(i)).append('=').append(values[i]);
    }
    return sb.append('}').toString();
  }
}
