package io.tidecast.stream.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.ModelState;
import io.tidecast.stream.OnlineLearner;
import io.tidecast.stream.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The operator keeps a key's model in a keyed value of its own ({@code tidecast-model}), written when training
 * changed it, and the rest of the key's state without it. On RocksDB (every read a fresh copy, so a skipped write
 * would lose the training step) the stored model must always be the learner's current one, a snapshot must
 * continue bit for bit, and a state from before the split (model inline) must be taken over and split.
 */
class ModelStateSplitTest {
  private static final String KEY = "k";
  // trains every 3rd labelled window: most events must not rewrite the model, some must
  private static final LearnerConfig CFG = LearnerConfig.builder(
      WindowSpec.of(6, 1, List.of("value"), List.of("value"))).units(6).batchSize(2).trainEvery(3).replayRows(16)
      .modelName("split").build();

  private static Event ev(int i) {
    return new Event(KEY, 1_000L * (i + 1), List.of("value"), new double[] {10 + Math.sin(0.4 * i) + 0.01 * i});
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Event, Forecast> harness() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Event, Forecast> h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ForecastFunction(CFG, 0)), Event::key, BasicTypeInfo.STRING_TYPE_INFO);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  private static <T> ValueState<T> state(KeyedOneInputStreamOperatorTestHarness<String, Event, Forecast> h,
      ValueStateDescriptor<T> d) throws Exception {
    KeyedStateBackend<Object> b = h.getOperator().getKeyedStateBackend();
    b.setCurrentKey(KEY);
    return b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
  }

  private static ValueState<KeyState> learnerState(KeyedOneInputStreamOperatorTestHarness<String, Event, Forecast> h)
      throws Exception {
    return state(h, new ValueStateDescriptor<>("tidecast-learner", Types.KEY_STATE));
  }

  private static ValueState<ModelState> modelState(KeyedOneInputStreamOperatorTestHarness<String, Event, Forecast> h)
      throws Exception {
    return state(h, new ValueStateDescriptor<>("tidecast-model", Types.MODEL_STATE));
  }

  @Test
  void storedModelIsAlwaysCurrentAndSnapshotsContinueBitForBit() throws Exception {
    OnlineLearner alone = new OnlineLearner(CFG);
    KeyState s = alone.newState(KEY);
    List<Forecast> expected = new ArrayList<>();
    List<Forecast> got = new ArrayList<>();
    OperatorSubtaskState snapshot;
    long versions = 0;
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 40; i++) {
        h.processElement(new StreamRecord<>(ev(i), ev(i).timestamp()));
        expected.addAll(alone.onEvent(s, ev(i)));
        KeyState stored = learnerState(h).value();
        assertNull(stored.model(), "event " + i + ": the key's state is stored without its model");
        assertEquals(s.version(), stored.version());
        assertArrayEquals(s.model().toBytes(), modelState(h).value().toBytes(), "event " + i + ": stored model");
        versions = s.version();
      }
      got.addAll(h.extractOutputValues());
      snapshot = h.snapshot(1, 1);
    }
    assertTrue(versions >= 5 && versions <= 40 / 3 + 1, "trained every 3rd window: " + versions + " steps");
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      for (int i = 40; i < 80; i++) {
        h.processElement(new StreamRecord<>(ev(i), ev(i).timestamp()));
        expected.addAll(alone.onEvent(s, ev(i)));
      }
      got.addAll(h.extractOutputValues());
    }
    assertEquals(expected, got);
  }

  @Test
  void aStateWithItsModelInlineIsTakenOverAndSplit() throws Exception {
    OnlineLearner alone = new OnlineLearner(CFG);
    KeyState s = alone.newState(KEY);
    for (int i = 0; i < 30; i++) {
      alone.onEvent(s, ev(i));
    }
    List<Forecast> expected = new ArrayList<>();
    try (var h = harness()) {
      h.open();
      learnerState(h).update(KeyState.fromBytes(s.toBytes())); // as written before the split: model inline
      assertNull(modelState(h).value());
      for (int i = 30; i < 50; i++) {
        h.processElement(new StreamRecord<>(ev(i), ev(i).timestamp()));
        expected.addAll(alone.onEvent(s, ev(i)));
        assertNull(learnerState(h).value().model(), "split on the first write");
        assertNotNull(modelState(h).value());
        assertArrayEquals(s.model().toBytes(), modelState(h).value().toBytes(), "event " + i);
      }
      assertEquals(expected, h.extractOutputValues());
    }
  }
}
