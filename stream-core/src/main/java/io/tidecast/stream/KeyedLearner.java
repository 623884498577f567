package io.tidecast.stream;

import java.util.List;

/**
 * The learner a {@link KeyedStep} drives: per-key state, and learning a bundle of events. {@link OnlineLearner} (one
 * model per key, or one shared) learns a bundle event by event; a learner with one model for all keys may learn it as
 * one batch whose samples are keys. Either way the forecasts must not depend on how events are bundled.
 *
 * @param <S> a key's state
 */
public interface KeyedLearner<S> {
  /** Fresh state for a key seen for the first time. */
  S newState(String key);

  /** Event time of the newest event the key's state has learned, or {@code Long.MIN_VALUE} before any. */
  long newestTimestamp(S state);

  /**
   * Learns {@code events} (none late; a key's events in arrival order), {@code states.get(i)} being the state of
   * {@code events.get(i)}'s key (the same object for the same key), and hands each forecast to {@code out} with the
   * event it was made from, in event order.
   */
  void learn(List<Event> events, List<S> states, ForecastSink out);

  /**
   * What all keys of this learner share (a model shared by an operator's keys, a global model), as a blob the runtime
   * checkpoints with its output; null when nothing is shared.
   */
  byte[] sharedState();

  /** Restores {@link #sharedState()} after a restart. */
  void restoreSharedState(byte[] state);

  /** Changes whenever {@link #sharedState()} would (a runtime that stores it per change compares this). */
  long sharedVersion();

  LearnerMetrics metrics();

  /** Receives the forecasts of a bundle. */
  @FunctionalInterface
  interface ForecastSink {
    void forecast(Event cause, Forecast f);
  }
}
