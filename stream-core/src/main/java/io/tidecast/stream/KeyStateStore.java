package io.tidecast.stream;

/**
 * One table of a runtime's keyed state, addressed by series key: Flink keeps it in a keyed value state (the adapter
 * makes the key current before each access), Kafka Streams in a key-value store. An adapter may time or count the
 * accesses; it holds no protocol of its own.
 *
 * @param <V> what the table holds (a key's state, a key's model)
 */
public interface KeyStateStore<V> {
  /** The key's value, or null. */
  V get(String key);

  void put(String key, V value);

  void delete(String key);
}
