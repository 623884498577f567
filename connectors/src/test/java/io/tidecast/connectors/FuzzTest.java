package io.tidecast.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tidecast.stream.Event;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random mutations of valid records: the parsers must never throw, and whatever they accept must be valid. */
class FuzzTest {
  static final EventRules RULES = EventRules.builder().target("value").features(List.of("temp")).build();
  static final String[] JSON_SEEDS = {
      "{\"key\":\"sensor-7\",\"ts\":\"2014-07-01T00:00:00Z\",\"values\":{\"value\":10844.0,\"temp\":21.5}}",
      "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"temp\":-3,\"value\":1e3,\"x\":0.5}}",
      "{\"values\":{\"value\":1,\"temp\":2},\"extra\":[1,{\"a\":null}],\"ts\":\"2014-07-01T02:00:00.5+02:00\","
          + "\"key\":\"\u00e9\u20ac\"}"};
  static final String[] CSV_SEEDS = {"sensor-7,2014-07-01 00:00:00,10844,21.5", "\"a,b\",1404172800000,1e3,-0.5",
      "k,2014-07-01T00:00:00Z,+1.25,3"};
  static final String[] TOKENS = {"NaN", "-Infinity", "1e400", "-0.0", "null", "true", "\"\"", "{", "}", "[", "]",
      ",", ":", "\"", "\\", "\\u0000", "1.5", "99999999999999999999", "\"ts\":1", "\"key\":\"k\"", "\"value\"",
      "\u00e9", "\t", "2014-13-01", "1e15", "1.0000001e15"};

  @Test
  void jsonMutationsNeverThrowAndAcceptedRecordsMatchAnIndependentParse() throws Exception {
    EventFormat format = new EventFormat(RULES);
    EventDecoder decoder = new EventDecoder(format);
    JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    SplittableRandom r = new SplittableRandom(20240701L);
    Map<DlqReason, Integer> seen = new EnumMap<>(DlqReason.class);
    int accepted = 0;
    for (int i = 0; i < 12_000; i++) {
      byte[] b = mutate(JSON_SEEDS[r.nextInt(JSON_SEEDS.length)].getBytes(StandardCharsets.UTF_8), r);
      Parsed p = format.parse(b);
      assertNotNull(p);
      Decoded d = decoder.decode(null, b, "t", 0, i);
      if (d instanceof Decoded.Invalid) {
        assertNotEquals(DlqReason.INTERNAL_ERROR, ((Decoded.Invalid) d).deadLetter().reason());
      }
      JsonNode tree;
      try {
        tree = mapper.readTree(b);
      } catch (Exception e) {
        tree = null;
      }
      if (p instanceof Parsed.Ok) {
        accepted++;
        Event e = ((Parsed.Ok) p).event();
        checkInvariants(e);
        assertNotNull(tree, () -> "accepted but the tree parser failed: " + new String(b, StandardCharsets.UTF_8));
        assertEquals(tree.get("key").textValue(), e.key());
        JsonNode ts = tree.get("ts");
        assertEquals(ts.isTextual() ? OffsetDateTime.parse(ts.textValue()).toInstant().toEpochMilli()
            : ts.longValue(), e.timestamp());
        Iterator<Map.Entry<String, JsonNode>> fields = tree.get("values").fields();
        for (int k = 0; k < e.size(); k++) {
          Map.Entry<String, JsonNode> f = fields.next();
          assertEquals(f.getKey(), e.names().get(k));
          assertEquals(Double.doubleToLongBits(f.getValue().doubleValue() + 0.0),
              Double.doubleToLongBits(e.value(k)));
        }
        assertTrue(!fields.hasNext());
      } else {
        DlqReason reason = ((Parsed.Rejected) p).reason();
        seen.merge(reason, 1, Integer::sum);
        if (tree == null && b.length > 0) {
          assertTrue(reason.ordinal() <= DlqReason.MALFORMED_JSON.ordinal(),
              () -> "unparseable JSON must be malformed_json (or earlier), got " + reason + ": "
                  + new String(b, StandardCharsets.UTF_8));
        } else if (tree != null) {
          assertNotEquals(DlqReason.MALFORMED_JSON, reason, () -> new String(b, StandardCharsets.UTF_8));
        }
      }
    }
    // the corpus must exercise both outcomes and many reasons, or it proves little
    assertTrue(accepted > 500, "accepted " + accepted);
    assertTrue(seen.size() >= 10, "reasons seen " + seen);
  }

