package io.tidecast.connectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);

  @Test
  void decoderKeepsBytesAndSourceCoordinates() {
    EventDecoder decoder = new EventDecoder(new EventFormat(), CLOCK);
    byte[] key = "sensor-7".getBytes(StandardCharsets.UTF_8);
    byte[] value = "{\"key\":\"sensor-7\",\"ts\":1,\"values\":{\"value\":NaN}}".getBytes(StandardCharsets.UTF_8);
    Decoded d = decoder.decode(key, value, "events", 3, 12345L);
    DeadLetter dl = assertInstanceOf(Decoded.Invalid.class, d).deadLetter();
    assertSame(value, dl.value());
    assertSame(key, dl.key());
    assertEquals("events", dl.sourceTopic());
    assertEquals(3, dl.sourcePartition());
    assertEquals(12345L, dl.sourceOffset());
    assertEquals(DlqReason.NON_FINITE, dl.reason());
    assertEquals(1_700_000_000_123L, dl.ingestTime());

    Decoded ok = decoder.decode(new ConsumerRecord<>("events", 0, 7L, null,
        "{\"key\":\"a\",\"ts\":1,\"values\":{\"value\":2}}".getBytes(StandardCharsets.UTF_8)));
    assertEquals("a", assertInstanceOf(Decoded.Valid.class, ok).event().key());
  }

  @Test
  void parserBugsBecomeInternalErrorsNotCrashes() {
    EventParser broken = v -> {
      throw new IllegalStateException("boom");
    };
    DeadLetter dl = assertInstanceOf(Decoded.Invalid.class,
        new EventDecoder(broken, CLOCK).decode(null, new byte[] {1}, "t", 0, 0)).deadLetter();
    assertEquals(DlqReason.INTERNAL_ERROR, dl.reason());
  }

  @Test
  void producerRecordCarriesOriginalBytesAndHeaders() {
    byte[] key = {1, 2};
    byte[] value = {(byte) 0xC3, 0x28};
    DeadLetter dl = new DeadLetter(key, value, "events", 2, 99L, DlqReason.INVALID_UTF8, "invalid UTF-8 at byte 0",
        1_700_000_000_123L);
    ProducerRecord<byte[], byte[]> pr = dl.toProducerRecord("events.dlq");
    assertEquals("events.dlq", pr.topic());
    assertNull(pr.partition());
    assertEquals(1_700_000_000_123L, pr.timestamp());
    assertArrayEquals(key, pr.key());
    assertArrayEquals(value, pr.value());
    assertEquals("invalid_utf8", header(pr, "tidecast.dlq.reason"));
    assertEquals("invalid UTF-8 at byte 0", header(pr, "tidecast.dlq.detail"));
    assertEquals("events", header(pr, "tidecast.dlq.source.topic"));
    assertEquals("2", header(pr, "tidecast.dlq.source.partition"));
    assertEquals("99", header(pr, "tidecast.dlq.source.offset"));

    ConsumerRecord<byte[], byte[]> cr = new ConsumerRecord<>("events.dlq", 0, 5L, pr.timestamp(),
        TimestampType.CREATE_TIME, 2, 2, key, value, pr.headers(), Optional.empty());
    assertEquals(dl, DeadLetter.fromRecord(cr));

    DeadLetter unknown = new DeadLetter(null, value, null, -7, -1, DlqReason.MALFORMED_CSV, "x", 0);
    ProducerRecord<byte[], byte[]> pu = unknown.toProducerRecord("dlq");
    Set<String> names = new HashSet<>();
    for (Header h : pu.headers()) {
      names.add(h.key());
    }
    assertEquals(Set.of("tidecast.dlq.reason", "tidecast.dlq.detail"), names);
    assertEquals(DeadLetter.UNKNOWN_PARTITION, unknown.sourcePartition());
    assertEquals(unknown, DeadLetter.fromRecord(new ConsumerRecord<>("dlq", 0, 0L, 0L, TimestampType.CREATE_TIME,
        -1, 2, null, value, pu.headers(), Optional.empty())));
  }

  @Test
  void reasonCodesAreStableAndUnique() {
    Set<String> codes = new HashSet<>();
    for (DlqReason r : DlqReason.values()) {
      assertEquals(r.name().toLowerCase(java.util.Locale.ROOT), r.code(), "codes are the snake_case names");
      assertSame(r, DlqReason.fromCode(r.code()));
      codes.add(r.code());
    }
    assertEquals(DlqReason.values().length, codes.size());
    assertThrows(IllegalArgumentException.class, () -> DlqReason.fromCode("nope"));
    assertEquals(Arrays.asList("empty_record", "oversized", "invalid_utf8", "malformed_json", "malformed_csv",
        "not_an_object", "duplicate_field", "too_many_values", "missing_key", "empty_key", "key_too_long",
        "missing_ts", "bad_ts", "missing_values", "wrong_type", "non_finite", "out_of_range", "missing_target",
        "missing_feature", "internal_error", "late"), Arrays.stream(DlqReason.values()).map(DlqReason::code).toList());
  }

  static String header(ProducerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
