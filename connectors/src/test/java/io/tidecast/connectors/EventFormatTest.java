package io.tidecast.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventFormatTest {
  static final long JULY_1_2014 = 1404172800000L; // 2014-07-01T00:00:00Z
  static final EventRules RULES = EventRules.builder().target("value").features(List.of("value", "temp")).build();
  static final EventFormat STRICT = new EventFormat(RULES);
  static final EventFormat PLAIN = new EventFormat();

  static Parsed parse(EventFormat f, String json) {
    return f.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static Event ok(EventFormat f, String json) {
    Parsed p = parse(f, json);
    assertInstanceOf(Parsed.Ok.class, p, () -> json + " -> " + p);
    return ((Parsed.Ok) p).event();
  }

  static void rejected(EventFormat f, byte[] bytes, DlqReason reason) {
    Parsed p = f.parse(bytes);
    assertInstanceOf(Parsed.Rejected.class, p, () -> new String(bytes, StandardCharsets.UTF_8) + " -> " + p);
    assertEquals(reason, ((Parsed.Rejected) p).reason(), () -> new String(bytes, StandardCharsets.UTF_8)
        + " -> " + ((Parsed.Rejected) p).detail());
    assertTrue(!((Parsed.Rejected) p).detail().isEmpty());
  }

  @Test
  void documentedExampleParsesExactly() {
    Event e = ok(PLAIN, "{\"key\":\"sensor-7\",\"ts\":\"2014-07-01T00:00:00Z\",\"values\":{\"value\":10844.0}}");
    assertEquals(new Event("sensor-7", JULY_1_2014, List.of("value"), new double[] {10844.0}), e);
    Event m = ok(STRICT, "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"temp\":-3.5,\"value\":1e3}}");
    assertEquals(new Event("k", JULY_1_2014, List.of("temp", "value"), new double[] {-3.5, 1000.0}), m);
  }

  @Test
  void timestampForms() {
    String tail = ",\"values\":{\"value\":1}}";
    assertEquals(JULY_1_2014, ok(PLAIN, "{\"key\":\"k\",\"ts\":\"2014-07-01T02:00:00+02:00\"" + tail).timestamp());
    assertEquals(JULY_1_2014 + 123, ok(PLAIN, "{\"key\":\"k\",\"ts\":\"2014-06-30T19:00:00.123456-05:00\"" + tail)
        .timestamp());
    assertEquals(JULY_1_2014, ok(PLAIN, "{\"key\":\"k\",\"ts\":1404172800000" + tail).timestamp());
    assertEquals(0L, ok(PLAIN, "{\"key\":\"k\",\"ts\":0" + tail).timestamp());
    for (String bad : new String[] {"1404172800000.0", "1.4041728E12", "\"2014-07-01T00:00:00\"", "\"2014-07-01\"",
        "\"2014-02-30T00:00:00Z\"", "\"2014-07-01T24:00:00Z\"", "\"yesterday\"", "-1", "true", "{}", "[1]",
        "\"1969-12-31T23:59:59Z\"", "\"2501-01-01T00:00:00Z\"", "99999999999999999999", "16756761600000",
        "-9223372036854775808"}) {
      rejected(PLAIN, ("{\"key\":\"k\",\"ts\":" + bad + tail).getBytes(StandardCharsets.UTF_8), DlqReason.BAD_TS);
    }
    // the last millisecond of 2500 is still accepted
    assertEquals(16756761599999L, ok(PLAIN, "{\"key\":\"k\",\"ts\":\"2500-12-31T23:59:59.999Z\"" + tail).timestamp());
  }

  @Test
  void negativeZeroBecomesZeroAndUnknownFieldsAreIgnored() {
    Event e = ok(PLAIN, "{\"v\":2,\"key\":\"k\",\"extra\":{\"a\":[1,{\"b\":null}],\"c\":NaN},\"ts\":5,"
        + "\"values\":{\"value\":-0.0,\"x\":-0}}");
    assertEquals(0, Double.compare(0.0, e.value(0)), "-0.0 must be normalised to +0.0");
    assertEquals(0, Double.compare(0.0, e.value(1)));
    assertEquals(5L, e.timestamp());
  }

  @Test
  void sameSchemaSharesOneNamesList() {
    Event a = ok(STRICT, "{\"key\":\"a\",\"ts\":1,\"values\":{\"value\":1,\"temp\":2}}");
    Event b = ok(STRICT, "{\"key\":\"b\",\"ts\":2,\"values\":{\"value\":3,\"temp\":4}}");
    Event c = ok(STRICT, "{\"key\":\"c\",\"ts\":3,\"values\":{\"temp\":4,\"value\":3}}");
    Event d = ok(STRICT, "{\"key\":\"d\",\"ts\":4,\"values\":{\"value\":5,\"temp\":6}}");
    assertSame(a.names(), b.names());
    assertSame(a.names(), d.names(), "interning survives a different schema in between");
    assertEquals(List.of("temp", "value"), c.names());
  }

  @Test
  void limitsAreConfigurable() {
    EventFormat small = new EventFormat(EventRules.builder().maxBytes(64).maxKeyLength(3).maxAbs(10)
        .maxValues(2).build());
    rejected(small, ("{\"key\":\"k\",\"ts\":1,\"values\":{\"v\":1}}" + " ".repeat(40)).getBytes(StandardCharsets.UTF_8),
        DlqReason.OVERSIZED);
    ok(small, "{\"key\":\"abc\",\"ts\":1,\"values\":{\"v\":-10,\"w\":10}}");
    rejected(small, b("{\"key\":\"abcd\",\"ts\":1,\"values\":{\"v\":1}}"), DlqReason.KEY_TOO_LONG);
    rejected(small, b("{\"key\":\"k\",\"ts\":1,\"values\":{\"v\":10.000001}}"), DlqReason.OUT_OF_RANGE);
    rejected(small, b("{\"key\":\"k\",\"ts\":1,\"values\":{\"a\":1,\"b\":2,\"c\":3}}"), DlqReason.TOO_MANY_VALUES);
  }

  @Test
  void defaultLimitBoundaries() {
    ok(PLAIN, "{\"key\":\"" + "k".repeat(256) + "\",\"ts\":1,\"values\":{\"v\":1e15,\"w\":-1e15}}");
    rejected(PLAIN, b("{\"key\":\"" + "k".repeat(257) + "\",\"ts\":1,\"values\":{\"v\":1}}"), DlqReason.KEY_TOO_LONG);
    rejected(PLAIN, b("{\"key\":\"k\",\"ts\":1,\"values\":{\"v\":1.0000000000000002e15}}"), DlqReason.OUT_OF_RANGE);
    StringBuilder many = new StringBuilder("{\"key\":\"k\",\"ts\":1,\"values\":{");
    for (int i = 0; i < 257; i++) {
      many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
    }
    String json257 = many + "}}";
    rejected(PLAIN, b(json257), DlqReason.TOO_MANY_VALUES);
    ok(PLAIN, json257.replace(",\"f256\":256", ""));
    byte[] big = new byte[64 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    byte[] head = b("{\"key\":\"k\",\"ts\":1,\"values\":{\"v\":1}}");
    System.arraycopy(head, 0, big, 0, head.length);
    rejected(PLAIN, big, DlqReason.OVERSIZED);
    ok(PLAIN, new String(big, 0, 64 * 1024, StandardCharsets.UTF_8)); // exactly 64 KiB is fine
  }

  static Stream<Arguments> hostile() {
    String v = ",\"values\":{\"value\":1.5,\"temp\":2}";
    String okTail = ",\"ts\":1" + v + "}";
    byte[] mb = new byte[1 << 20];
    java.util.Arrays.fill(mb, (byte) 'a');
    return Stream.of(
        a(new byte[0], DlqReason.EMPTY_RECORD),
        a(null, DlqReason.EMPTY_RECORD),
        a(mb, DlqReason.OVERSIZED),
        a(new byte[] {'{', '"', 'k', (byte) 0xC3, (byte) 0x28, '"', '}'}, DlqReason.INVALID_UTF8),
        a(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, DlqReason.INVALID_UTF8), // surrogate
        a(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}, DlqReason.INVALID_UTF8), // overlong '/'
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":1.5"), DlqReason.MALFORMED_JSON), // truncated
        a(b("{\"key\":\"k\",\"ts\":1,\"val"), DlqReason.MALFORMED_JSON),
        a(b("{\"key\":1,\"ts\":1,\"values\":{\"value\":1"), DlqReason.MALFORMED_JSON), // syntax beats content
        a(b("{key:\"k\"}"), DlqReason.MALFORMED_JSON),
        a(b("{\"key\":\"k\"" + okTail + " {}"), DlqReason.MALFORMED_JSON), // trailing content
        a(b("{\"key\":\"k\"" + okTail + "x"), DlqReason.MALFORMED_JSON),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":01}}"), DlqReason.MALFORMED_JSON),
        a(b("   "), DlqReason.MALFORMED_JSON),
        a(b("[1,2]"), DlqReason.NOT_AN_OBJECT),
        a(b("\"text\""), DlqReason.NOT_AN_OBJECT),
        a(b("42"), DlqReason.NOT_AN_OBJECT),
        a(b("null"), DlqReason.NOT_AN_OBJECT),
        a(b("{\"key\":\"k\",\"ts\":1,\"ts\":2" + v + "}"), DlqReason.DUPLICATE_FIELD),
        a(b("{\"key\":\"k\",\"key\":\"k\"" + okTail), DlqReason.DUPLICATE_FIELD),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":1,\"temp\":2,\"value\":3}}"), DlqReason.DUPLICATE_FIELD),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":1"
            + manyFeatures(300) + "}}"), DlqReason.TOO_MANY_VALUES),
        a(b("{\"ts\":1" + v + "}"), DlqReason.MISSING_KEY),
        a(b("{\"key\":null" + okTail), DlqReason.MISSING_KEY),
        a(b("{\"key\":\"\"" + okTail), DlqReason.EMPTY_KEY),
        a(b("{\"key\":\" \\t\"" + okTail), DlqReason.EMPTY_KEY),
        a(b("{\"key\":\"" + "x".repeat(300) + "\"" + okTail), DlqReason.KEY_TOO_LONG),
        a(b("{\"key\":\"k\"" + v + "}"), DlqReason.MISSING_TS),
        a(b("{\"key\":\"k\",\"ts\":null" + v + "}"), DlqReason.MISSING_TS),
        a(b("{\"key\":\"k\",\"ts\":\"soon\"" + v + "}"), DlqReason.BAD_TS),
        a(b("{\"key\":\"k\",\"ts\":1}"), DlqReason.MISSING_VALUES),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{}}"), DlqReason.MISSING_VALUES),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":null}"), DlqReason.MISSING_VALUES),
        a(b("{\"key\":1" + okTail), DlqReason.WRONG_TYPE),
        a(b("{\"key\":[\"k\"]" + okTail), DlqReason.WRONG_TYPE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":[1,2]}"), DlqReason.WRONG_TYPE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":\"1.5\",\"temp\":2}}"), DlqReason.WRONG_TYPE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":true,\"temp\":2}}"), DlqReason.WRONG_TYPE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":null,\"temp\":2}}"), DlqReason.WRONG_TYPE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":{\"x\":1},\"temp\":2}}"), DlqReason.WRONG_TYPE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":NaN,\"temp\":2}}"), DlqReason.NON_FINITE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":Infinity,\"temp\":2}}"), DlqReason.NON_FINITE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":-Infinity,\"temp\":2}}"), DlqReason.NON_FINITE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":1e400,\"temp\":2}}"), DlqReason.NON_FINITE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":-1" + "0".repeat(400) + ",\"temp\":2}}"),
            DlqReason.NON_FINITE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":2e15,\"temp\":2}}"), DlqReason.OUT_OF_RANGE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":-1e300,\"temp\":2}}"), DlqReason.OUT_OF_RANGE),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"temp\":2}}"), DlqReason.MISSING_TARGET),
        a(b("{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":2,\"Temp\":2}}"), DlqReason.MISSING_FEATURE),
        // precedence: several problems, the earliest-declared reason wins whatever the field order
        a(b("{\"key\":1}"), DlqReason.MISSING_TS),
        a(b("{\"values\":{\"value\":NaN},\"ts\":\"bad\",\"key\":\"\"}"), DlqReason.EMPTY_KEY),
        a(b("{\"values\":{\"value\":NaN},\"key\":\"k\",\"ts\":1,\"ts\":2}"), DlqReason.DUPLICATE_FIELD));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostileRecordGetsExactReason(byte[] bytes, DlqReason reason) {
    rejected(STRICT, bytes, reason);
  }

  @Test
  void everyJsonReasonIsCovered() {
    Set<DlqReason> covered = EnumSet.noneOf(DlqReason.class);
    hostile().forEach(a -> covered.add((DlqReason) a.get()[1]));
    Set<DlqReason> expected = EnumSet.allOf(DlqReason.class);
    expected.remove(DlqReason.MALFORMED_CSV); // CSV only
    expected.remove(DlqReason.INTERNAL_ERROR); // EventDecoderTest
    expected.remove(DlqReason.LATE); // set by the job, not by parsing (kafka.JobOptionsTest)
    assertEquals(expected, covered);
  }

  @Test
  void survivesJavaSerialisation() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(STRICT);
    }
    EventFormat copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (EventFormat) in.readObject();
    }
    assertEquals(RULES.toString(), copy.rules().toString());
    rejected(copy, b("{\"key\":\"k\",\"ts\":1,\"values\":{\"temp\":2}}"), DlqReason.MISSING_TARGET);
    ok(copy, "{\"key\":\"k\",\"ts\":1,\"values\":{\"temp\":2,\"value\":1}}");
  }

  static String manyFeatures(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(",\"g").append(i).append("\":").append(i);
    }
    return sb.toString();
  }

  static Arguments a(byte[] bytes, DlqReason r) {
    return Arguments.of(bytes, r);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
