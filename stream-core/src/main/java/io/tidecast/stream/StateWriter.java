package io.tidecast.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compact binary writer for operator state. The blob starts with a magic number and a format version;
 * lengths and counts are unsigned LEB128 varints, doubles/floats/longs are fixed-width big-endian raw bits
 * (so round trips are bit for bit, NaN payloads included). Read it back with {@link StateReader}.
 */
public final class StateWriter {
  static final int MAGIC = 0x54444353; // "TDCS"
  static final int FORMAT_VERSION = 1;

  private byte[] buf = new byte[64];
  private int size;

  public StateWriter() {
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
    for (int s = 24; s >= 0; s -= 8) {
      buf[size++] = (byte) (v >>> s);
    }
    return this;
  }

  public StateWriter writeLong(long v) {
    ensure(8);
    for (int s = 56; s >= 0; s -= 8) {
      buf[size++] = (byte) (v >>> s);
    }
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
    for (double v : a) {
      writeDouble(v);
    }
    return this;
  }

  public StateWriter writeFloats(float[] a) {
    writeVarInt(a.length);
    ensure(4L * a.length);
    for (float v : a) {
      writeFloat(v);
    }
    return this;
  }

  public StateWriter writeLongs(long[] a) {
    writeVarInt(a.length);
    ensure(8L * a.length);
    for (long v : a) {
      writeLong(v);
    }
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
