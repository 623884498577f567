package io.tidecast.stream.flink;

import io.tidecast.stream.NameInterner;
import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.DlqReason;
import io.tidecast.stream.Event;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.apache.flink.types.StringValue;

/**
 * Compact binary layouts for Flink network/state serialisation of the connector types. Strings use Flink's
 * {@link StringValue} coding (null-safe, no 64 KiB limit). Decoded names are interned so that events keep
 * sharing one names list per schema after a shuffle.
 */
final class WireCodec {
  private static final byte VALID = 0;
  private static final byte INVALID = 1;

  private WireCodec() {}

  static void writeEvent(Event e, DataOutput out) throws IOException {
    StringValue.writeString(e.key(), out);
    out.writeLong(e.timestamp());
    List<String> names = e.names();
    int n = names.size();
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      StringValue.writeString(names.get(i), out);
    }
    for (int i = 0; i < n; i++) {
      out.writeDouble(e.value(i));
    }
  }

  static Event readEvent(DataInput in, NameInterner interner) throws IOException {
    String key = StringValue.readString(in);
    long ts = in.readLong();
    int n = in.readInt();
    if (n < 0 || n > 1 << 20) {
      throw new IOException("corrupt event: " + n + " features");
    }
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = StringValue.readString(in);
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readDouble();
    }
    return new Event(key, ts, interner.intern(names, n), values);
  }

  static void writeDeadLetter(DeadLetter d, DataOutput out) throws IOException {
    writeBytes(d.key(), out);
    writeBytes(d.value(), out);
    StringValue.writeString(d.sourceTopic(), out);
    out.writeInt(d.sourcePartition());
    out.writeLong(d.sourceOffset());
    StringValue.writeString(d.reason().code(), out); // the code, not the ordinal: stable across releases
    StringValue.writeString(d.detail(), out);
    out.writeLong(d.ingestTime());
  }

  static DeadLetter readDeadLetter(DataInput in) throws IOException {
    byte[] key = readBytes(in);
    byte[] value = readBytes(in);
    String topic = StringValue.readString(in);
    int partition = in.readInt();
    long offset = in.readLong();
    String code = StringValue.readString(in);
    DlqReason reason;
    try {
      reason = DlqReason.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt dead letter: " + e.getMessage(), e);
    }
    String detail = StringValue.readString(in);
    return new DeadLetter(key, value, topic, partition, offset, reason, detail, in.readLong());
  }

  static void writeDecoded(Decoded d, DataOutput out) throws IOException {
    if (d instanceof Decoded.Valid) {
      out.writeByte(VALID);
      writeEvent(((Decoded.Valid) d).event(), out);
    } else {
      out.writeByte(INVALID);
      writeDeadLetter(((Decoded.Invalid) d).deadLetter(), out);
    }
  }

  static Decoded readDecoded(DataInput in, NameInterner interner) throws IOException {
    byte tag = in.readByte();
    if (tag == VALID) {
      return new Decoded.Valid(readEvent(in, interner));
    }
    if (tag == INVALID) {
      return new Decoded.Invalid(readDeadLetter(in));
    }
    throw new IOException("corrupt Decoded: tag " + tag);
  }

  private static void writeBytes(byte[] b, DataOutput out) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < -1) {
      throw new IOException("corrupt byte array length " + n);
    }
    if (n == -1) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
