package io.tidecast.stream;

/**
 * A runtime's keyed state, as {@link KeyedStep} reads and writes it: each key's {@link KeyState} and, apart from it,
 * its model. Flink keeps them in keyed value states (the adapter sets the current key before each access); Kafka
 * Streams in two key-value stores. An adapter may also time or count the accesses; it holds no protocol of its own.
 */
public interface KeyStateStore {
  /** The key's state as stored (its model kept apart, or inline in a state from before the split), or null. */
  KeyState state(String key);

  /** The key's model kept apart, or null. */
  ModelState model(String key);

  /** Stores the key's state (without its model: the step has detached it). */
  void putState(String key, KeyState state);

  /** Stores the key's model; the step calls this only when training changed it or it was not stored apart yet. */
  void putModel(String key, ModelState model);

  /** Drops the key's state and model. */
  void delete(String key);
}
