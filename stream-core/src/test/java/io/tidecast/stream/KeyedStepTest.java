package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-key protocol both runtimes run, over an in-memory store that keeps blobs as Kafka Streams does. */
class KeyedStepTest {
  static final List<String> V = List.of("value");

  /** Blobs per key, as Kafka Streams stores them, and how often the table was written. */
  static final class BlobTable<V> implements KeyStateStore<V> {
    final Map<String, byte[]> blobs = new HashMap<>();
    final StateCodec<V> codec;
    int writes;

    BlobTable(StateCodec<V> codec) {
      this.codec = codec;
    }

    @Override
    public V get(String key) {
      byte[] b = blobs.get(key);
      return b == null ? null : codec.fromBytes(b);
    }

    @Override
    public void put(String key, V value) {
      blobs.put(key, codec.toBytes(value));
      writes++;
    }

    @Override
    public void delete(String key) {
      blobs.remove(key);
    }
  }

  /** Per-key placement's two tables. */
  static final class BlobStore {
    final BlobTable<KeyState> stateTable = new BlobTable<>(StateCodec.KEY_STATE);
    final BlobTable<ModelState> modelTable = new BlobTable<>(StateCodec.MODEL_STATE);
    final Map<String, byte[]> states = stateTable.blobs;
    final Map<String, byte[]> models = modelTable.blobs;

    int stateWrites() {
      return stateTable.writes;
    }

    int modelWrites() {
      return modelTable.writes;
    }

    KeyState state(String key) {
      return stateTable.get(key);
    }

    KeyedStep<KeyState> step(LearnerConfig c) {
      OnlineLearner l = new OnlineLearner(c);
      return new KeyedStep<>(l, new KeyStates(stateTable, modelTable, l.modelPerKey()));
    }
  }

  /** What the step handed out. */
  static final class Collected implements KeyedStep.Output {
    final Map<String, List<Forecast>> forecasts = new LinkedHashMap<>();
    final List<String> late = new ArrayList<>();

    @Override
    public void forecast(Event cause, Forecast f) {
      assertEquals(cause.key(), f.key());
      assertEquals(cause.timestamp(), f.originTimestamp());
      forecasts.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
    }

    @Override
    public void late(Event e, long newest) {
      late.add(e.key() + "@" + e.timestamp() + "<=" + newest);
    }
  }

  static LearnerConfig cfg(int trainEvery) {
    return LearnerConfig.builder(WindowSpec.of(6, 2, V, V)).units(4).batchSize(4).replayRows(32).seasonality(8)
        .trainEvery(trainEvery).build();
  }

  static List<Event> interleaved(int keys, int perKey) {
    List<Event> all = new ArrayList<>();
    for (int i = 0; i < perKey; i++) {
      for (int k = 0; k < keys; k++) {
        all.add(new Event("k" + k, 1000L * i, V, new double[] {50 + 10 * Math.sin(i * 0.7 + k) + k}));
      }
    }
    return all;
  }

  /** Each key alone through a learner: what every runtime must reproduce. */
  static Map<String, List<Forecast>> reference(LearnerConfig cfg, List<Event> events) {
    Map<String, List<Forecast>> out = new LinkedHashMap<>();
    Map<String, KeyState> states = new HashMap<>();
    OnlineLearner l = new OnlineLearner(cfg);
    for (Event e : events) {
      out.computeIfAbsent(e.key(), k -> new ArrayList<>())
          .addAll(l.onEvent(states.computeIfAbsent(e.key(), l::newState), e));
    }
    return out;
  }

  @Test
  void eventByEventAndInBundlesTheForecastsAreEachKeyAlones() {
    LearnerConfig c = cfg(2);
    List<Event> events = interleaved(5, 40);
    Map<String, List<Forecast>> want = reference(c, events);
    for (int bundle : new int[] {1, 3, 7, events.size()}) {
      BlobStore store = new BlobStore();
      KeyedStep<KeyState> step = store.step(c);
      Collected got = new Collected();
      for (int i = 0; i < events.size(); i += bundle) {
        step.process(events.subList(i, Math.min(events.size(), i + bundle)), got);
      }
      assertEquals(want, got.forecasts, "bundles of " + bundle);
      assertEquals(5, step.created());
      assertTrue(got.late.isEmpty());
    }
  }

