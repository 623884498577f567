package io.tidecast.stream.flink;

import io.tidecast.stream.KeyState;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Flink serializer of a key's learner state, via {@link KeyState#toBytes()} (versioned, no Kryo). */
public final class KeyStateSerializer extends BlobSerializer<KeyState> {
  private static final long serialVersionUID = 1L;
  public static final KeyStateSerializer INSTANCE = new KeyStateSerializer();

  @Override
  byte[] toBytes(KeyState value) {
    return value.toBytes();
  }

  @Override
  KeyState fromBytes(byte[] bytes) {
    return KeyState.fromBytes(bytes);
  }

  @Override
  public TypeSerializerSnapshot<KeyState> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer has no configuration; format versions live inside each blob. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyState> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
