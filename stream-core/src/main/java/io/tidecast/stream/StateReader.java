package io.tidecast.stream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link StateWriter} wrote. Treats its input as untrusted: every length is checked against the
 * bytes that remain and against a configurable cap <em>before</em> anything is allocated, so a corrupted
 * or hostile blob fails with a {@link StateFormatException} instead of an OOM or a silent misread.
 */
final class StateReader {
  public static final int DEFAULT_MAX_ARRAY_LENGTH = 1 << 24;
  public static final int DEFAULT_MAX_STRING_BYTES = 1 << 16;

  private final byte[] buf;
  private final int end;
  private final int maxArrayLength;
  private final int maxStringBytes;
  private final int formatVersion;
  private int pos;

  public StateReader(byte[] data) {
    this(data, DEFAULT_MAX_ARRAY_LENGTH, DEFAULT_MAX_STRING_BYTES);
  }

  /** {@code data} is not copied: do not change it while reading. */
  public StateReader(byte[] data, int maxArrayLength, int maxStringBytes) {
    if (maxArrayLength < 0 || maxStringBytes < 0) {
      throw new IllegalArgumentException("caps must be >= 0; got maxArrayLength=" + maxArrayLength
          + ", maxStringBytes=" + maxStringBytes);
    }
    this.buf = data;
    this.end = data.length;
    this.maxArrayLength = maxArrayLength;
    this.maxStringBytes = maxStringBytes;
    if (end < 4) {
      throw new StateFormatException("not a Tidecast state blob: " + end + " bytes, too short for the header");
    }
    int magic = readInt();
    if (magic != StateWriter.MAGIC) {
      throw new StateFormatException(String.format(
          "not a Tidecast state blob: magic 0x%08X, expected 0x%08X", magic, StateWriter.MAGIC));
    }
    formatVersion = readVarInt();
    if (formatVersion < 1 || formatVersion > StateWriter.FORMAT_VERSION) {
      throw new StateFormatException("state format version " + formatVersion + " is not supported (this build reads 1.."
          + StateWriter.FORMAT_VERSION + ")");
    }
  }

  public int formatVersion() {
    return formatVersion;
  }

  public int remaining() {
    return end - pos;
  }

  /** Throws unless every byte was consumed (trailing garbage means a layout mismatch). */
  public void finish() {
    if (pos != end) {
      throw new StateFormatException(remaining() + " unread trailing bytes at offset " + pos);
    }
  }

  public int readByte() {
    need(1, "byte");
    return buf[pos++];
  }

  public boolean readBoolean() {
    int b = readByte();
    if (b != 0 && b != 1) {
      throw new StateFormatException("bad boolean byte " + b + " at offset " + (pos - 1));
    }
    return b == 1;
  }

  public int readInt() {
    need(4, "int");
    int v = (int) StateWriter.INT.get(buf, pos);
    pos += 4;
    return v;
  }

  public long readLong() {
    need(8, "long");
    long v = (long) StateWriter.LONG.get(buf, pos);
    pos += 8;
    return v;
  }

  public int readVarInt() {
    int at = pos;
    long v = readVarLong();
    if (v > Integer.MAX_VALUE) {
      throw new StateFormatException("varint " + v + " at offset " + at + " does not fit in an int");
    }
    return (int) v;
  }

  public long readVarLong() {
    int at = pos;
    long v = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      need(1, "varint");
      int b = buf[pos++];
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v; // at most 9 bytes x 7 bits = 63 bits, so never negative
      }
    }
    throw new StateFormatException("malformed varint at offset " + at);
  }

  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  public float readFloat() {
    return Float.intBitsToFloat(readInt());
  }

  public double[] readDoubles() {
    int n = readLength(8, "double[]");
    double[] a = new double[n];
    byte[] b = buf;
    int at = pos; // readLength checked that all n values are there
    for (int i = 0; i < n; i++, at += 8) {
      a[i] = Double.longBitsToDouble((long) StateWriter.LONG.get(b, at));
    }
    pos = at;
    return a;
  }

  public float[] readFloats() {
    int n = readLength(4, "float[]");
    float[] a = new float[n];
    byte[] b = buf;
    int at = pos; // readLength checked that all n values are there
    for (int i = 0; i < n; i++, at += 4) {
      a[i] = Float.intBitsToFloat((int) StateWriter.INT.get(b, at));
    }
    pos = at;
    return a;
  }

  public long[] readLongs() {
    int n = readLength(8, "long[]");
    long[] a = new long[n];
    byte[] b = buf;
    int at = pos; // readLength checked that all n values are there
    for (int i = 0; i < n; i++, at += 8) {
      a[i] = (long) StateWriter.LONG.get(b, at);
    }
    pos = at;
    return a;
  }

  public String readString() {
    int at = pos;
    int n = readVarInt();
    if (n > maxStringBytes) {
      throw new StateFormatException("string of " + n + " bytes at offset " + at + " exceeds the cap of "
          + maxStringBytes);
    }
    need(n, "string");
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, pos, n))
          .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw new StateFormatException("invalid UTF-8 in string at offset " + at);
    }
  }

  /** The next varint, without consuming it. */
  int peekVarInt() {
    int at = pos;
    try {
      return readVarInt();
    } finally {
      pos = at;
    }
  }

  /** Reads an object header and checks its tag; returns the object's layout version. */
  int readHeader(int expectedTag, int maxVersion) {
    int at = pos;
    int tag = readVarInt();
    if (tag != expectedTag) {
      throw new StateFormatException("expected " + StateTags.name(expectedTag) + " state at offset " + at
          + " but found " + StateTags.name(tag));
    }
    int version = readVarInt();
    if (version < 1 || version > maxVersion) {
      throw new StateFormatException(StateTags.name(tag) + " state version " + version
          + " is not supported (this build reads 1.." + maxVersion + ")");
    }
    return version;
  }

  /** Semantic check on decoded values; a failure means the blob is corrupt. */
  static void check(boolean ok, String what) {
    if (!ok) {
      throw new StateFormatException("corrupt state: " + what);
    }
  }

  private int readLength(int elementBytes, String what) {
    int at = pos;
    int n = readVarInt();
    if (n > maxArrayLength) {
      throw new StateFormatException(what + " of length " + n + " at offset " + at + " exceeds the cap of "
          + maxArrayLength);
    }
    need((long) n * elementBytes, what + " of length " + n);
    return n;
  }

  private void need(long bytes, String what) {
    if (bytes > end - pos) {
      throw new StateFormatException("truncated state: " + what + " at offset " + pos + " needs " + bytes
          + " bytes, only " + (end - pos) + " remain");
    }
  }
}
