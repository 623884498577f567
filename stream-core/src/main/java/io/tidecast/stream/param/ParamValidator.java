package io.tidecast.stream.param;

import java.io.Serializable;

/** Which values a {@link Param} takes, and how to say so in an error or a help text. */
public interface ParamValidator<T> extends Serializable {
  /** Throws {@code IllegalArgumentException} with a message of the form "must be ...; got ..." if invalid. */
  void check(T value);

  /** What a valid value is, e.g. {@code in [1, 4096]}, {@code one of lstm, gru}; empty when anything goes. */
  String describe();
}
