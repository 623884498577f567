package io.tidecast.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One mapping of a job spec with its dotted path: typed reads with defaults, and errors that name the field
 * path and what is allowed. Each section declares its fields up front, so a typo fails instead of being ignored.
 */
final class SpecNode {
  private final String path;
  private final JsonNode node;

  private SpecNode(String path, JsonNode node) {
    this.path = path;
    this.node = node;
  }

  /** The root mapping; {@code node} may be null or missing (an empty document). */
  static SpecNode root(JsonNode node, Set<String> allowed) {
    SpecNode n = new SpecNode("", node == null || node.isMissingNode() || node.isNull() ? null : node);
    if (n.node != null && !n.node.isObject()) {
      throw new IllegalArgumentException("job spec: must be a mapping of sections (kafka, window, model, ...); got "
          + kind(n.node));
    }
    n.checkFields(allowed);
    return n;
  }

  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** A sub-mapping (empty when absent); fails on fields outside {@code allowed}. */
  SpecNode section(String field, Set<String> allowed) {
    JsonNode v = get(field);
    if (v != null && !v.isObject()) {
      throw error(field, "must be a mapping with fields " + sorted(allowed) + "; got " + kind(v));
    }
    SpecNode s = new SpecNode(path(field), v);
    s.checkFields(allowed);
    return s;
  }

  boolean has(String field) {
    return get(field) != null;
  }

  String string(String field, String dflt) {
    JsonNode v = get(field);
    if (v == null) {
      return dflt;
    }
    if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
      throw error(field, "must be a string; got " + kind(v));
    }
    String s = v.asText();
    if (s.isBlank()) {
      throw error(field, "must not be blank");
    }
    return s;
  }

  String requiredString(String field, String example) {
    String s = string(field, null);
    if (s == null) {
      throw error(field, "is required, e.g. " + example);
    }
    return s;
  }

  /** A lower-cased value among {@code allowed}. */
  String choice(String field, String dflt, List<String> allowed) {
    String s = string(field, null);
    if (s == null) {
      return dflt;
    }
    String lower = s.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw error(field, "must be one of " + String.join(", ", allowed) + "; got '" + s + "'");
    }
    return lower;
  }

  int integer(String field, int dflt, int min, int max) {
    JsonNode v = get(field);
    if (v == null) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      throw error(field, "must be an integer in [" + min + ", " + max + "]; got " + show(v));
    }
    return v.intValue();
  }

  double number(String field, double dflt) {
    JsonNode v = get(field);
    if (v == null) {
      return dflt;
    }
    if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
      throw error(field, "must be a finite number; got " + show(v));
    }
    return v.doubleValue();
  }

  /** Tri-state: null when absent, so a default can depend on other fields. */
  Boolean bool(String field) {
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw error(field, "must be true or false; got " + show(v));
    }
    return v.booleanValue();
  }

  /** A list of strings; a single scalar counts as a one-element list ({@code target: value}). */
  List<String> strings(String field, List<String> dflt) {
    JsonNode v = get(field);
    if (v == null) {
      return dflt;
    }
    List<String> out = new ArrayList<>();
    if (v.isTextual()) {
      out.add(v.asText());
    } else if (v.isArray()) {
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        if (!e.isTextual() || e.asText().isBlank()) {
          throw error(field + "[" + i + "]", "must be a non-blank string; got " + show(e));
        }
        out.add(e.asText());
      }
    } else {
      throw error(field, "must be a list of names, e.g. [value]; got " + kind(v));
    }
    return out;
  }

  /** A list of integers in [min, max]; a single integer counts as a one-element list. */
  List<Integer> integers(String field, List<Integer> dflt, int min, int max) {
    JsonNode v = get(field);
    if (v == null) {
      return dflt;
    }
    List<Integer> out = new ArrayList<>();
    List<JsonNode> items = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(items::add);
    } else {
      items.add(v);
    }
    if (items.isEmpty()) {
      throw error(field, "must list at least one integer, e.g. [32]");
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode e = items.get(i);
      if (!e.isIntegralNumber() || !e.canConvertToInt() || e.intValue() < min || e.intValue() > max) {
        throw error(v.isArray() ? field + "[" + i + "]" : field, "must be an integer in [" + min + ", " + max
            + "]; got " + show(e));
      }
      out.add(e.intValue());
    }
    return out;
  }

  /** A string-to-string mapping (scalars are written as text), insertion order kept. */
  Map<String, String> stringMap(String field) {
    JsonNode v = get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw error(field, "must be a mapping of names to values; got " + kind(v));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode x = e.getValue();
      if (!x.isValueNode() || x.isNull()) {
        throw error(field + "." + e.getKey(), "must be a string, number or boolean; got " + kind(x));
      }
      out.put(e.getKey(), x.asText());
    }
    return out;
  }

  /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}, ISO-8601 ({@code PT10S}) or 0. */
  Duration duration(String field, Duration dflt) {
    JsonNode v = get(field);
    if (v == null) {
      return dflt;
    }
    if (v.isIntegralNumber() && v.longValue() == 0) {
      return Duration.ZERO;
    }
    if (v.isTextual()) {
      try {
        return io.tidecast.stream.param.Param.parseDuration(v.asText());
      } catch (IllegalArgumentException ignored) {
        // reported below with the accepted forms
      }
    }
    throw error(field, "must be a duration like 500ms, 10s, 5m, 2h, 7d (or ISO-8601 PT10S); got " + show(v));
  }

  IllegalArgumentException error(String field, String message) {
    return new IllegalArgumentException(path(field) + ": " + message);
  }

  private JsonNode get(String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  private void checkFields(Set<String> allowed) {
    if (node == null) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw error(f, "unknown field; allowed here: " + sorted(allowed));
      }
    }
  }

  private static String sorted(Set<String> s) {
    return String.join(", ", new java.util.TreeSet<>(s));
  }

  private static String show(JsonNode v) {
    return v.isTextual() ? "'" + v.asText() + "'" : v.isValueNode() ? v.asText() : kind(v);
  }

  private static String kind(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    return v.isTextual() ? "'" + v.asText() + "'" : v.asText();
  }
}
