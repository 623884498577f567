package io.tidecast.connectors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.tidecast.stream.Forecast;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The JSON forecast format (see {@code connectors/FORMATS.md}):
 * <pre>{"key":"sensor-7","target":"value","origin_ts":"2014-07-01T00:00:00Z","origin_ts_ms":1404172800000,
 *  "model_version":42,"horizon":2,"steps":[{"h":1,"ts":"2014-07-01T00:30:00Z","ts_ms":1404174600000,"value":10901.5},
 *  {"h":2,...}],"prequential_error":{"mae":312.25}}</pre>
 * Doubles are written as the shortest decimal that reads back to the same bits; a non-finite forecast value is
 * written as {@code null} (read back as NaN). {@code prequential_error} is omitted while there is none.
 * Thread-safe.
 */
public final class ForecastFormat implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient JsonFactory json;

  public ForecastFormat() {
    init();
  }

  private void init() {
    // Schubfach writer: shortest round-trip digits (JDK 17's Double.toString sometimes prints extra digits)
    json = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
  }

  private Object readResolve() {
    return new ForecastFormat();
  }

  /** UTF-8 JSON of one forecast, no trailing newline. */
  public byte[] write(Forecast f) {
    ByteArrayBuilder out = new ByteArrayBuilder(128 + 96 * f.horizon());
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("key", f.key());
      g.writeStringField("target", f.target());
      g.writeStringField("origin_ts", Timestamps.format(f.originTimestamp()));
      g.writeNumberField("origin_ts_ms", f.originTimestamp());
      g.writeNumberField("model_version", f.modelVersion());
      g.writeNumberField("horizon", f.horizon());
      g.writeArrayFieldStart("steps");
      for (int h = 1; h <= f.horizon(); h++) {
        g.writeStartObject();
        g.writeNumberField("h", h);
        g.writeStringField("ts", Timestamps.format(f.timestamp(h)));
        g.writeNumberField("ts_ms", f.timestamp(h));
        writeDouble(g, "value", f.value(h));
        g.writeEndObject();
      }
      g.writeEndArray();
      OptionalDouble err = f.prequentialError();
      if (err.isPresent()) {
        g.writeObjectFieldStart("prequential_error");
        writeDouble(g, "mae", err.getAsDouble());
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) { // cannot happen writing to memory
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeDouble(JsonGenerator g, String name, double x) throws IOException {
    if (Double.isFinite(x)) {
      g.writeNumberField(name, x);
    } else {
      g.writeNullField(name);
    }
  }

  /**
   * Reads a forecast written by {@link #write}; unknown fields are ignored. Throws
   * {@code IllegalArgumentException} saying what is wrong (this is for consumers and tests, not the hot path).
   */
  public Forecast parse(byte[] bytes) {
    try (JsonParser p = json.createParser(bytes)) {
      return read(p);
    } catch (IOException e) {
      throw new IllegalArgumentException("forecast is not valid JSON: " + EventFormat.jacksonMessage(e), e);
    }
  }

  private static Forecast read(JsonParser p) throws IOException {
    expect(p.nextToken() == JsonToken.START_OBJECT, "a forecast must be a JSON object");
    String key = null;
    String target = null;
    String originText = null;
    Long originMs = null;
    Long version = null;
    Integer horizon = null;
    long[] ts = new long[8];
    double[] values = new double[8];
    int n = -1;
    OptionalDouble error = OptionalDouble.empty();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "key": key = string(p, t, field); break;
        case "target": target = string(p, t, field); break;
        case "origin_ts": originText = string(p, t, field); break;
        case "origin_ts_ms": originMs = integer(p, t, field); break;
        case "model_version": version = integer(p, t, field); break;
        case "horizon": horizon = Math.toIntExact(integer(p, t, field)); break;
        case "steps":
          expect(t == JsonToken.START_ARRAY, "\"steps\" must be an array");
          n = 0;
          while (p.nextToken() == JsonToken.START_OBJECT) {
            if (n == ts.length) {
              ts = Arrays.copyOf(ts, n * 2);
              values = Arrays.copyOf(values, n * 2);
            }
            Long h = null;
            String stepText = null;
            Long stepMs = null;
            Double value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String sf = p.currentName();
              JsonToken st = p.nextToken();
              switch (sf) {
                case "h": h = integer(p, st, "h"); break;
                case "ts": stepText = string(p, st, "ts"); break;
                case "ts_ms": stepMs = integer(p, st, "ts_ms"); break;
                case "value": value = number(p, st, "value"); break;
                default: p.skipChildren();
              }
            }
            expect(h != null && h == n + 1, "step " + (n + 1) + " must have \"h\":" + (n + 1) + "; got " + h);
            expect(value != null, "step h=" + h + " has no \"value\"");
            ts[n] = time(stepText, stepMs, "step h=" + h + " ts");
            values[n++] = value;
          }
          expect(p.currentToken() == JsonToken.END_ARRAY, "\"steps\" must hold objects");
          break;
        case "prequential_error":
          if (t == JsonToken.VALUE_NULL) {
            break;
          }
          expect(t == JsonToken.START_OBJECT, "\"prequential_error\" must be an object like {\"mae\":1.5}");
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String ef = p.currentName();
            JsonToken et = p.nextToken();
            if (ef.equals("mae")) {
              Double d = number(p, et, "mae");
              error = d.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(d);
            } else {
              p.skipChildren();
            }
          }
          break;
        default:
          p.skipChildren();
      }
    }
    expect(p.nextToken() == null, "trailing content after the forecast object");
    expect(key != null, "forecast has no \"key\"");
    expect(target != null, "forecast has no \"target\"");
    expect(version != null, "forecast has no \"model_version\"");
    expect(n > 0, "forecast has no \"steps\"");
    expect(horizon == null || horizon == n, "\"horizon\" is " + horizon + " but there are " + n + " steps");
    long origin = time(originText, originMs, "origin ts");
    return new Forecast(key, target, origin, Arrays.copyOf(ts, n), Arrays.copyOf(values, n), version, error);
  }

  /** The millis field is authoritative; the ISO text must agree with it when both are present. */
  private static long time(String text, Long ms, String what) {
    long parsed = text == null ? Timestamps.INVALID : Timestamps.parseIso(text, false);
    if (ms != null) {
      expect(parsed == Timestamps.INVALID || parsed == ms, what + " '" + text + "' disagrees with the millis " + ms);
      return ms;
    }
    expect(text != null, what + " is missing");
    expect(parsed != Timestamps.INVALID, what + " '" + text + "' is not ISO-8601");
    return parsed;
  }

  private static String string(JsonParser p, JsonToken t, String field) throws IOException {
    expect(t == JsonToken.VALUE_STRING, "\"" + field + "\" must be a string");
    return p.getText();
  }

  private static long integer(JsonParser p, JsonToken t, String field) throws IOException {
    expect(t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER,
        "\"" + field + "\" must be an integer");
    return p.getLongValue();
  }

  private static Double number(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return Double.NaN;
    }
    expect(t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT, "\"" + field + "\" must be a number");
    return p.getDoubleValue();
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
