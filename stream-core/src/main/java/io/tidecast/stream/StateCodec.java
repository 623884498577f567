package io.tidecast.stream;

/** A value's versioned binary form, as runtimes store it (Kafka Streams' stores, Flink's serializers). */
public interface StateCodec<V> {
  byte[] toBytes(V value);

  /** Reads {@link #toBytes} output; a corrupt or hostile blob gives a {@link StateFormatException}. */
  V fromBytes(byte[] bytes);

  StateCodec<KeyState> KEY_STATE = new StateCodec<>() {
    @Override
    public byte[] toBytes(KeyState value) {
      return value.toBytes();
    }

    @Override
    public KeyState fromBytes(byte[] bytes) {
      return KeyState.fromBytes(bytes);
    }
  };

  StateCodec<ModelState> MODEL_STATE = new StateCodec<>() {
    @Override
    public byte[] toBytes(ModelState value) {
      return value.toBytes();
    }

    @Override
    public ModelState fromBytes(byte[] bytes) {
      return ModelState.fromBytes(bytes);
    }
  };
}
