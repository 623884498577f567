package io.tidecast.stream.flink;

import io.tidecast.connectors.Decoded;
import io.tidecast.stream.NameInterner;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of what the Kafka source hands on: a {@link Decoded} event or dead letter ({@link WireCodec}'s
 * layout). Its events' names are interned, so each instance has its own interner and {@link #duplicate()} a new one.
 */
public final class DecodedSerializer extends TypeSerializer<Decoded> {
  private static final long serialVersionUID = 1L;
  private transient NameInterner interner;

  private NameInterner interner() {
    if (interner == null) {
      interner = new NameInterner();
    }
    return interner;
  }

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<Decoded> duplicate() {
    return new DecodedSerializer();
  }

  @Override
  public Decoded createInstance() {
    return null;
  }

  @Override
  public Decoded copy(Decoded from) {
    return from;
  }

  @Override
  public Decoded copy(Decoded from, Decoded reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(Decoded d, DataOutputView out) throws IOException {
    WireCodec.writeDecoded(d, out);
  }

  @Override
  public Decoded deserialize(DataInputView in) throws IOException {
    return WireCodec.readDecoded(in, interner());
  }

  @Override
  public Decoded deserialize(Decoded reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecodedSerializer;
  }

  @Override
  public int hashCode() {
    return DecodedSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<Decoded> snapshotConfiguration() {
    return new Snapshot();
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Decoded> {
    public Snapshot() {
      super(DecodedSerializer::new);
    }
  }
}
