package io.tidecast.kstreams;

import io.tidecast.connectors.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Where an event came from, carried through the repartition topic in headers: after the hop the record
 * context names the repartition topic, but a dead letter made later (a late event) must name the original
 * topic/partition/offset and keep the original Kafka key bytes.
 */
record SourceCoordinates(byte[] key, String topic, int partition, long offset) {
  static final String KEY = "tidecast.src.key";
  static final String TOPIC = "tidecast.src.topic";
  static final String PARTITION = "tidecast.src.partition";
  static final String OFFSET = "tidecast.src.offset";

  static final SourceCoordinates UNKNOWN =
      new SourceCoordinates(null, null, DeadLetter.UNKNOWN_PARTITION, DeadLetter.UNKNOWN_OFFSET);

  /** Fresh headers (the input record's own headers are not carried along). */
  Headers toHeaders() {
    RecordHeaders h = new RecordHeaders();
    if (key != null) {
      h.add(KEY, key);
    }
    if (topic != null) {
      h.add(TOPIC, topic.getBytes(StandardCharsets.UTF_8));
    }
    if (partition >= 0) {
      h.add(PARTITION, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
    }
    if (offset >= 0) {
      h.add(OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
    }
    return h;
  }

  /** Reads {@link #toHeaders()}; anything missing or unreadable is "unknown", never an exception. */
  static SourceCoordinates fromHeaders(Headers h) {
    Header key = h.lastHeader(KEY);
    return new SourceCoordinates(key == null ? null : key.value(), text(h, TOPIC),
        (int) number(h, PARTITION, DeadLetter.UNKNOWN_PARTITION), number(h, OFFSET, DeadLetter.UNKNOWN_OFFSET));
  }

  private static String text(Headers h, String name) {
    Header x = h.lastHeader(name);
    return x == null || x.value() == null ? null : new String(x.value(), StandardCharsets.UTF_8);
  }

  private static long number(Headers h, String name, long unknown) {
    String s = text(h, name);
    if (s == null) {
      return unknown;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return unknown;
    }
  }
}
