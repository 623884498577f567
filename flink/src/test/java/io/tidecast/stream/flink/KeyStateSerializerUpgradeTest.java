package io.tidecast.stream.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.OnlineLearner;
import io.tidecast.stream.WindowSpec;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * State written by the previous state-format version restores through Flink's serializer-upgrade path.
 * {@code golden/keystate-serializer-v1.bin} was written by the release before KeyState format v2 (commit
 * f43e1b6, generator {@code golden/GenGolden.java.txt}): the versioned {@link KeyStateSerializer} snapshot as a
 * savepoint's metadata holds it, one key's learner state serialised by that release's serializer as a
 * savepoint's keyed state holds it (LSTM(4), timesteps 6, horizon 2, 100 events), then the 40 forecasts that
 * release made next. A serializer-snapshot golden, not a whole Flink savepoint directory. The current release
 * must judge the old snapshot compatible as is, read the v1 value, rewrite it as v2 and continue identically.
 */
class KeyStateSerializerUpgradeTest {
  static final List<String> V = List.of("value");
  /** Offset of the KeyState format version in a serialised value: int length, magic "TDCS", codec, tag. */
  static final int VERSION_BYTE = 10;

  static double wave(long i) {
    return 50 + 10 * Math.sin(2 * Math.PI * i / 8.0) + 0.5 * Math.cos(i * 0.77);
  }

  @Test
  void previousFormatSnapshotAndStateRestoreAndContinueBitForBit() throws Exception {
    byte[] golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/keystate-serializer-v1.bin")) {
      golden = in.readAllBytes();
    }
    DataInputDeserializer in = new DataInputDeserializer(golden);
    TypeSerializerSnapshot<KeyState> old = TypeSerializerSnapshot.readVersionedSnapshot(in,
        getClass().getClassLoader());
    assertInstanceOf(KeyStateSerializer.Snapshot.class, old);
    TypeSerializerSchemaCompatibility<KeyState> compat =
        KeyStateSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(old);
    assertTrue(compat.isCompatibleAsIs(), "the current serializer reads the old snapshot's state as is: " + compat);
    TypeSerializer<KeyState> restored = old.restoreSerializer();

    int valueStart = in.getPosition();
    assertEquals(1, golden[valueStart + VERSION_BYTE], "the stored state is KeyState format v1");
    KeyState s = restored.deserialize(in);
    assertEquals("golden", s.key());
    assertEquals(100, s.events());
    assertEquals(99_000L, s.lastTimestamp());

    int n = in.readInt(); // what the previous release forecast next from this state
    assertEquals(40, n);
    long[] origin = new long[n];
    double[][] value = new double[n][];
    for (int i = 0; i < n; i++) {
      origin[i] = in.readLong();
      value[i] = new double[] {in.readDouble(), in.readDouble()};
    }
    assertEquals(0, in.available(), "golden file fully read");

    // written back by the current serializer the state is in the current format and continues the same way
    DataOutputSerializer out = new DataOutputSerializer(4096);
    KeyStateSerializer.INSTANCE.serialize(s, out);
    assertEquals(3, out.getCopyOfBuffer()[VERSION_BYTE], "rewritten in the current format");
    KeyState upgraded = KeyStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    // the previous release had no forecast ensemble: its network's forecasts are what the golden holds
    LearnerConfig c = LearnerConfig.builder(WindowSpec.of(6, 2, V, V)).units(4).batchSize(4).replayRows(32)
        .seasonality(8).ensemble(false).build();
    OnlineLearner l1 = new OnlineLearner(c);
    OnlineLearner l2 = new OnlineLearner(c);
    List<Forecast> a = new ArrayList<>();
    List<Forecast> b = new ArrayList<>();
    for (long i = 100; i < 140; i++) {
      Event e = new Event("golden", 1000L * i, V, new double[] {wave(i)});
      a.addAll(l1.onEvent(s, e));
      b.addAll(l2.onEvent(upgraded, e));
    }
    assertEquals(a, b, "the v1 state and its v2 rewrite continue identically");
    assertEquals(n, a.size());
    // the restored model is the old release's model: its forecasts match to float32 rounding (the maths code
    // changed between the releases, which moves the last bits; a wrong restore moves whole units)
    double worst = 0;
    for (int i = 0; i < n; i++) {
      assertEquals(origin[i], a.get(i).originTimestamp());
      double[] now = {a.get(i).value(1), a.get(i).value(2)};
      assertArrayEquals(value[i], now, 1e-6 * Math.abs(value[i][0]), "forecast " + i + " vs the previous release");
      worst = Math.max(worst, Math.max(Math.abs(now[0] - value[i][0]), Math.abs(now[1] - value[i][1])));
    }
    System.out.printf("restored v1 state: 40 forecasts within %.3g of the previous release's%n", worst);

    // with the ensemble (the default now) the old state gets a fresh one and goes on forecasting
    LearnerConfig withEnsemble = c.toBuilder().ensemble(true).build();
    KeyState v1 = KeyStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    OnlineLearner l3 = new OnlineLearner(withEnsemble);
    int made = 0;
    for (long i = 140; i < 180; i++) {
      for (Forecast f : l3.onEvent(v1, new Event("golden", 1000L * i, V, new double[] {wave(i)}))) {
        assertTrue(Double.isFinite(f.value(1)) && Double.isFinite(f.value(2)));
        made++;
      }
    }
    assertEquals(40, made);
    KeyState again = KeyState.fromBytes(v1.toBytes());
    assertEquals(l3.onEvent(v1, new Event("golden", 180_000L, V, new double[] {wave(180)})),
        l3.onEvent(again, new Event("golden", 180_000L, V, new double[] {wave(180)})),
        "the ensemble's state round-trips");
  }
}
