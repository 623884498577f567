package io.tidecast.connectors;

import java.io.Serializable;

/**
 * Turns one record value into an event or a rejection. Implementations never throw for bad input (only for
 * their own bugs) and are thread-safe, so one instance may serve a whole task.
 */
public interface EventParser extends Serializable {
  Parsed parse(byte[] value);
}
