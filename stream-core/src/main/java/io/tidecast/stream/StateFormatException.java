package io.tidecast.stream;

/** Thrown when a state blob is truncated, corrupted, hostile or of an unsupported version. */
public final class StateFormatException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public StateFormatException(String message) {
    super(message);
  }
}
