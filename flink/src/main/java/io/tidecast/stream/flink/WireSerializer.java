package io.tidecast.stream.flink;

import io.tidecast.stream.NameInterner;
import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.stream.Event;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for the immutable connector types, backed by {@link WireCodec}. Stateful only through its
 * names interner, hence {@link #duplicate()} returns a fresh instance per thread.
 */
final class WireSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  /** Which type; the name is written into snapshots, so never rename a constant. */
  enum Kind {
    EVENT(Event.class), DEAD_LETTER(DeadLetter.class), DECODED(Decoded.class);

    final Class<?> type;

    Kind(Class<?> type) {
      this.type = type;
    }
  }

  final Kind kind;
  private transient NameInterner interner;

  WireSerializer(Kind kind) {
    this.kind = kind;
  }

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
  public TypeSerializer<T> duplicate() {
    return new WireSerializer<>(kind);
  }

  @Override
  public T createInstance() {
    return null; // immutable: nothing to reuse
  }

  @Override
  public T copy(T from) {
    return from;
  }

  @Override
  public T copy(T from, T reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T record, DataOutputView out) throws IOException {
    switch (kind) {
      case EVENT: WireCodec.writeEvent((Event) record, out); break;
      case DEAD_LETTER: WireCodec.writeDeadLetter((DeadLetter) record, out); break;
      default: WireCodec.writeDecoded((Decoded) record, out);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(DataInputView in) throws IOException {
    switch (kind) {
      case EVENT: return (T) WireCodec.readEvent(in, interner());
      case DEAD_LETTER: return (T) WireCodec.readDeadLetter(in);
      default: return (T) WireCodec.readDecoded(in, interner());
    }
  }

  @Override
  public T deserialize(T reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireSerializer && ((WireSerializer<?>) o).kind == kind;
  }

  @Override
  public int hashCode() {
    return kind.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(kind);
  }

  /** Records the kind; restoring needs the public no-arg constructor. */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
    private Kind kind;

    public Snapshot() {}

    Snapshot(Kind kind) {
      this.kind = kind;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(kind.name());
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
      if (readVersion != 1) {
        throw new IOException("unknown Tidecast serializer snapshot version " + readVersion);
      }
      String name = in.readUTF();
      try {
        kind = Kind.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new IOException("unknown Tidecast serializer kind " + name, e);
      }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
      return new WireSerializer<>(kind);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
      return old instanceof Snapshot && ((Snapshot<T>) old).kind == kind
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
