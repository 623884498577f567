package io.tidecast.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidecast.stream.Event;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvEventFormatTest {
  static final EventRules RULES = EventRules.builder().target("value").build();
  static final CsvEventFormat NAB = CsvEventFormat.singleSeries("nyc_taxi", List.of("value"), RULES);
  static final CsvEventFormat KEYED = CsvEventFormat.keyed(List.of("value", "temp"),
      EventRules.builder().target("value").features(List.of("temp")).build());

  @Test
  void readsANabLikeFile() {
    String file = "timestamp,value\n2014-07-01 00:00:00,10844\n2014-07-01 00:30:00,8127\r\n\n"
        + "2014-07-01 01:00:00,6210.5\n2014-07-01 01:30:00,-0\n";
    List<Parsed> rows = NAB.readAll(new StringReader(file));
    assertEquals(4, rows.size());
    long t0 = 1404172800000L;
    double[] expected = {10844, 8127, 6210.5, 0.0};
    List<String> names = null;
    for (int i = 0; i < 4; i++) {
      Event e = ((Parsed.Ok) rows.get(i)).event();
      assertEquals(new Event("nyc_taxi", t0 + i * 1_800_000L, List.of("value"), new double[] {expected[i]}), e);
      if (names != null) {
        assertSame(names, e.names());
      }
      names = e.names();
    }
    assertEquals(0, Double.compare(0.0, ((Parsed.Ok) rows.get(3)).event().value(0)));
  }

  @Test
  void keyedLinesWithQuotesAndEveryTsForm() {
    assertEquals(new Event("a,b \"c\"", 1404172800000L, List.of("value", "temp"), new double[] {1.5, -2e3}),
        ok(KEYED, "\"a,b \"\"c\"\"\", 2014-07-01T02:00:00+02:00 , 1.5,-2e3"));
    assertEquals(1404172800000L, ok(KEYED, "k,1404172800000,1,2").timestamp());
    assertEquals(1404172800000L, ok(KEYED, "k,2014-07-01T00:00:00Z,1,2\n").timestamp());
    assertEquals(1404172800000L, ok(KEYED, "k,2014-07-01 00:00:00,+1,.5").timestamp());
    assertEquals("key,ts,value,temp", KEYED.header());
  }

  @Test
  void hostileLinesGetExactReasons() {
    rejected(KEYED, "", DlqReason.EMPTY_RECORD);
    rejected(KEYED, "k,1,2,3," + "9".repeat(70_000), DlqReason.OVERSIZED);
    assertEquals(DlqReason.INVALID_UTF8, ((Parsed.Rejected) KEYED.parse(new byte[] {'k', ',', (byte) 0xC3, 0x28}))
        .reason());
    rejected(KEYED, "k,1,2", DlqReason.MALFORMED_CSV);
    rejected(KEYED, "k,1,2,3,4", DlqReason.MALFORMED_CSV);
    rejected(KEYED, "\"k,1,2,3", DlqReason.MALFORMED_CSV);
    rejected(KEYED, "k\"x,1,2,3", DlqReason.MALFORMED_CSV);
    rejected(KEYED, ",1,2,3", DlqReason.EMPTY_KEY);
    rejected(KEYED, "  ,1,2,3", DlqReason.EMPTY_KEY);
    rejected(KEYED, "k".repeat(257) + ",1,2,3", DlqReason.KEY_TOO_LONG);
    rejected(KEYED, "k,,2,3", DlqReason.MISSING_TS);
    rejected(KEYED, "k,1404172800000.0,2,3", DlqReason.BAD_TS);
    rejected(KEYED, "k,2014-07-01,2,3", DlqReason.BAD_TS);
    rejected(KEYED, "k,-5,2,3", DlqReason.BAD_TS);
    rejected(KEYED, "k,99999999999999999999,2,3", DlqReason.BAD_TS);
    rejected(KEYED, "k,9999999999999999999,2,3", DlqReason.BAD_TS);
    rejected(KEYED, "k,1,abc,3", DlqReason.WRONG_TYPE);
    rejected(KEYED, "k,1,0x10,3", DlqReason.WRONG_TYPE);
    rejected(KEYED, "k,1,1d,3", DlqReason.WRONG_TYPE);
    rejected(KEYED, "k,1,true,3", DlqReason.WRONG_TYPE);
    rejected(KEYED, "k,1,NaN,3", DlqReason.NON_FINITE);
    rejected(KEYED, "k,1,-Infinity,3", DlqReason.NON_FINITE);
    rejected(KEYED, "k,1,1e400,3", DlqReason.NON_FINITE);
    rejected(KEYED, "k,1,2e15,3", DlqReason.OUT_OF_RANGE);
    rejected(KEYED, "k,1,,3", DlqReason.MISSING_TARGET);
    rejected(KEYED, "k,1,2,", DlqReason.MISSING_FEATURE);
    rejected(NAB, "timestamp,value", DlqReason.BAD_TS); // a header arriving as a record is not data
  }

  @Test
  void configErrorsSayWhatToDo() {
    assertThrows(IllegalArgumentException.class, () -> CsvEventFormat.singleSeries("k", List.of("x"), RULES));
    assertThrows(IllegalArgumentException.class, () -> CsvEventFormat.keyed(List.of("value", "value"), RULES));
    assertThrows(IllegalArgumentException.class, () -> CsvEventFormat.singleSeries(" ", List.of("value"), RULES));
  }

  static Event ok(CsvEventFormat f, String line) {
    Parsed p = f.parse(line.getBytes(StandardCharsets.UTF_8));
    assertInstanceOf(Parsed.Ok.class, p, () -> line + " -> " + p);
    return ((Parsed.Ok) p).event();
  }

  static void rejected(CsvEventFormat f, String line, DlqReason reason) {
    Parsed p = f.parse(line.getBytes(StandardCharsets.UTF_8));
    assertInstanceOf(Parsed.Rejected.class, p, () -> line + " -> " + p);
    assertEquals(reason, ((Parsed.Rejected) p).reason(), () -> line + " -> " + p);
  }
}
