package io.tidecast.connectors;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A rejected record on its way to the dead-letter topic: the original key and value bytes untouched, where it
 * came from (when known), why it was rejected, and when. The byte arrays are not copied (records are large and
 * this is per record): do not mutate them.
 */
public final class DeadLetter {
  public static final String HEADER_REASON = "tidecast.dlq.reason";
  public static final String HEADER_DETAIL = "tidecast.dlq.detail";
  public static final String HEADER_SOURCE_TOPIC = "tidecast.dlq.source.topic";
  public static final String HEADER_SOURCE_PARTITION = "tidecast.dlq.source.partition";
  public static final String HEADER_SOURCE_OFFSET = "tidecast.dlq.source.offset";

  /** Partition or offset not known (e.g. a record read from a file). */
  public static final int UNKNOWN_PARTITION = -1;
  public static final long UNKNOWN_OFFSET = -1L;

  private final byte[] key;
  private final byte[] value;
  private final String sourceTopic;
  private final int sourcePartition;
  private final long sourceOffset;
  private final DlqReason reason;
  private final String detail;
  private final long ingestTime;

  /**
   * {@code key}, {@code value}, {@code sourceTopic} may be null; a negative partition or offset means unknown;
   * {@code ingestTime} is epoch millis when the record was rejected.
   */
  public DeadLetter(byte[] key, byte[] value, String sourceTopic, int sourcePartition, long sourceOffset,
      DlqReason reason, String detail, long ingestTime) {
    this.key = key;
    this.value = value;
    this.sourceTopic = sourceTopic;
    this.sourcePartition = sourcePartition < 0 ? UNKNOWN_PARTITION : sourcePartition;
    this.sourceOffset = sourceOffset < 0 ? UNKNOWN_OFFSET : sourceOffset;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = Objects.requireNonNull(detail, "detail");
    this.ingestTime = ingestTime;
  }

  public byte[] key() {
    return key;
  }

  public byte[] value() {
    return value;
  }

  public String sourceTopic() {
    return sourceTopic;
  }

  public int sourcePartition() {
    return sourcePartition;
  }

  public long sourceOffset() {
    return sourceOffset;
  }

  public DlqReason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }

  public long ingestTime() {
    return ingestTime;
  }

  /**
   * The record for the DLQ topic: original key and value bytes, the {@code tidecast.dlq.*} headers as UTF-8
   * strings (source topic/partition/offset only when known), record timestamp = ingest time, partition chosen
   * by the producer.
   */
  public ProducerRecord<byte[], byte[]> toProducerRecord(String dlqTopic) {
    Objects.requireNonNull(dlqTopic, "dlqTopic");
    return new ProducerRecord<>(dlqTopic, null, ingestTime, key, value, headers());
  }

  /** The {@code tidecast.dlq.*} headers of this dead letter. */
  public Headers headers() {
    RecordHeaders h = new RecordHeaders();
    h.add(HEADER_REASON, utf8(reason.code()));
    h.add(HEADER_DETAIL, utf8(detail));
    if (sourceTopic != null) {
      h.add(HEADER_SOURCE_TOPIC, utf8(sourceTopic));
    }
    if (sourcePartition != UNKNOWN_PARTITION) {
      h.add(HEADER_SOURCE_PARTITION, utf8(Integer.toString(sourcePartition)));
    }
    if (sourceOffset != UNKNOWN_OFFSET) {
      h.add(HEADER_SOURCE_OFFSET, utf8(Long.toString(sourceOffset)));
    }
    return h;
  }

  /**
   * Reads a dead letter back from the DLQ topic (monitoring, replay tools, tests). Throws
   * {@code IllegalArgumentException} when the reason header is missing or unknown.
   */
  public static DeadLetter fromRecord(ConsumerRecord<byte[], byte[]> r) {
    String reason = header(r.headers(), HEADER_REASON);
    if (reason == null) {
      throw new IllegalArgumentException("record at " + r.topic() + "-" + r.partition() + "@" + r.offset()
          + " has no " + HEADER_REASON + " header: not a Tidecast dead letter");
    }
    String detail = header(r.headers(), HEADER_DETAIL);
    String partition = header(r.headers(), HEADER_SOURCE_PARTITION);
    String offset = header(r.headers(), HEADER_SOURCE_OFFSET);
    return new DeadLetter(r.key(), r.value(), header(r.headers(), HEADER_SOURCE_TOPIC),
        partition == null ? UNKNOWN_PARTITION : Integer.parseInt(partition),
        offset == null ? UNKNOWN_OFFSET : Long.parseLong(offset), DlqReason.fromCode(reason),
        detail == null ? "" : detail, r.timestamp());
  }

  private static String header(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DeadLetter)) {
      return false;
    }
    DeadLetter d = (DeadLetter) o;
    return sourcePartition == d.sourcePartition && sourceOffset == d.sourceOffset && ingestTime == d.ingestTime
        && Arrays.equals(key, d.key) && Arrays.equals(value, d.value) && Objects.equals(sourceTopic, d.sourceTopic)
        && reason == d.reason && detail.equals(d.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceTopic, sourcePartition, sourceOffset, reason, detail, ingestTime) * 31
        + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "DeadLetter{" + reason.code() + ": " + detail + ", source=" + sourceTopic + "-" + sourcePartition + "@"
        + sourceOffset + ", valueBytes=" + (value == null ? "null" : value.length) + ", ingestTime=" + ingestTime
        + "}";
  }
}
