package io.tidecast.stream.flink;

import io.tidecast.connectors.DeadLetter;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink serializer of {@link DeadLetter} ({@link WireCodec}'s layout). */
public final class DeadLetterSerializer extends ImmutableSerializer<DeadLetter> {
  private static final long serialVersionUID = 1L;
  public static final DeadLetterSerializer INSTANCE = new DeadLetterSerializer();

  @Override
  public void serialize(DeadLetter d, DataOutputView out) throws IOException {
    WireCodec.writeDeadLetter(d, out);
  }

  @Override
  public DeadLetter deserialize(DataInputView in) throws IOException {
    return WireCodec.readDeadLetter(in);
  }

  @Override
  public TypeSerializerSnapshot<DeadLetter> snapshotConfiguration() {
    return new Snapshot();
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeadLetter> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
