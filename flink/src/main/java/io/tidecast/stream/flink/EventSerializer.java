package io.tidecast.stream.flink;

import io.tidecast.stream.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link Event}: key, time, feature names, values. Feature-name lists are interned so that
 * deserialised events of one schema share one list (the learner caches its projection by list identity).
 */
public final class EventSerializer extends ImmutableSerializer<Event> {
  private static final long serialVersionUID = 1L;
  public static final EventSerializer INSTANCE = new EventSerializer();
  private static final int MAX_FEATURES = 4096;
  private static final int MAX_SCHEMAS = 1024;
  private static final Map<List<String>, List<String>> SCHEMAS = new ConcurrentHashMap<>();

  static List<String> intern(List<String> names) {
    List<String> known = SCHEMAS.get(names);
    if (known != null) {
      return known;
    }
    if (SCHEMAS.size() >= MAX_SCHEMAS) {
      return List.copyOf(names);
    }
    return SCHEMAS.computeIfAbsent(List.copyOf(names), k -> k);
  }

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
    return new Event(key, ts, intern(names), values);
  }

  @Override
  public TypeSerializerSnapshot<Event> snapshotConfiguration() {
    return new Snapshot();
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Event> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