  @Test
  void csvMutationsNeverThrow() {
    CsvEventFormat format = CsvEventFormat.keyed(List.of("value", "temp"), RULES);
    SplittableRandom r = new SplittableRandom(42);
    Map<DlqReason, Integer> seen = new EnumMap<>(DlqReason.class);
    int accepted = 0;
    for (int i = 0; i < 12_000; i++) {
      byte[] b = mutate(CSV_SEEDS[r.nextInt(CSV_SEEDS.length)].getBytes(StandardCharsets.UTF_8), r);
      Parsed p = format.parse(b);
      assertNotNull(p);
      if (p instanceof Parsed.Ok) {
        accepted++;
        checkInvariants(((Parsed.Ok) p).event());
      } else {
        seen.merge(((Parsed.Rejected) p).reason(), 1, Integer::sum);
      }
    }
    assertTrue(accepted > 500, "accepted " + accepted);
    assertTrue(seen.size() >= 8, "reasons seen " + seen);
  }

  static void checkInvariants(Event e) {
    assertTrue(!e.key().isBlank() && e.key().length() <= RULES.maxKeyLength());
    assertTrue(e.timestamp() >= 0 && e.timestamp() <= Timestamps.MAX_TS);
    assertTrue(e.names().contains("value") && e.names().contains("temp"));
    for (int k = 0; k < e.size(); k++) {
      double v = e.value(k);
      assertTrue(Double.isFinite(v) && Math.abs(v) <= RULES.maxAbs(), e::toString);
      assertNotEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(v));
    }
  }

  static byte[] mutate(byte[] seed, SplittableRandom r) {
    byte[] b = seed;
    int rounds = 1 + r.nextInt(3);
    for (int k = 0; k < rounds; k++) {
      int n = b.length;
      int at = n == 0 ? 0 : r.nextInt(n);
      switch (r.nextInt(7)) {
        case 0: // flip a byte
          if (n > 0) {
            b = b.clone();
            b[at] = (byte) r.nextInt(256);
          }
          break;
        case 1: // truncate
          b = java.util.Arrays.copyOf(b, at);
          break;
        case 2: { // delete a slice
          int len = Math.min(n - at, 1 + r.nextInt(8));
          b = concat(java.util.Arrays.copyOf(b, at), java.util.Arrays.copyOfRange(b, at + len, n));
          break;
        }
        case 3: // insert a token
          b = concat(concat(java.util.Arrays.copyOf(b, at), TOKENS[r.nextInt(TOKENS.length)]
              .getBytes(StandardCharsets.UTF_8)), java.util.Arrays.copyOfRange(b, at, n));
          break;
        case 4: { // duplicate a slice
          int len = Math.min(n - at, 1 + r.nextInt(20));
          b = concat(concat(java.util.Arrays.copyOf(b, at + len), java.util.Arrays.copyOfRange(b, at, at + len)),
              java.util.Arrays.copyOfRange(b, at + len, n));
          break;
        }
        case 5: { // replace a digit run with a token
          int s = at;
          while (s < n && (b[s] < '0' || b[s] > '9')) {
            s++;
          }
          int e = s;
          while (e < n && (b[e] >= '0' && b[e] <= '9' || b[e] == '.')) {
            e++;
          }
          b = concat(concat(java.util.Arrays.copyOf(b, s), TOKENS[r.nextInt(TOKENS.length)]
              .getBytes(StandardCharsets.UTF_8)), java.util.Arrays.copyOfRange(b, e, n));
          break;
        }
        default: // leave as is: valid records must keep passing
      }
    }
    return b;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
