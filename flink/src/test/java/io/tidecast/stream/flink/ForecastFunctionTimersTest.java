package io.tidecast.stream.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.OnlineLearner;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator's keyed timers with an idle-key TTL: one TTL timer per key, not one per event still within the TTL
 * (which at a 30-day TTL and a 1-minute series is 43,200 timers per key in state), while eviction and the
 * forecasts stay exactly what they were.
 */
class ForecastFunctionTimersTest {
  private static final long STEP = 1_000;
  private static final long TTL = 20 * STEP;

  @ParameterizedTest(name = "sorted={0}")
  @ValueSource(booleans = {false, true})
  void oneTtlTimerPerKeyAndIdleKeysStillGo(boolean sorted) throws Exception {
    LearnerConfig cfg = ForecastJobTest.smallConfig("timers");
    List<String> keys = List.of("a", "b", "c");
    List<Forecast> got = new ArrayList<>();
    List<Event> sent = new ArrayList<>();
    try (KeyedOneInputStreamOperatorTestHarness<String, Event, Forecast> h =
        new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ForecastFunction(cfg, TTL, sorted)),
            Event::key, BasicTypeInfo.STRING_TYPE_INFO)) {
      h.open();
      for (int i = 0; i < 100; i++) {
        long ts = 1_000_000 + i * STEP;
        for (String k : keys) {
          if (k.equals("c") && i >= 30) {
            continue; // c goes idle after step 29
          }
          Event e = new Event(k, ts, List.of("value"), new double[] {Math.sin(0.3 * i) + keys.indexOf(k)});
          sent.add(e);
          h.processElement(new StreamRecord<>(e, ts));
        }
        h.processWatermark(ts);
        int withState = i < 29 + TTL / STEP ? 3 : 2; // c's timer fires once the watermark passes its last + TTL
        assertEquals(withState, h.numEventTimeTimers(), "step " + i + ": one TTL timer per key with state");
      }
      for (StreamRecord<? extends Forecast> r : h.extractOutputStreamRecords()) {
        got.add(r.getValue());
      }
    }
    // the same forecasts as each key's events through the learner alone
    List<Forecast> expected = new ArrayList<>();
    OnlineLearner learner = new OnlineLearner(cfg);
    java.util.Map<String, KeyState> states = new java.util.HashMap<>();
    for (Event e : sent) {
      expected.addAll(learner.onEvent(states.computeIfAbsent(e.key(), learner::newState), e));
    }
    assertTrue(expected.size() > 100);
    for (String k : keys) { // timers of one time fire in key-group order, so compare per key
      assertEquals(expected.stream().filter(f -> f.key().equals(k)).toList(),
          got.stream().filter(f -> f.key().equals(k)).toList(), "key " + k);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Event, Forecast> harness(boolean sorted)
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Event, Forecast> h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ForecastFunction(ForecastJobTest.smallConfig("order"), 0, sorted)),
        Event::key, BasicTypeInfo.STRING_TYPE_INFO);
    h.open();
    return h;
  }

  private static Event ev(long ts, double v) {
    return new Event("k", ts, List.of("value"), new double[] {v});
  }

  private static void send(KeyedOneInputStreamOperatorTestHarness<String, Event, Forecast> h, long ts, double v)
      throws Exception {
    h.processElement(new StreamRecord<>(ev(ts, v), ts));
  }

  /** On arrival (zero out-of-orderness): a forecast per event as it comes, no watermark and no timer needed. */
  @Test
  void onArrivalForecastsWithoutWaitingForAWatermark() throws Exception {
    OnlineLearner alone = new OnlineLearner(ForecastJobTest.smallConfig("order"));
    KeyState s = alone.newState("k");
    List<Forecast> expected = new ArrayList<>();
    try (var h = harness(false)) {
      for (int i = 0; i < 20; i++) {
        send(h, 1_000 + i, Math.sin(i));
        expected.addAll(alone.onEvent(s, ev(1_000 + i, Math.sin(i))));
        assertEquals(expected, h.extractOutputValues(), "forecasts after event " + i);
        assertEquals(0, h.numEventTimeTimers(), "no timer per event");
      }
      assertTrue(expected.size() >= 5);
      send(h, 1_000 + 5, 0.0); // behind the key's newest: late, whatever the watermark
      assertEquals(1, h.getSideOutput(ForecastFunction.LATE).size());
      assertEquals(expected, h.extractOutputValues());
    }
  }

  /** Sorted (an out-of-orderness bound): events wait for the watermark and a key's events are used in time order. */
  @Test
  void sortedWaitsForTheWatermarkAndReorders() throws Exception {
    OnlineLearner alone = new OnlineLearner(ForecastJobTest.smallConfig("order"));
    KeyState s = alone.newState("k");
    List<Forecast> expected = new ArrayList<>();
    try (var h = harness(true)) {
      for (int i = 0; i < 20; i++) {
        int t = i == 18 ? 19 : i == 19 ? 18 : i; // the last two swapped
        send(h, 1_000 + t, Math.sin(t));
        expected.addAll(alone.onEvent(s, ev(1_000 + i, Math.sin(i))));
      }
      assertEquals(0, h.extractOutputValues().size(), "nothing before the watermark");
      h.processWatermark(1_000 + 19);
      assertTrue(expected.size() >= 5);
      assertEquals(expected, h.extractOutputValues(), "the key's events in time order");
      assertTrue(h.getSideOutput(ForecastFunction.LATE) == null || h.getSideOutput(ForecastFunction.LATE).isEmpty(),
          "the swapped pair is sorted, not late");
    }
  }
}
