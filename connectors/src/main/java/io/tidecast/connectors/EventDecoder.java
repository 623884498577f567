package io.tidecast.connectors;

import java.io.Serializable;
import java.time.Clock;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka record to {@link Decoded}, for any runtime. Never throws: invalid records become dead letters with their
 * source coordinates, and a parser failure (a bug) becomes {@link DlqReason#INTERNAL_ERROR} rather than a crash.
 * The Kafka record key is only carried into dead letters; an event's key is the one inside the value.
 */
public final class EventDecoder implements Serializable {
  private static final long serialVersionUID = 1L;

  private final EventParser parser;
  private final Clock clock;

  public EventDecoder(EventParser parser, Clock clock) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Dead letters stamped with the system UTC clock. */
  public EventDecoder(EventParser parser) {
    this(parser, Clock.systemUTC());
  }

  public Decoded decode(byte[] key, byte[] value, String topic, int partition, long offset) {
    Parsed p;
    try {
      p = parser.parse(value);
    } catch (RuntimeException | StackOverflowError e) { // last line of defence; the fuzz tests hunt these
      return new Decoded.Invalid(new DeadLetter(key, value, topic, partition, offset, DlqReason.INTERNAL_ERROR,
          Verdict.cap("parser failed: " + e), clock.millis()));
    }
    if (p instanceof Parsed.Ok) {
      return new Decoded.Valid(((Parsed.Ok) p).event());
    }
    Parsed.Rejected r = (Parsed.Rejected) p;
    return new Decoded.Invalid(new DeadLetter(key, value, topic, partition, offset, r.reason(),
        Verdict.cap(r.detail()), clock.millis()));
  }

  public Decoded decode(ConsumerRecord<byte[], byte[]> r) {
    return decode(r.key(), r.value(), r.topic(), r.partition(), r.offset());
  }
}
