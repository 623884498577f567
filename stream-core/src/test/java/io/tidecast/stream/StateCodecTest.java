package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidecast.stream.PrequentialEvaluator.Measure;
import io.tidecast.stream.PrequentialEvaluator.Source;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StateCodecTest {
  private static byte[] bytes(Consumer<StateWriter> write) {
    StateWriter w = new StateWriter();
    write.accept(w);
    return w.toByteArray();
  }

  private static <T> T read(byte[] b, Function<StateReader, T> read) {
    StateReader r = new StateReader(b);
    T t = read.apply(r);
    r.finish();
    return t;
  }

  @Test
  void primitivesRoundTripBitForBit() {
    double nanWithPayload = Double.longBitsToDouble(0x7ff8000000000123L);
    byte[] b = bytes(w -> w.writeVarInt(0).writeVarInt(127).writeVarInt(128).writeVarInt(Integer.MAX_VALUE)
        .writeVarLong(Long.MAX_VALUE).writeLong(Long.MIN_VALUE).writeInt(-7).writeBoolean(true).writeByte(-3)
        .writeDouble(-0.0).writeDouble(nanWithPayload).writeFloat(Float.MIN_VALUE).writeString("h\u00e9\u2603 \ud83c\udf0a")
        .writeDoubles(new double[] {1, Double.MAX_VALUE}).writeFloats(new float[] {2f}).writeLongs(new long[] {-1}));
    StateReader r = new StateReader(b);
    assertEquals(1, r.formatVersion());
    assertEquals(0, r.readVarInt());
    assertEquals(127, r.readVarInt());
    assertEquals(128, r.readVarInt());
    assertEquals(Integer.MAX_VALUE, r.readVarInt());
    assertEquals(Long.MAX_VALUE, r.readVarLong());
    assertEquals(Long.MIN_VALUE, r.readLong());
    assertEquals(-7, r.readInt());
    assertTrue(r.readBoolean());
    assertEquals(-3, r.readByte());
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(r.readDouble()));
    assertEquals(0x7ff8000000000123L, Double.doubleToRawLongBits(r.readDouble()));
    assertEquals(Float.MIN_VALUE, r.readFloat());
    assertEquals("h\u00e9\u2603 \ud83c\udf0a", r.readString());
    assertArrayEquals(new double[] {1, Double.MAX_VALUE}, r.readDoubles());
    assertArrayEquals(new float[] {2f}, r.readFloats());
    assertArrayEquals(new long[] {-1}, r.readLongs());
    r.finish();
    assertThrows(IllegalArgumentException.class, () -> new StateWriter().writeVarInt(-1));
  }

  @Test
  void bulkArraysWriteTheSameBigEndianBytesAsSingleValues() {
    float nanF = Float.intBitsToFloat(0x7fc00123);
    double[] d = {-0.0, Double.longBitsToDouble(0x7ff8000000000123L), 1.5};
    float[] f = {nanF, -2.25f, Float.MIN_VALUE};
    long[] l = {Long.MIN_VALUE, 0x0102030405060708L};
    byte[] bulk = bytes(w -> w.writeDoubles(d).writeFloats(f).writeLongs(l).writeInt(0x0A0B0C0D));
    byte[] single = bytes(w -> {
      w.writeVarInt(d.length);
      for (double x : d) {
        w.writeLong(Double.doubleToRawLongBits(x));
      }
      w.writeVarInt(f.length);
      for (float x : f) {
        w.writeInt(Float.floatToRawIntBits(x));
      }
      w.writeVarInt(l.length);
      for (long x : l) {
        w.writeLong(x);
      }
      w.writeInt(0x0A0B0C0D);
    });
    assertArrayEquals(single, bulk);
    // spelled out: magic "TDCS", version 1, then big-endian values
    assertArrayEquals(new byte[] {0x54, 0x44, 0x43, 0x53, 1, 2, 0x7f, (byte) 0xc0, 0x01, 0x23, 0x0A, 0x0B, 0x0C, 0x0D},
        bytes(w -> w.writeVarInt(2).writeFloat(nanF).writeInt(0x0A0B0C0D)));
    StateReader r = new StateReader(bulk);
    assertArrayEquals(Arrays.stream(d).mapToLong(Double::doubleToRawLongBits).toArray(),
        Arrays.stream(r.readDoubles()).mapToLong(Double::doubleToRawLongBits).toArray());
    float[] back = r.readFloats();
    for (int i = 0; i < f.length; i++) {
      assertEquals(Float.floatToRawIntBits(f[i]), Float.floatToRawIntBits(back[i]));
    }
    assertArrayEquals(l, r.readLongs());
    assertEquals(0x0A0B0C0D, r.readInt());
    r.finish();
  }

  /** Offset of the format version in a {@link KeyState#toBytes()} blob: magic "TDCS", codec byte, tag byte. */
  static final int KEY_STATE_VERSION_BYTE = 6;

  /**
   * {@code golden/keystate-v2-codec.bin}: two learners' states after 120 events, written by the per-byte codec
   * before the bulk one ({@code GenCodecGolden.java.txt}), in KeyState format 2 (before the forecast ensemble).
   * The same events, without the ensemble, must give the same bytes in format 3: the golden with the version byte
   * raised and one trailing "no ensemble" flag. The golden (an old release's state) decodes to exactly that too.
   */
  @Test
  void encodingIsByteIdenticalToThePerByteCodec() throws Exception {
    List<String> v = List.of("value");
    LearnerConfig[] configs = {
        LearnerConfig.builder(WindowSpec.of(6, 2, v, v)).units(4).batchSize(4).replayRows(32).seasonality(8)
            .ensemble(false).build(),
        LearnerConfig.builder(WindowSpec.of(6, 1, v, v)).units(4).stateful(true).ensemble(false).build()};
    try (java.io.DataInputStream in = new java.io.DataInputStream(
        getClass().getResourceAsStream("/golden/keystate-v2-codec.bin"))) {
      for (LearnerConfig c : configs) {
        byte[] v2 = new byte[in.readInt()];
        in.readFully(v2);
        assertEquals(2, v2[KEY_STATE_VERSION_BYTE], "the golden is KeyState format 2");
        byte[] golden = Arrays.copyOf(v2, v2.length + 1); // + writeBoolean(false): no ensemble
        golden[KEY_STATE_VERSION_BYTE] = (byte) KeyState.VERSION;
        assertEquals(3, KeyState.VERSION);
        OnlineLearner l = new OnlineLearner(c);
        KeyState s = l.newState("golden");
        for (long i = 0; i < 120; i++) {
          l.onEvent(s, new Event("golden", 1000L * i, v,
              new double[] {50 + 10 * Math.sin(2 * Math.PI * i / 8.0) + 0.5 * Math.cos(i * 0.77)}));
        }
        assertArrayEquals(golden, s.toBytes(), c.toString());
        assertArrayEquals(golden, KeyState.fromBytes(golden).toBytes(), c.toString());
        assertArrayEquals(golden, KeyState.fromBytes(v2).toBytes(), "format 2 read and rewritten as 3: " + c);
      }
      assertEquals(-1, in.read(), "golden has trailing bytes");
    }
  }

  @Test
  void headerErrorsAreClear() {
    StateFormatException e = assertThrows(StateFormatException.class, () -> new StateReader(new byte[] {1, 2}));
    assertTrue(e.getMessage().contains("too short"), e.getMessage());
    e = assertThrows(StateFormatException.class, () -> new StateReader(new byte[] {'P', 'K', 3, 4, 1}));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
    byte[] future = {0x54, 0x44, 0x43, 0x53, 9};
    e = assertThrows(StateFormatException.class, () -> new StateReader(future));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    byte[] trailing = Arrays.copyOf(bytes(w -> w.writeVarInt(5)), 7);
    StateReader r = new StateReader(trailing);
    r.readVarInt();
    e = assertThrows(StateFormatException.class, r::finish);
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    // wrong object type
    byte[] hw = bytes(new HoltWinters(3)::writeTo);
    e = assertThrows(StateFormatException.class, () -> OnlineStandardScaler.readFrom(new StateReader(hw)));
    assertTrue(e.getMessage().contains("expected StandardScaler") && e.getMessage().contains("HoltWinters"),
        e.getMessage());
  }

  @Test
  void hostileLengthsFailBeforeAllocating() {
    byte[] huge = bytes(w -> w.writeVarInt(Integer.MAX_VALUE));
    StateFormatException e = assertThrows(StateFormatException.class, () -> new StateReader(huge).readDoubles());
    assertTrue(e.getMessage().contains("exceeds the cap"), e.getMessage());
    byte[] big = bytes(w -> w.writeVarInt(1 << 20));
    e = assertThrows(StateFormatException.class, () -> new StateReader(big).readLongs());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    byte[] str = bytes(w -> w.writeString("abcdef"));
    e = assertThrows(StateFormatException.class, () -> new StateReader(str, 10, 3).readString());
    assertTrue(e.getMessage().contains("cap of 3"), e.getMessage());
    byte[] arr = bytes(w -> w.writeDoubles(new double[5]));
    assertThrows(StateFormatException.class, () -> new StateReader(arr, 4, 10).readDoubles());
    byte[] badVarint = {0x54, 0x44, 0x43, 0x53, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
    e = assertThrows(StateFormatException.class, () -> new StateReader(badVarint).readVarLong());
    assertTrue(e.getMessage().contains("malformed varint"), e.getMessage());
    byte[] badUtf8 = {0x54, 0x44, 0x43, 0x53, 1, 2, (byte) 0xC3, (byte) 0x28};
    e = assertThrows(StateFormatException.class, () -> new StateReader(badUtf8).readString());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  // ---- random states of every state object ----

  private static SlidingWindow randomWindow(SplittableRandom rnd) {
    WindowSpec spec = new WindowSpec(1 + rnd.nextInt(5), 1 + rnd.nextInt(3), 1 + rnd.nextInt(3),
        1 + rnd.nextInt(4), List.of("a", "b"), List.of("\u00fcber"), WindowSpec.Strategy.DIRECT);
    SlidingWindow sw = new SlidingWindow(spec);
    int n = rnd.nextInt(40);
    for (int t = 0; t < n; t++) {
      sw.add(t * 60_000L, new double[] {rnd.nextGaussian(), rnd.nextDouble()}, new double[] {rnd.nextGaussian()});
    }
    return sw;
  }

  private static OnlineStandardScaler randomStandard(SplittableRandom rnd) {
    OnlineStandardScaler s = new OnlineStandardScaler(3);
    int n = rnd.nextInt(30);
    for (int t = 0; t < n; t++) {
      s.update(new double[] {rnd.nextGaussian() * 1e250, rnd.nextDouble(), 5});
    }
    return s;
  }

  private static OnlineMinMaxScaler randomMinMax(SplittableRandom rnd) {
    OnlineMinMaxScaler s = new OnlineMinMaxScaler(2);
    int n = rnd.nextInt(30);
    for (int t = 0; t < n; t++) {
      s.update(new double[] {rnd.nextGaussian(), rnd.nextDouble(-1e300, 1e300)});
    }
    return s;
  }

  private static PrequentialEvaluator randomEvaluator(SplittableRandom rnd) {
    int H = 1 + rnd.nextInt(4);
    PrequentialEvaluator e = new PrequentialEvaluator(H, 1 + rnd.nextInt(5), rnd.nextInt(5));
    int n = rnd.nextInt(50);
    for (int t = 0; t < n; t++) {
      e.observe(rnd.nextGaussian());
      if (rnd.nextBoolean()) {
        double[] f = new double[H];
        for (int h = 0; h < H; h++) {
          f[h] = rnd.nextGaussian();
        }
        e.forecast(f);
      }
    }
    return e;
  }

  private static HoltWinters randomHoltWinters(SplittableRandom rnd) {
    HoltWinters hw = new HoltWinters(1 + rnd.nextInt(6), rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble());
    int n = rnd.nextInt(30);
    for (int t = 0; t < n; t++) {
      hw.update(rnd.nextGaussian() * 10);
    }
    return hw;
  }

  private static byte[] write(Object o) {
    StateWriter w = new StateWriter();
    if (o instanceof SlidingWindow) {
      ((SlidingWindow) o).writeTo(w);
    } else if (o instanceof Scaler) {
      ((Scaler) o).writeTo(w);
    } else if (o instanceof PrequentialEvaluator) {
      ((PrequentialEvaluator) o).writeTo(w);
    } else {
      ((HoltWinters) o).writeTo(w);
    }
    return w.toByteArray();
  }

  private static final List<Function<StateReader, Object>> READERS = List.of(
      SlidingWindow::readFrom, OnlineStandardScaler::readFrom, OnlineMinMaxScaler::readFrom,
      PrequentialEvaluator::readFrom, HoltWinters::readFrom, Scaler::readFrom);

  private static Object random(int kind, SplittableRandom rnd) {
    switch (kind) {
      case 0: return randomWindow(rnd);
      case 1: return randomStandard(rnd);
      case 2: return randomMinMax(rnd);
      case 3: return randomEvaluator(rnd);
      default: return randomHoltWinters(rnd);
    }
  }

  @Test
  void randomStatesRoundTripBitForBitAndBehaveIdentically() {
    SplittableRandom rnd = new SplittableRandom(2024);
    for (int trial = 0; trial < 40; trial++) {
      for (int kind = 0; kind < 5; kind++) {
        Object original = random(kind, rnd);
        byte[] b = write(original);
        Object restored = read(b, READERS.get(kind));
        assertArrayEquals(b, write(restored), "re-encoding kind " + kind);
        long seed = rnd.nextLong();
        assertArrayEquals(behaviour(original, new SplittableRandom(seed)),
            behaviour(restored, new SplittableRandom(seed)), "behaviour after restore, kind " + kind);
        if (kind == 1 || kind == 2) {
          Scaler viaInterface = read(b, Scaler::readFrom);
          assertArrayEquals(b, write(viaInterface));
        }
      }
    }
  }

  /** Feeds the same further inputs and records every output as raw bits. */
  private static long[] behaviour(Object o, SplittableRandom rnd) {
    long[] out = new long[64];
    int k = 0;
    for (int step = 0; step < 8; step++) {
      if (o instanceof SlidingWindow) {
        SlidingWindow sw = (SlidingWindow) o;
        sw.add(sw.count() == 0 ? 0 : sw.lastTimestamp() + 1, new double[] {rnd.nextGaussian(), 1},
            new double[] {rnd.nextGaussian()});
        out[k++] = sw.inputReady() ? Arrays.hashCode(sw.inputWindow(new double[sw.spec().timesteps() * 2])) : -1;
        out[k++] = sw.trainingReady() ? Arrays.hashCode(sw.trainingTargets(new double[sw.spec().horizon()])) : -1;
      } else if (o instanceof Scaler) {
        Scaler s = (Scaler) o;
        double[] row = new double[s.features()];
        for (int f = 0; f < row.length; f++) {
          row[f] = rnd.nextGaussian();
        }
        s.update(row);
        out[k++] = Double.doubleToRawLongBits(s.transform(0, 0.5));
        out[k++] = Double.doubleToRawLongBits(s.inverseTransform(s.features() - 1, 0.5));
      } else if (o instanceof PrequentialEvaluator) {
        PrequentialEvaluator e = (PrequentialEvaluator) o;
        e.observe(rnd.nextGaussian());
        e.forecast(new double[e.horizon()]);
        out[k++] = Double.doubleToRawLongBits(e.error(Source.MODEL, Measure.RMSE, e.horizon()));
        out[k++] = Double.doubleToRawLongBits(e.error(Source.SEASONAL_NAIVE, Measure.MASE));
      } else {
        HoltWinters hw = (HoltWinters) o;
        hw.update(rnd.nextGaussian());
        out[k++] = Double.doubleToRawLongBits(hw.forecast(3));
      }
    }
    return out;
  }

  @Test
  void truncatedStatesAlwaysFailClearly() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int kind = 0; kind < 5; kind++) {
      Object o = random(kind, rnd);
      byte[] b = write(o);
      for (int len = 0; len < b.length; len++) {
        byte[] cut = Arrays.copyOf(b, len);
        Function<StateReader, Object> reader = READERS.get(kind);
        assertThrows(StateFormatException.class, () -> read(cut, reader), "kind " + kind + " cut at " + len);
      }
    }
  }

  @Test
  void garbledStatesFailClearlyOrDecode() {
    SplittableRandom rnd = new SplittableRandom(9);
    int failures = 0;
    for (int trial = 0; trial < 3000; trial++) {
      int kind = trial % 5;
      byte[] b = write(random(kind, rnd));
      int flips = 1 + rnd.nextInt(4);
      for (int i = 0; i < flips; i++) {
        int at = 4 + rnd.nextInt(b.length - 4); // past the magic, which is tested on its own
        b[at] = (byte) rnd.nextInt(256);
      }
      try {
        read(b, READERS.get(kind));
      } catch (StateFormatException expected) {
        failures++;
      } catch (RuntimeException | OutOfMemoryError other) {
        fail("kind " + kind + " trial " + trial + ": garbled input gave " + other, other);
      }
    }
    assertTrue(failures > 100, "garbling should usually be detected; detected " + failures);
  }
}
