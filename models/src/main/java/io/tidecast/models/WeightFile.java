package io.tidecast.models;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The compact binary of a saved model's arrays: magic {@code TCW1}, an entry count, then per entry its
 * name (UTF-8), dtype (4 = float32, 8 = float64), rank, dims and big-endian values. Reading is checked
 * against the arrays the model already has, so nothing is allocated from sizes in the file: a corrupt or
 * hostile file fails with a message, never an out-of-memory.
 */
final class WeightFile {
  static final int MAGIC = 0x54435731; // "TCW1"
  static final int MAX_NAME_BYTES = 4096;
  static final int MAX_RANK = 8;

  /** One array to write or to fill: its name, shape and live values. */
  static final class Entry {
    final String name;
    final int[] shape;
    final double[] values;

    Entry(String name, int[] shape, double[] values) {
      this.name = name;
      this.shape = shape;
      this.values = values;
    }
  }

  private WeightFile() {
  }

  /** Writes float32 when every value is a float (lossless), else float64. */
  static void write(DataOutputStream out, List<Entry> entries) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(entries.size());
    for (Entry e : entries) {
      byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
      out.writeShort(name.length);
      out.write(name);
      boolean f32 = true;
      for (double v : e.values) {
        if ((float) v != v && !Double.isNaN(v)) {
          f32 = false;
          break;
        }
      }
      out.writeByte(f32 ? 4 : 8);
      out.writeByte(e.shape.length);
      for (int d : e.shape) {
        out.writeInt(d);
      }
      for (double v : e.values) {
        if (f32) {
          out.writeFloat((float) v);
        } else {
          out.writeDouble(v);
        }
      }
    }
  }

  /**
   * Fills {@code expected} in order from {@code in}. {@code what} names the file in error messages. Names
   * are not required to match (Keras loads by position), shapes are.
   */
  static void read(DataInputStream in, List<Entry> expected, String what) throws IOException {
    try {
      if (in.readInt() != MAGIC) {
        throw new IOException(what + " is not a Tidecast weights file (bad magic number).");
      }
      int count = in.readInt();
      if (count != expected.size()) {
        throw new IOException(what + " holds " + count + " arrays but the model expects " + expected.size()
            + ". The file was saved from a different architecture.");
      }
      for (int i = 0; i < count; i++) {
        Entry e = expected.get(i);
        int nameLen = in.readUnsignedShort();
        if (nameLen > MAX_NAME_BYTES) {
          throw new IOException(what + ": array " + i + " has a name of " + nameLen + " bytes (corrupt file).");
        }
        byte[] nameBytes = new byte[nameLen];
        in.readFully(nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        int dtype = in.readUnsignedByte();
        if (dtype != 4 && dtype != 8) {
          throw new IOException(what + ": array \"" + name + "\" has unknown dtype code " + dtype + ".");
        }
        int rank = in.readUnsignedByte();
        if (rank > MAX_RANK) {
          throw new IOException(what + ": array \"" + name + "\" has rank " + rank + " (corrupt file).");
        }
        int[] shape = new int[rank];
        for (int k = 0; k < rank; k++) {
          shape[k] = in.readInt();
        }
        if (!Arrays.equals(shape, e.shape)) {
          throw new IOException(what + ": array " + i + " \"" + name + "\" has shape " + Arrays.toString(shape)
              + " but the model's \"" + e.name + "\" has shape " + Arrays.toString(e.shape) + ".");
        }
        double[] v = e.values;
        for (int k = 0; k < v.length; k++) {
          v[k] = dtype == 4 ? in.readFloat() : in.readDouble();
        }
      }
      if (in.read() != -1) {
        throw new IOException(what + " has trailing bytes after its last array (corrupt file).");
      }
    } catch (EOFException e) {
      throw new IOException(what + " ends early: the file is truncated or corrupt.", e);
    }
  }
}
