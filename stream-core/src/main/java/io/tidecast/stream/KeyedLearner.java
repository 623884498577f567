package io.tidecast.stream;

import java.util.List;

/**
 * The learner a {@link KeyedStep} drives: per-key state, and learning a bundle of events. {@link OnlineLearner} (one
 * model per key, or one shared) learns a bundle event by event; a learner with one model for all keys may learn it as
 * one batch whose samples are keys. Either way the forecasts are the same for any bundling of the same events.
 */
public interface KeyedLearner {
  /** Fresh state for a key seen for the first time. */
  KeyState newState(String key);

  /**
   * Learns {@code events} (not late; a key's events in arrival order), {@code states.get(i)} being the state of
   * {@code events.get(i)}'s key (the same object for the same key), and hands each forecast to {@code out} with the
   * event it was made from, in event order.
   */
  void learn(List<Event> events, List<KeyState> states, ForecastSink out);

  /** Whether each key's state carries a model of its own (to be stored apart, written only when trained). */
  boolean modelPerKey();

  LearnerMetrics metrics();

  /** Receives the forecasts of a bundle. */
  @FunctionalInterface
  interface ForecastSink {
    void forecast(Event cause, Forecast f);
  }
}