  @Test
  void theModelIsWrittenOnlyWhenTrainingChangedIt() {
    LearnerConfig c = cfg(4); // a training step every 4th labelled window
    BlobStore store = new BlobStore();
    KeyedStep<KeyState> step = store.step(c);
    Collected out = new Collected();
    long versions = 0;
    for (Event e : interleaved(1, 60)) {
      long before = store.states.containsKey("k0") ? store.state("k0").version() : -1;
      int writes = store.modelWrites();
      step.process(e, out);
      long after = store.state("k0").version();
      boolean trained = after != before;
      versions += trained && before >= 0 ? 1 : 0;
      assertEquals(trained ? writes + 1 : writes, store.modelWrites(),
          "event " + e.timestamp() + ": a model write exactly when the version changed (or the key is new)");
    }
    assertEquals(60, store.stateWrites(), "the rest of the state is written with every event");
    assertTrue(versions > 5 && store.modelWrites() < 60, versions + " trained, " + store.modelWrites()
        + " model writes");
  }

  @Test
  void lateEventsAreRefusedAndLeaveTheStateAsItWas() {
    BlobStore store = new BlobStore();
    KeyedStep<KeyState> step = store.step(cfg(1));
    Collected out = new Collected();
    for (long i = 0; i < 10; i++) {
      step.process(new Event("a", 1000 * i, V, new double[] {i}), out);
    }
    byte[] before = store.states.get("a");
    int writes = store.stateWrites();
    step.process(List.of(new Event("a", 9000, V, new double[] {1}), new Event("a", 3000, V, new double[] {1})), out);
    assertEquals(List.of("a@9000<=9000", "a@3000<=9000"), out.late);
    assertEquals(writes, store.stateWrites(), "nothing written");
    assertTrue(java.util.Arrays.equals(before, store.states.get("a")));
    // within one bundle, an event at the time of one just learned is late too
    step.process(List.of(new Event("a", 10_000, V, new double[] {1}), new Event("a", 10_000, V, new double[] {2})),
        out);
    assertEquals("a@10000<=10000", out.late.get(2));
    assertEquals(10_000, step.lastTimestamp("a"));
  }

  @Test
  void aStateWithItsModelInlineIsSplitOnItsFirstWrite() {
    LearnerConfig c = cfg(1);
    OnlineLearner l = new OnlineLearner(c);
    KeyState old = l.newState("a");
    for (long i = 0; i < 20; i++) {
      l.onEvent(old, new Event("a", 1000 * i, V, new double[] {i % 5}));
    }
    BlobStore store = new BlobStore();
    store.states.put("a", old.toBytes()); // an older release's blob: the model inside
    KeyedStep<KeyState> step = store.step(c);
    step.process(new Event("a", 20_000, V, new double[] {3}), new Collected());
    assertNotNull(store.models.get("a"), "the model moved to its own table");
    assertNull(KeyState.fromBytes(store.states.get("a")).model());
  }

  @Test
  void evictionDropsStateAndModelAndCounts() {
    BlobStore store = new BlobStore();
    KeyedStep<KeyState> step = store.step(cfg(1));
    step.process(new Event("a", 0, V, new double[] {1}), new Collected());
    assertTrue(store.states.containsKey("a") && store.models.containsKey("a"));
    step.evict("a");
    assertTrue(store.states.isEmpty() && store.models.isEmpty());
    assertEquals(Long.MIN_VALUE, step.lastTimestamp("a"));
    step.process(new Event("a", 5, V, new double[] {1}), new Collected());
    assertEquals(2, step.created(), "a returning key starts fresh");
  }
}
