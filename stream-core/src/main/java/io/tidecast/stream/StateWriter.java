package io.tidecast.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compact binary writer for operator state. The blob starts with a magic number and a format version;
 * lengths and counts are unsigned LEB128 varints, doubles/floats/longs are fixed-width big-endian raw bits
 * (so round trips are bit for bit, NaN payloads included). Read it back with {@link StateReader}.
 */
final class StateWriter {
  static final int MAGIC = 0x54444353; // "TDCS"
  static final int FORMAT_VERSION = 1;
  // Big-endian views of a byte[]: one store per value instead of a shift per byte (same bytes, ~10x faster on the
  // 65 KB model state that a RocksDB job re-encodes every event). StateReader reads through the same views.
  static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buf;
  private int size;

  public StateWriter() {
    this(64);
  }

  /** A writer whose buffer starts at {@code capacity} bytes (grown as needed). */
  StateWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
    writeInt(MAGIC);
    writeVarInt(FORMAT_VERSION);
  }

  /** The bytes written so far (a copy). */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  public int size() {
    return size;
  }

  public StateWriter writeByte(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public StateWriter writeBoolean(boolean v) {
    return writeByte(v ? 1 : 0);
  }

  public StateWriter writeInt(int v) {
    ensure(4);
    INT.set(buf, size, v);
    size += 4;
    return this;
  }

  public StateWriter writeLong(long v) {
    ensure(8);
    LONG.set(buf, size, v);
    size += 8;
    return this;
  }

  /** Unsigned varint; {@code v} must be {@code >= 0} (lengths, counts, small enums). */
  public StateWriter writeVarInt(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("writeVarInt takes a non-negative value; got " + v);
    }
    return writeVarLong(v);
  }

  /** Unsigned varint; {@code v} must be {@code >= 0}. */
  public StateWriter writeVarLong(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("writeVarLong takes a non-negative value; got " + v);
    }
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
    return this;
  }

  public StateWriter writeDouble(double v) {
    return writeLong(Double.doubleToRawLongBits(v));
  }

  public StateWriter writeFloat(float v) {
    return writeInt(Float.floatToRawIntBits(v));
  }

  public StateWriter writeDoubles(double[] a) {
    writeVarInt(a.length);
    ensure(8L * a.length);
    byte[] b = buf;
    int at = size;
    for (double v : a) {
      LONG.set(b, at, Double.doubleToRawLongBits(v));
      at += 8;
    }
    size = at;
    return this;
  }

  public StateWriter writeFloats(float[] a) {
    writeVarInt(a.length);
    ensure(4L * a.length);
    byte[] b = buf;
    int at = size;
    for (float v : a) {
      INT.set(b, at, Float.floatToRawIntBits(v));
      at += 4;
    }
    size = at;
    return this;
  }

  public StateWriter writeLongs(long[] a) {
    writeVarInt(a.length);
    ensure(8L * a.length);
    byte[] b = buf;
    int at = size;
    for (long v : a) {
      LONG.set(b, at, v);
      at += 8;
    }
    size = at;
    return this;
  }

  /** UTF-8 bytes prefixed by their count. */
  public StateWriter writeString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarInt(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  /** Object header: type tag and that object's own layout version. */
  void writeHeader(int tag, int version) {
    writeVarInt(tag);
    writeVarInt(version);
  }

  private void ensure(long extra) {
    long need = size + extra;
    if (need > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("state too large for one blob: " + need + " bytes");
    }
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * buf.length)));
    }
  }
}
