package io.tidecast.stream.param;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Values of options, each checked by its {@link Param} when set; an option not set reads as its default. Knows which
 * were set, so a runtime can leave what the user did not give to its own defaults.
 */
public final class ParamMap implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, Object> values = new LinkedHashMap<>();

  public ParamMap() {
  }

  public ParamMap(ParamMap other) {
    values.putAll(other.values);
  }

  /** Sets {@code p} after {@link Param#validate}; a null value unsets it. */
  public <T> ParamMap set(Param<T> p, T value) {
    if (value == null) {
      values.remove(p.name());
    } else {
      values.put(p.name(), p.validate(value));
    }
    return this;
  }

  /** Sets an already validated value (see {@link Param#parse}). */
  <T> ParamMap put(Param<T> p, T value) {
    values.put(p.name(), value);
    return this;
  }

  /** The value set, else the default (null for an option without one). */
  @SuppressWarnings("unchecked")
  public <T> T get(Param<T> p) {
    Object v = values.get(p.name());
    return v != null ? (T) v : p.defaultValue();
  }

  /** The value set, else {@code fallback}. */
  @SuppressWarnings("unchecked")
  public <T> T getOrElse(Param<T> p, T fallback) {
    Object v = values.get(p.name());
    return v != null ? (T) v : fallback;
  }

  /** Whether {@code p} was set (rather than left to its default). */
  public boolean contains(Param<?> p) {
    return values.containsKey(p.name());
  }

  /** Names of the options set. */
  public Set<String> names() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** This map with every option {@code other} sets set as there. */
  public ParamMap merge(ParamMap other) {
    values.putAll(other.values);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParamMap m && m.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
