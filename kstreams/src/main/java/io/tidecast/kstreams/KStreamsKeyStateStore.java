package io.tidecast.kstreams;

import io.tidecast.stream.KeyState;
import io.tidecast.stream.KeyStateStore;
import io.tidecast.stream.ModelState;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's two stores (each key's state blob; its model blob, apart) as the keyed step's store. Blobs are the
 * versioned formats Flink's state uses too; a corrupt blob throws (better a stopped app than a silent reset). The
 * time spent decoding and encoding is summed for the codec meters.
 */
final class KStreamsKeyStateStore implements KeyStateStore {
  private final KeyValueStore<String, byte[]> states;
  private final KeyValueStore<String, byte[]> models;
  private long readNanos;
  private long writeNanos;

  KStreamsKeyStateStore(KeyValueStore<String, byte[]> states, KeyValueStore<String, byte[]> models) {
    this.states = states;
    this.models = models;
  }

  @Override
  public KeyState state(String key) {
    byte[] blob = states.get(key);
    if (blob == null) {
      return null;
    }
    long start = System.nanoTime();
    KeyState s = KeyState.fromBytes(blob);
    readNanos += System.nanoTime() - start;
    return s;
  }

  @Override
  public ModelState model(String key) {
    byte[] blob = models.get(key);
    if (blob == null) {
      return null;
    }
    long start = System.nanoTime();
    ModelState m = ModelState.fromBytes(blob);
    readNanos += System.nanoTime() - start;
    return m;
  }

  @Override
  public void putState(String key, KeyState state) {
    long start = System.nanoTime();
    byte[] blob = state.toBytes();
    writeNanos += System.nanoTime() - start;
    states.put(key, blob);
  }

  @Override
  public void putModel(String key, ModelState model) {
    long start = System.nanoTime();
    byte[] blob = model.toBytes();
    writeNanos += System.nanoTime() - start;
    models.put(key, blob);
  }

  @Override
  public void delete(String key) {
    states.delete(key);
    models.delete(key);
  }

  /** Decoding time since the last call. */
  long takeReadNanos() {
    long n = readNanos;
    readNanos = 0;
    return n;
  }

  /** Encoding time since the last call. */
  long takeWriteNanos() {
    long n = writeNanos;
    writeNanos = 0;
    return n;
  }
}
