package io.tidecast.connectors;

import io.tidecast.stream.Event;
import java.util.Objects;

/** The outcome of parsing one record: an {@link Event}, or a rejection with a reason and a human detail. */
public sealed interface Parsed permits Parsed.Ok, Parsed.Rejected {

  /** A valid record. */
  record Ok(Event event) implements Parsed {
    public Ok {
      Objects.requireNonNull(event, "event");
    }
  }

  /** An invalid record: {@code detail} says what was wrong and where, for the DLQ header and logs. */
  record Rejected(DlqReason reason, String detail) implements Parsed {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  default boolean isOk() {
    return this instanceof Ok;
  }
}
