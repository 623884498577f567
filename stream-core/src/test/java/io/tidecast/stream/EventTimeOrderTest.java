package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A key's events that share a time, go backwards or repeat are refused as late (not learned twice) and never
 * crash the learner: forecasts stay finite with strictly increasing step times, and the accepted events give
 * exactly the forecasts of the same series without the refused ones.
 */
class EventTimeOrderTest {
  static final List<String> V = List.of("value");

  static LearnerConfig cfg(int timesteps, int horizon, boolean stateful) {
    return LearnerConfig.builder(WindowSpec.of(timesteps, horizon, V, V)).units(4).batchSize(4).replayRows(24)
        .seasonality(4).stateful(stateful).build();
  }

  static Event ev(long ts, double v) {
    return new Event("k", ts, V, new double[] {v});
  }

  /** Forecasts of feeding {@code events} to a fresh key, each checked; refused events are counted in late. */
  static List<Forecast> run(OnlineLearner l, List<Event> events) {
    KeyState s = l.newState("k");
    List<Forecast> out = new ArrayList<>();
    for (Event e : events) {
      for (Forecast f : l.onEvent(s, e)) {
        assertSane(f);
        out.add(f);
      }
    }
    return out;
  }

  static void assertSane(Forecast f) {
    long prev = f.originTimestamp();
    for (int h = 1; h <= f.horizon(); h++) {
      assertTrue(Double.isFinite(f.value(h)), () -> "non-finite forecast " + f);
      assertTrue(f.timestamp(h) > prev, () -> "step times must increase: " + f);
      prev = f.timestamp(h);
    }
  }

  static double late(SimpleMeterRegistry reg) {
    return reg.get("tidecast.events.late").counter().count();
  }

  @Test
  void eventsAllAtOneTimeKeepTheFirstAndRefuseTheRest() {
    for (int timesteps : new int[] {1, 3}) {
      SimpleMeterRegistry reg = new SimpleMeterRegistry();
      OnlineLearner l = new OnlineLearner(cfg(timesteps, 2, false), new LearnerMetrics(reg, "t", 2));
      KeyState s = l.newState("k");
      for (int i = 0; i < 20; i++) {
        assertTrue(l.onEvent(s, ev(5_000, i)).isEmpty(), "one instant has no step to forecast with");
      }
      assertEquals(1, s.events());
      assertEquals(19.0, late(reg));
      if (timesteps == 1) { // the first window is ready at once but has no step yet
        assertEquals(1.0, reg.get("tidecast.events.dropped").tag("reason", "unknown_interval").counter().count());
      }
      // the next later event gives the key its step
      List<Forecast> f = l.onEvent(s, ev(6_000, 1));
      assertEquals(timesteps == 1, !f.isEmpty());
      f.forEach(EventTimeOrderTest::assertSane);
    }
  }

  @Test
  void strictlyDecreasingTimesKeepOnlyTheFirst() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    OnlineLearner l = new OnlineLearner(cfg(1, 1, false), new LearnerMetrics(reg, "t", 1));
    KeyState s = l.newState("k");
    for (int i = 0; i < 30; i++) {
      assertTrue(l.onEvent(s, ev(100_000 - 1_000L * i, i)).isEmpty());
    }
    assertEquals(1, s.events());
    assertEquals(29.0, late(reg));
    assertEquals(100_000, s.lastTimestamp());
  }

  @Test
  void aRepeatedTimeInTheMiddleIsRefusedAndChangesNothing() {
    List<Event> clean = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      clean.add(ev(1_000L * i, 10 + Math.sin(i)));
    }
    List<Event> withRepeat = new ArrayList<>(clean);
    withRepeat.add(21, ev(20_000, 99)); // same time as event 20, another value
    withRepeat.add(22, clean.get(21)); // an exact duplicate
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    List<Forecast> got = run(new OnlineLearner(cfg(3, 2, false), new LearnerMetrics(reg, "t", 2)), withRepeat);
    assertEquals(2.0, late(reg));
    assertEquals(run(new OnlineLearner(cfg(3, 2, false)), clean), got, "bit-identical to the clean series");
  }

  /**
   * Random times with ties and reversals, over many seeds and three learner shapes: no exception, finite
   * forecasts with increasing step times, and the same forecasts as the series of the accepted events alone.
   */
  @Test
  void randomTiesAndReversalsNeverBreakAKey() {
    int refused = 0;
    for (long seed = 1; seed <= 90; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      LearnerConfig c = switch ((int) (seed % 3)) {
        case 0 -> cfg(1, 3, false);
        case 1 -> cfg(3, 2, false);
        default -> cfg(2, 2, true);
      };
      List<Event> all = new ArrayList<>();
      List<Event> kept = new ArrayList<>();
      long ts = r.nextLong(-5_000, 5_000);
      long newest = Long.MIN_VALUE;
      for (int i = 0; i < 36; i++) {
        // mostly forward, often a tie, sometimes backwards
        ts += switch (r.nextInt(6)) {
          case 0 -> 0;
          case 1 -> -r.nextLong(1, 4_000);
          default -> r.nextLong(1, 3_000);
        };
        Event e = ev(ts, 20 + 5 * Math.sin(i * 0.7) + r.nextDouble());
        all.add(e);
        if (ts > newest) {
          kept.add(e);
          newest = ts;
        }
      }
      refused += all.size() - kept.size();
      SimpleMeterRegistry reg = new SimpleMeterRegistry();
      List<Forecast> got = run(new OnlineLearner(c, new LearnerMetrics(reg, "t", c.window().horizon())), all);
      assertEquals(all.size() - kept.size(), late(reg), "seed " + seed);
      assertEquals(run(new OnlineLearner(c), kept), got, "seed " + seed);
      assertFalse(got.isEmpty(), "seed " + seed + " forecast nothing");
    }
    assertTrue(refused > 500, "the sequences must contain ties and reversals; refused " + refused);
  }
}
