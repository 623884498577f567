package io.tidecast.connectors;

import io.tidecast.stream.NameInterner;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.tidecast.stream.Event;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The JSON event format (see {@code connectors/FORMATS.md}):
 * <pre>{"key":"sensor-7","ts":"2014-07-01T00:00:00Z","values":{"value":10844.0,"temp":21.5}}</pre>
 * {@code ts} is an ISO-8601 string with a zone ({@code Z} or {@code +02:00}) or integer epoch millis. Features
 * keep their order in the record; events with the same ordered feature names share one names list. Unknown
 * top-level fields are ignored (forward compatibility); {@code -0.0} is accepted as {@code 0.0}.
 *
 * <p>Parsed with Jackson's streaming parser: no tree per record, and no exceptions for invalid records except
 * Jackson's own syntax errors (rare, turned into {@code malformed_json}). Thread-safe.
 */
public final class EventFormat implements EventParser {
  private static final long serialVersionUID = 1L;

  private final EventRules rules;
  private transient JsonFactory json;
  private transient NameInterner interner;

  public EventFormat(EventRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
    init();
  }

  public EventFormat() {
    this(EventRules.defaults());
  }

  private void init() {
    // NaN/Infinity literals parse so that they are reported as non_finite rather than malformed_json
    json = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    interner = new NameInterner();
  }

  private Object readResolve() {
    return new EventFormat(rules);
  }

  public EventRules rules() {
    return rules;
  }

  @Override
  public Parsed parse(byte[] value) {
    Parsed.Rejected raw = rules.checkRaw(value);
    if (raw != null) {
      return raw;
    }
    Verdict v = new Verdict();
    try (JsonParser p = json.createParser(value)) {
      return read(p, v);
    } catch (IOException e) { // Jackson's syntax and limit errors
      return new Parsed.Rejected(DlqReason.MALFORMED_JSON, Verdict.cap(jacksonMessage(e)));
    }
  }

