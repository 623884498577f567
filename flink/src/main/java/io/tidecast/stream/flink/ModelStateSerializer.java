package io.tidecast.stream.flink;

import io.tidecast.stream.ModelState;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Flink serializer of a key's model (weights, optimizer slots), in ModelState's own versioned format. */
public final class ModelStateSerializer extends BlobSerializer<ModelState> {
  private static final long serialVersionUID = 1L;
  public static final ModelStateSerializer INSTANCE = new ModelStateSerializer();

  @Override
  byte[] toBytes(ModelState value) {
    return value.toBytes();
  }

  @Override
  ModelState fromBytes(byte[] bytes) {
    return ModelState.fromBytes(bytes);
  }

  @Override
  public TypeSerializerSnapshot<ModelState> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer has no configuration; format versions live inside each blob. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ModelState> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
