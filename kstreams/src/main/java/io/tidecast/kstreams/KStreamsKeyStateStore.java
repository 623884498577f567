package io.tidecast.kstreams;

import io.tidecast.stream.KeyStateStore;
import io.tidecast.stream.Placement;
import io.tidecast.stream.StateCodec;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store of the task as a table of the keyed step's store: blobs in the versioned formats Flink's state
 * uses too; a corrupt blob throws (better a stopped app than a silent reset). The time spent decoding and encoding is
 * summed for the codec meters.
 */
final class KStreamsKeyStateStore<V> implements KeyStateStore<V> {
  private final KeyValueStore<String, byte[]> store;
  private final StateCodec<V> codec;
  private final Codec time;

  KStreamsKeyStateStore(KeyValueStore<String, byte[]> store, StateCodec<V> codec, Codec time) {
    this.store = store;
    this.codec = codec;
    this.time = time;
  }

  /** Time spent in the codec, per event. */
  static final class Codec {
    long readNanos;
    long writeNanos;
  }

  /** The task's tables: a placement's tables by name, each a store of the topology. */
  static Placement.StateTables tables(Map<String, KeyValueStore<String, byte[]>> stores, Codec time) {
    return new Placement.StateTables() {
      @Override
      public <V> KeyStateStore<V> table(String name, StateCodec<V> codec) {
        KeyValueStore<String, byte[]> s = stores.get(name);
        if (s == null) {
          throw new IllegalArgumentException("no store for table '" + name + "'; the topology has " + stores.keySet());
        }
        return new KStreamsKeyStateStore<>(s, codec, time);
      }
    };
  }

  @Override
  public V get(String key) {
    byte[] blob = store.get(key);
    if (blob == null) {
      return null;
    }
    long start = System.nanoTime();
    V v = codec.fromBytes(blob);
    time.readNanos += System.nanoTime() - start;
    return v;
  }

  @Override
  public void put(String key, V value) {
    long start = System.nanoTime();
    byte[] blob = codec.toBytes(value);
    time.writeNanos += System.nanoTime() - start;
    store.put(key, blob);
  }

  @Override
  public void delete(String key) {
    store.delete(key);
  }
}
