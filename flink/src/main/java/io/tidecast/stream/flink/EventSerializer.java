package io.tidecast.stream.flink;

import io.tidecast.stream.Event;
import io.tidecast.stream.NameInterner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link Event}, for the network and for state (events an out-of-order job holds until the
 * watermark passes them): {@link WireCodec}'s layout, with feature-name lists interned so that deserialised events
 * of one schema share one list (the learner caches its projection by list identity). Stateful only through its
 * interner, hence {@link #duplicate()} returns a fresh instance.
 *
 * <p>Savepoints written before this layout hold events in an older one (Java {@code writeUTF} strings, names
 * interleaved with values); their serializer snapshot (version 3) restores a reader of that layout and asks Flink to
 * migrate the state, so a savepoint with pending events still restores.
 */
public final class EventSerializer extends TypeSerializer<Event> {
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
  public TypeSerializer<Event> duplicate() {
    return new EventSerializer();
  }

  @Override
  public Event createInstance() {
    return null; // immutable: nothing to reuse
  }

  @Override
  public Event copy(Event from) {
    return from;
  }

  @Override
  public Event copy(Event from, Event reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(Event e, DataOutputView out) throws IOException {
    WireCodec.writeEvent(e, out);
  }

  @Override
  public Event deserialize(DataInputView in) throws IOException {
    return WireCodec.readEvent(in, interner());
  }

  @Override
  public Event deserialize(Event reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventSerializer;
  }

  @Override
  public int hashCode() {
    return EventSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<Event> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer has no configuration; the version tells the current layout (4) from the one before (3). */
  public static final class Snapshot implements TypeSerializerSnapshot<Event> {
    static final int VERSION = 4;
    /** Written by the serializer of the layout before {@link WireCodec}'s (Flink's {@code SimpleTypeSerializerSnapshot}). */
    static final int PREVIOUS_LAYOUT = 3;
    private int version = VERSION;

    public Snapshot() {
    }

    @Override
    public int getCurrentVersion() {
      return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) {
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
      if (readVersion != VERSION && readVersion != PREVIOUS_LAYOUT) {
        throw new IOException("unknown Tidecast event serializer snapshot version " + readVersion);
      }
      version = readVersion;
    }

    @Override
    public TypeSerializer<Event> restoreSerializer() {
      return version == PREVIOUS_LAYOUT ? new PreviousLayout() : new EventSerializer();
    }

    @Override
    public TypeSerializerSchemaCompatibility<Event> resolveSchemaCompatibility(TypeSerializerSnapshot<Event> old) {
      if (!(old instanceof Snapshot)) {
        return TypeSerializerSchemaCompatibility.incompatible();
      }
      return ((Snapshot) old).version == VERSION ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
  }

  /** Reads (and writes) the layout before {@link WireCodec}'s, for migrating state restored from old savepoints. */
  static final class PreviousLayout extends ImmutableSerializer<Event> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_FEATURES = 4096;
    private transient NameInterner interner;

    @Override
    public void serialize(Event e, DataOutputView out) throws IOException {
      out.writeUTF(e.key());
      out.writeLong(e.timestamp());
      List<String> names = e.names();
      out.writeShort(names.size());
      for (int i = 0; i < names.size(); i++) {
        out.writeUTF(names.get(i));
        out.writeDouble(e.value(i));
      }
    }

    @Override
    public Event deserialize(DataInputView in) throws IOException {
      if (interner == null) {
        interner = new NameInterner();
      }
      String key = in.readUTF();
      long ts = in.readLong();
      int n = in.readUnsignedShort();
      if (n > MAX_FEATURES) {
        throw new IOException("event with " + n + " features exceeds " + MAX_FEATURES + ": corrupt data");
      }
      List<String> names = new ArrayList<>(n);
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        names.add(in.readUTF());
        values[i] = in.readDouble();
      }
      return new Event(key, ts, interner.intern(List.copyOf(names)), values);
    }

    @Override
    public TypeSerializerSnapshot<Event> snapshotConfiguration() {
      Snapshot s = new Snapshot();
      s.version = Snapshot.PREVIOUS_LAYOUT;
      return s;
    }
  }
}
