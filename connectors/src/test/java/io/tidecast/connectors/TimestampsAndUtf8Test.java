package io.tidecast.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsAndUtf8Test {

  @Test
  void isoParsingAgreesWithJavaTime() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      String s = String.format("%04d-%02d-%02d%s%02d:%02d:%02d%s%s", 1900 + r.nextInt(700), r.nextInt(14),
          r.nextInt(33), r.nextBoolean() ? "T" : "t", r.nextInt(25), r.nextInt(61), r.nextInt(61),
          r.nextInt(3) == 0 ? "" : "." + "123456789".substring(0, 1 + r.nextInt(9)),
          r.nextBoolean() ? "Z" : String.format("%s%02d:%02d", r.nextBoolean() ? "+" : "-", r.nextInt(20),
              r.nextInt(60)));
      long expected;
      try {
        // java.time only knows 'T'; truncation to millis matches ours (floorDiv of a non-negative fraction)
        expected = OffsetDateTime.parse(s.replace('t', 'T')).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        expected = Timestamps.INVALID;
      }
      assertEquals(expected, Timestamps.parseIso(s, false), s);
    }
  }

  @Test
  void zoneLessIsUtcOnlyWhenAllowed() {
    assertEquals(1404172800000L, Timestamps.parseIso("2014-07-01 00:00:00", true));
    assertEquals(Timestamps.INVALID, Timestamps.parseIso("2014-07-01 00:00:00", false));
    assertEquals(951782400000L, Timestamps.parseIso("2000-02-29T00:00:00Z", false)); // leap day
    assertEquals(Timestamps.INVALID, Timestamps.parseIso("1900-02-29T00:00:00Z", false));
    assertEquals(Timestamps.INVALID, Timestamps.parseIso("2014-07-01T00:00:60Z", false)); // no leap seconds
    assertEquals(Timestamps.INVALID, Timestamps.parseIso("2014-07-01T00:00:00.Z", false));
    assertEquals(Timestamps.INVALID, Timestamps.parseIso("2014-07-01T00:00:00+0200", false));
  }

  @Test
  void formatMatchesInstantToString() {
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      long ms = i < 10 ? new long[] {0, 1, 999, 1000, 86_399_999, 86_400_000, 951782400000L, 253402300799999L,
          253402300800000L, -1}[i] : r.nextLong(-100_000_000_000_000L, 300_000_000_000_000L);
      if (i % 3 == 0) {
        ms -= Math.floorMod(ms, 1000); // whole seconds print without a fraction
      }
      assertEquals(Instant.ofEpochMilli(ms).toString(), Timestamps.format(ms), "ms=" + ms);
    }
  }

  @Test
  void utf8ValidationAgreesWithTheJdkDecoder() {
    SplittableRandom r = new SplittableRandom(3);
    byte[][] interesting = {{(byte) 0xC3, (byte) 0xA9}, {(byte) 0xC3, 0x28}, {(byte) 0xE2, (byte) 0x82, (byte) 0xAC},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
        {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xFF}, {(byte) 0x80}, {'a'}};
    for (int i = 0; i < 50_000; i++) {
      ByteBuffer buf = ByteBuffer.allocate(64);
      int parts = 1 + r.nextInt(5);
      for (int p = 0; p < parts; p++) {
        if (r.nextInt(3) == 0) {
          buf.put((byte) r.nextInt(256));
        } else {
          byte[] s = interesting[r.nextInt(interesting.length)];
          buf.put(s, 0, r.nextInt(4) == 0 ? r.nextInt(s.length + 1) : s.length); // sometimes truncated
        }
      }
      byte[] b = java.util.Arrays.copyOf(buf.array(), buf.position());
      boolean jdkValid;
      try {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
        jdkValid = true;
      } catch (CharacterCodingException e) {
        jdkValid = false;
      }
      assertEquals(jdkValid, Utf8.firstInvalid(b, 0, b.length) < 0, () -> java.util.Arrays.toString(b));
    }
  }
}
