package io.tidecast.stream.flink;

import io.tidecast.stream.Forecast;
import java.io.IOException;
import java.util.OptionalDouble;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink serializer of {@link Forecast} (immutable, so copies are free). */
public final class ForecastSerializer extends ImmutableSerializer<Forecast> {
  private static final long serialVersionUID = 1L;
  public static final ForecastSerializer INSTANCE = new ForecastSerializer();
  private static final int MAX_STEPS = 1 << 16;

  @Override
  public void serialize(Forecast f, DataOutputView out) throws IOException {
    out.writeUTF(f.key());
    out.writeUTF(f.target());
    out.writeLong(f.originTimestamp());
    out.writeLong(f.modelVersion());
    OptionalDouble err = f.prequentialError();
    out.writeBoolean(err.isPresent());
    if (err.isPresent()) {
      out.writeDouble(err.getAsDouble());
    }
    out.writeInt(f.horizon());
    for (int h = 1; h <= f.horizon(); h++) {
      out.writeLong(f.timestamp(h));
      out.writeDouble(f.value(h));
    }
  }

  @Override
  public Forecast deserialize(DataInputView in) throws IOException {
    String key = in.readUTF();
    String target = in.readUTF();
    long origin = in.readLong();
    long version = in.readLong();
    OptionalDouble err = in.readBoolean() ? OptionalDouble.of(in.readDouble()) : OptionalDouble.empty();
    int n = in.readInt();
    if (n < 1 || n > MAX_STEPS) {
      throw new IOException("forecast with " + n + " steps is outside [1, " + MAX_STEPS + "]: corrupt data");
    }
    long[] ts = new long[n];
    double[] v = new double[n];
    for (int h = 0; h < n; h++) {
      ts[h] = in.readLong();
      v[h] = in.readDouble();
    }
    return new Forecast(key, target, origin, ts, v, version, err);
  }

  @Override
  public TypeSerializerSnapshot<Forecast> snapshotConfiguration() {
    return new Snapshot();
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Forecast> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
