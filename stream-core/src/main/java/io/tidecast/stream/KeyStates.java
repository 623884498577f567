package io.tidecast.stream;

/**
 * Per-key placement's {@link KeyState}s over two runtime tables, each key's model (weights and optimizer slots, ~53 KB
 * for LSTM(32)) apart from the rest of its state (window, scalers, scores: a few KB). The rest is written with every
 * event; the model only when training changed it since it was read, or when it was not stored apart yet (a new key,
 * or a state from before the split with its model inline: split on that write). On RocksDB or a changelog that spares
 * the model's write on every event that does not train (window fill, {@code train_every > 1}).
 */
public final class KeyStates implements KeyStateStore<KeyState> {
  private final KeyStateStore<KeyState> states;
  private final KeyStateStore<ModelState> models;
  private final boolean modelPerKey;

  /** @param modelPerKey false with a shared model: states carry no model, and none is read or written here */
  public KeyStates(KeyStateStore<KeyState> states, KeyStateStore<ModelState> models, boolean modelPerKey) {
    this.states = states;
    this.models = models;
    this.modelPerKey = modelPerKey;
  }

  /** The key's state with its model attached, or null. */
  @Override
  public KeyState get(String key) {
    KeyState s = states.get(key);
    if (s != null && s.model() == null && modelPerKey) {
      ModelState m = models.get(key);
      if (m != null) {
        s.attachStoredModel(m);
      }
    }
    return s;
  }

  /** Stores the state without its model, and the model when it changed since it was read (or was not stored apart). */
  @Override
  public void put(String key, KeyState s) {
    ModelState m = s.detachModel();
    if (m != null && s.storedModelVersion() != s.version()) {
      models.put(key, m);
    }
    s.modelStored();
    states.put(key, s); // on Flink's heap backend this is the object itself: it stays detached until read again
  }

  @Override
  public void delete(String key) {
    states.delete(key);
    models.delete(key);
  }
}
