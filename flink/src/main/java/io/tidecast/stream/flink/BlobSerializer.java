package io.tidecast.stream.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of Tidecast's Flink serializers: a value is written as a length-prefixed blob of its own versioned
 * binary format, so Flink never falls back to Kryo and a savepoint's bytes are readable by any later release
 * that still reads that format version. Stateless, so {@link #duplicate()} returns this.
 */
abstract class BlobSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;
  /** Upper bound on one serialised value (a hostile or corrupt length must not allocate gigabytes). */
  static final int MAX_BYTES = 64 << 20;

  abstract byte[] toBytes(T value);

  abstract T fromBytes(byte[] bytes);

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this;
  }

  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public T copy(T from) {
    return from == null ? null : fromBytes(toBytes(from));
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T value, DataOutputView target) throws IOException {
    byte[] b = toBytes(value);
    target.writeInt(b.length);
    target.write(b);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    return fromBytes(readBlob(source));
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    byte[] b = readBlob(source);
    target.writeInt(b.length);
    target.write(b);
  }

  private static byte[] readBlob(DataInputView source) throws IOException {
    int n = source.readInt();
    if (n < 0 || n > MAX_BYTES) {
      throw new IOException("serialised value of " + n + " bytes is outside [0, " + MAX_BYTES + "]: corrupt state");
    }
    byte[] b = new byte[n];
    source.readFully(b);
    return b;
  }

  @Override
  public boolean equals(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().hashCode();
  }
}
