package io.tidecast.connectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.Forecast;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForecastFormatTest {
  static final ForecastFormat FORMAT = new ForecastFormat();

  @Test
  void writesTheDocumentedLayout() {
    Forecast f = Forecast.evenlySpaced("sensor-7", "value", 1404172800000L, 1_800_000L,
        new double[] {10901.5, -0.25}, 42, OptionalDouble.of(312.25));
    String expected = "{\"key\":\"sensor-7\",\"target\":\"value\",\"origin_ts\":\"2014-07-01T00:00:00Z\","
        + "\"origin_ts_ms\":1404172800000,\"model_version\":42,\"horizon\":2,\"steps\":["
        + "{\"h\":1,\"ts\":\"2014-07-01T00:30:00Z\",\"ts_ms\":1404174600000,\"value\":10901.5},"
        + "{\"h\":2,\"ts\":\"2014-07-01T01:00:00Z\",\"ts_ms\":1404176400000,\"value\":-0.25}],"
        + "\"prequential_error\":{\"mae\":312.25}}";
    assertEquals(expected, new String(FORMAT.write(f), StandardCharsets.UTF_8));
    assertEquals(f, FORMAT.parse(expected.getBytes(StandardCharsets.UTF_8)));
    byte[] kafka = new ForecastJsonSerializer().serialize("forecasts", f);
    assertArrayEquals(FORMAT.write(f), kafka);
  }

  @Test
  void omitsAbsentErrorAndWritesNonFiniteAsNull() {
    Forecast f = new Forecast("k \"q\" \u00e9", "y", 5, new long[] {6}, new double[] {Double.NaN}, 0,
        OptionalDouble.empty());
    String json = new String(FORMAT.write(f), StandardCharsets.UTF_8);
    assertTrue(!json.contains("prequential_error"), json);
    assertTrue(json.contains("\"value\":null"), json);
    assertTrue(json.contains("\"origin_ts\":\"1970-01-01T00:00:00.005Z\""), json);
    assertEquals(f, FORMAT.parse(FORMAT.write(f)));
  }

  @Test
  void randomDoublesRoundTripBitForBitWithShortestDigits() {
    SplittableRandom r = new SplittableRandom(99);
    for (int i = 0; i < 5_000; i++) {
      double[] v = new double[1 + r.nextInt(4)];
      for (int k = 0; k < v.length; k++) {
        double d;
        do {
          d = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
        } while (!Double.isFinite(d));
        v[k] = d;
      }
      v[0] = i == 0 ? 2.82879384806159E17 : i == 1 ? Double.MIN_VALUE : i == 2 ? -Double.MAX_VALUE : v[0];
      double err = Math.abs(Double.longBitsToDouble(r.nextLong()));
      Forecast f = Forecast.evenlySpaced("k", "y", 1000L * r.nextInt(1 << 30), 1 + r.nextInt(1000), v,
          r.nextInt(1 << 20), Double.isFinite(err) ? OptionalDouble.of(err) : OptionalDouble.empty());
      byte[] json = FORMAT.write(f);
      Forecast back = FORMAT.parse(json);
      for (int h = 1; h <= v.length; h++) {
        assertEquals(Double.doubleToRawLongBits(v[h - 1]), Double.doubleToRawLongBits(back.value(h)));
      }
      assertEquals(f, back);
      String s = new String(json, StandardCharsets.UTF_8);
      String first = s.substring(s.indexOf("\"value\":") + 8, s.indexOf('}', s.indexOf("\"value\":")));
      assertShortest(v[0], first);
    }
  }

  /** No decimal with fewer significant digits (below Java's 2-digit minimum) reads back to {@code d}: both neighbours at k-1 digits fail. */
  static void assertShortest(double d, String text) {
    assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(text)), text);
    int k = new BigDecimal(text).stripTrailingZeros().precision();
    if (k <= 2) {
      return; // Java's Double.toString spec (Schubfach) prints 2 digits where 1 would do, e.g. 4.9E-324
    }
    BigDecimal exact = new BigDecimal(d);
    for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
      String shorter = exact.round(new MathContext(k - 1, mode)).toString();
      assertNotEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(shorter)),
          () -> text + " is not shortest: " + shorter + " reads back to the same double");
    }
  }

  @Test
  void parserRejectsInconsistentForecasts() {
    String good = new String(FORMAT.write(Forecast.evenlySpaced("k", "y", 0, 10, new double[] {1, 2}, 1,
        OptionalDouble.empty())), StandardCharsets.UTF_8);
    for (String bad : new String[] {good.replace("\"horizon\":2", "\"horizon\":3"),
        good.replace("\"h\":2", "\"h\":3"), good.replace("\"ts_ms\":20", "\"ts_ms\":21"),
        good.replace("\"key\":\"k\",", ""), good.substring(0, good.length() - 1), good + "{}",
        good.replace("\"value\":1.0", "\"value\":\"1\""), "[]"}) {
      assertThrows(IllegalArgumentException.class, () -> FORMAT.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
    }
  }
}
