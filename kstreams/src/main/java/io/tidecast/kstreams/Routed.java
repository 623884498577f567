package io.tidecast.kstreams;

import io.tidecast.connectors.DeadLetter;

/**
 * What a Tidecast processor hands downstream inside one sub-topology (never serialised): either bytes for the
 * normal output (the repartition topic or the forecast topic) or a dead letter for the DLQ. The DSL's
 * {@code split()} sees only key and value, so the branch decision has to live in the value.
 */
final class Routed {
  private final byte[] bytes;
  private final DeadLetter dead;

  private Routed(byte[] bytes, DeadLetter dead) {
    this.bytes = bytes;
    this.dead = dead;
  }

  static Routed ok(byte[] bytes) {
    return new Routed(bytes, null);
  }

  static Routed dead(DeadLetter d) {
    return new Routed(null, d);
  }

  boolean isDead() {
    return dead != null;
  }

  byte[] bytes() {
    return bytes;
  }

  DeadLetter deadLetter() {
    return dead;
  }
}