  private Parsed read(JsonParser p, Verdict v) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      return new Parsed.Rejected(DlqReason.MALFORMED_JSON, "no JSON value (only whitespace)");
    }
    if (t != JsonToken.START_OBJECT) {
      v.add(DlqReason.NOT_AN_OBJECT, "the record must be a JSON object {\"key\":..,\"ts\":..,\"values\":{..}}; got "
          + describe(t));
      p.skipChildren();
      return finish(p, v, null);
    }
    String key = null;        // null: absent or JSON null
    boolean keyWrongType = false;
    int keyCount = 0;
    long ts = Timestamps.INVALID; // stays INVALID (with a bad_ts verdict) unless valid and in range
    boolean tsPresent = false; // present and not null
    int tsCount = 0;
    Features f = null;         // null: absent or JSON null
    boolean valuesWrongType = false;
    int valuesCount = 0;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      t = p.nextToken();
      switch (field) {
        case "key":
          if (++keyCount == 2) {
            v.add(DlqReason.DUPLICATE_FIELD, "field \"key\" appears more than once");
          }
          if (t == JsonToken.VALUE_STRING) {
            key = p.getText();
          } else if (t != JsonToken.VALUE_NULL) {
            v.add(DlqReason.WRONG_TYPE, "\"key\" must be a string; got " + describe(t));
            keyWrongType = true;
            p.skipChildren();
          }
          break;
        case "ts":
          if (++tsCount == 2) {
            v.add(DlqReason.DUPLICATE_FIELD, "field \"ts\" appears more than once");
          }
          if (t != JsonToken.VALUE_NULL) {
            tsPresent = true;
            ts = readTs(p, t, v);
          }
          break;
        case "values":
          if (++valuesCount == 2) {
            v.add(DlqReason.DUPLICATE_FIELD, "field \"values\" appears more than once");
          }
          if (t == JsonToken.START_OBJECT) {
            f = readValues(p, v);
          } else if (t != JsonToken.VALUE_NULL) {
            v.add(DlqReason.WRONG_TYPE, "\"values\" must be an object of feature name to number; got "
                + describe(t));
            valuesWrongType = true;
            p.skipChildren();
          }
          break;
        default:
          p.skipChildren(); // unknown fields are ignored, but must still be well-formed JSON
      }
    }
    if (!keyWrongType) {
      rules.checkKey(key, v);
    }
    if (!tsPresent) {
      v.add(DlqReason.MISSING_TS, "record has no \"ts\" (ISO-8601 string or epoch millis)");
    }
    if (f == null) {
      if (!valuesWrongType) {
        v.add(DlqReason.MISSING_VALUES, "record has no \"values\" object");
      }
    } else if (f.n == 0) {
      v.add(DlqReason.MISSING_VALUES, "\"values\" is empty; it needs at least one feature");
    } else {
      rules.checkRequired(f.names, f.n, v);
    }
    return finish(p, v, v.failed() ? null
        : new Event(key, ts, interner.intern(f.names, f.n), Arrays.copyOf(f.values, f.n)));
  }

  /** Rejects trailing content after the root value, then returns the verdict. */
  private static Parsed finish(JsonParser p, Verdict v, Event e) throws IOException {
    JsonToken after = p.nextToken();
    if (after != null) {
      return new Parsed.Rejected(DlqReason.MALFORMED_JSON, "trailing content after the JSON value: "
          + describe(after) + " at byte " + p.currentTokenLocation().getByteOffset());
    }
    return v.failed() ? v.rejected() : new Parsed.Ok(e);
  }

  private long readTs(JsonParser p, JsonToken t, Verdict v) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType nt = p.getNumberType();
      if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
        return rules.checkTs(p.getLongValue(), v);
      }
      v.add(DlqReason.BAD_TS, "ts " + Verdict.quote(p.getText()) + " does not fit epoch millis");
      return Timestamps.INVALID;
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      long ms = Timestamps.parseIso(s, false);
      if (ms == Timestamps.INVALID) {
        v.add(DlqReason.BAD_TS, "ts " + Verdict.quote(s) + " is not ISO-8601 with a zone, e.g."
            + " 2014-07-01T00:00:00Z or 2014-07-01T02:00:00+02:00");
        return Timestamps.INVALID;
      }
      return rules.checkTs(ms, v);
    }
    String shown = t == JsonToken.VALUE_NUMBER_FLOAT ? "the float " + p.getText() : describe(t);
    v.add(DlqReason.BAD_TS, "ts must be integer epoch millis or an ISO-8601 string; got " + shown);
    p.skipChildren();
    return Timestamps.INVALID;
  }

  private Features readValues(JsonParser p, Verdict v) throws IOException {
    Features f = new Features();
    JsonToken t;
    int seen = 0;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      if (++seen > rules.maxValues()) {
        if (seen == rules.maxValues() + 1) {
          v.add(DlqReason.TOO_MANY_VALUES, "\"values\" has more than " + rules.maxValues()
              + " features (maxValues)");
        }
        p.skipChildren();
        continue;
      }
      if (EventRules.indexOf(f.names, f.n, name) >= 0) {
        v.add(DlqReason.DUPLICATE_FIELD, "feature " + Verdict.quote(name) + " appears more than once in \"values\"");
        p.skipChildren();
        continue;
      }
      if (name.isEmpty()) {
        v.add(DlqReason.WRONG_TYPE, "feature names must be non-empty strings");
      }
      double x;
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        x = rules.checkValue(name, p.getDoubleValue(), v);
      } else {
        v.add(DlqReason.WRONG_TYPE, "feature " + Verdict.quote(name) + " must be a number; got " + describe(t));
        p.skipChildren();
        x = Double.NaN;
      }
      f.add(name, x);
    }
    return f;
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_OBJECT: return "an object";
      case START_ARRAY: return "an array";
      case VALUE_STRING: return "a string";
      case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "a number";
      case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
      case VALUE_NULL: return "null";
      default: return t.toString();
    }
  }

  static String jacksonMessage(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    String head = nl < 0 ? m : m.substring(0, nl);
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
      com.fasterxml.jackson.core.JsonLocation loc = ((com.fasterxml.jackson.core.JsonProcessingException) e)
          .getLocation();
      if (loc != null && loc.getByteOffset() >= 0) {
        head += " (at byte " + loc.getByteOffset() + ")";
      }
    }
    return head;
  }

  /** Scratch for one record's features. */
  private static final class Features {
    String[] names = new String[4];
    double[] values = new double[4];
    int n;

    void add(String name, double x) {
      if (n == names.length) {
        names = Arrays.copyOf(names, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      names[n] = name;
      values[n++] = x;
    }
  }
}
