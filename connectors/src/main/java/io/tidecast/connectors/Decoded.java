package io.tidecast.connectors;

import io.tidecast.stream.Event;
import java.util.Objects;

/**
 * What the source emits per Kafka record: a valid {@link Event} or a {@link DeadLetter}. Decoding never throws,
 * so one poison record can neither kill the job nor be skipped silently; the job routes dead letters to the DLQ.
 */
public sealed interface Decoded permits Decoded.Valid, Decoded.Invalid {

  record Valid(Event event) implements Decoded {
    public Valid {
      Objects.requireNonNull(event, "event");
    }
  }

  record Invalid(DeadLetter deadLetter) implements Decoded {
    public Invalid {
      Objects.requireNonNull(deadLetter, "deadLetter");
    }
  }
}
