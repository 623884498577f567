package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.layers.Weight;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GlobalLearnerTest {
  static GlobalConfig small(int horizon, int period) {
    // lags 12, LSTM(6), head 5, TBPTT 5 every 2 steps, 1 replay, 3 new segments per update
    return new GlobalConfig(horizon, period, 12, 6, 5, 5, 2, 1, 64, 3, 0.01, 1.0, 0.1, 0.2, "auto", false, 7);
  }

  /** Keys with daily cycles of different sizes and levels, some crossing zero (they normalise linearly). */
  static List<Event> events(int keys, int steps, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Event> out = new ArrayList<>();
    List<String> names = List.of("value");
    double[] level = new double[keys];
    for (int k = 0; k < keys; k++) {
      level[k] = k % 3 == 2 ? 0.5 : 10 + 90 * r.nextDouble();
    }
    for (int t = 0; t < steps; t++) {
      for (int k = 0; k < keys; k++) {
        if (r.nextInt(5) == 0) {
          continue; // keys do not arrive in lockstep
        }
        double v = level[k] * (1 + 0.3 * Math.sin(2 * Math.PI * t / 6.0 + k)) + r.nextGaussian() * 0.05 * level[k];
        out.add(new Event("k" + k, 1000L * t, names, new double[] {v}));
      }
    }
    return out;
  }

  /** Runs {@code events} split into calls of {@code chunk} events; returns every forecast in order and the states. */
  static List<double[]> run(GlobalLearner learner, List<Event> events, int chunk, Map<String, GlobalKeyState> states,
      boolean roundTripStates) {
    List<double[]> out = new ArrayList<>();
    for (int from = 0; from < events.size(); from += chunk) {
      List<Event> part = events.subList(from, Math.min(events.size(), from + chunk));
      learner.learn(part, k -> {
        GlobalKeyState s = states.computeIfAbsent(k, learner::newState);
        if (roundTripStates) {
          s = GlobalKeyState.fromBytes(s.toBytes(), learner.config());
          states.put(k, s);
        }
        return s;
      }, (e, s, f) -> out.add(f == null ? new double[0] : f));
    }
    return out;
  }

  @Test
  void forecastsDependOnlyOnTheEventSequenceNotOnHowItIsSplitIntoCalls() {
    List<Event> ev = events(7, 80, 1);
    Map<String, GlobalKeyState> a = new LinkedHashMap<>();
    Map<String, GlobalKeyState> b = new LinkedHashMap<>();
    Map<String, GlobalKeyState> c = new LinkedHashMap<>();
    GlobalLearner la = new GlobalLearner(small(3, 6));
    GlobalLearner lb = new GlobalLearner(small(3, 6));
    GlobalLearner lc = new GlobalLearner(small(3, 6));
    List<double[]> one = run(la, ev, ev.size(), a, false);
    List<double[]> single = run(lb, ev, 1, b, false);
    List<double[]> odd = run(lc, ev, 13, c, false);
    assertTrue(la.updates() > 20, "the test must cover many updates: " + la.updates());
    assertEquals(one.size(), single.size());
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(one.get(i), single.get(i), "forecast " + i);
      assertArrayEquals(one.get(i), odd.get(i), "forecast " + i);
    }
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).toBytes(), b.get(k).toBytes(), k);
      assertArrayEquals(a.get(k).toBytes(), c.get(k).toBytes(), k);
    }
    assertEquals(la.updates(), lb.updates());
  }

  @Test
  void theSameSequenceReplaysBitForBit() {
    List<Event> ev = events(5, 60, 2);
    List<double[]> first = run(new GlobalLearner(small(2, 6)), ev, 17, new HashMap<>(), false);
    List<double[]> again = run(new GlobalLearner(small(2, 6)), ev, 17, new HashMap<>(), false);
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i), again.get(i));
    }
  }

  @Test
  void keyStatesSurviveTheCodecWithoutChangingAnyForecast() {
    List<Event> ev = events(4, 60, 3);
    List<double[]> plain = run(new GlobalLearner(small(3, 6)), ev, 9, new HashMap<>(), false);
    Map<String, GlobalKeyState> states = new HashMap<>();
    List<double[]> viaBytes = run(new GlobalLearner(small(3, 6)), ev, 9, states, true);
    for (int i = 0; i < plain.size(); i++) {
      assertArrayEquals(plain.get(i), viaBytes.get(i), "forecast " + i);
    }
    for (GlobalKeyState s : states.values()) {
      byte[] b = s.toBytes();
      assertArrayEquals(b, GlobalKeyState.fromBytes(b, small(3, 6)).toBytes());
    }
    GlobalKeyState any = states.values().iterator().next();
    Exception e = assertThrows(StateFormatException.class, () -> GlobalKeyState.fromBytes(any.toBytes(), small(3, 12)));
    assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
  }

  @Test
  void keyStatesStayWithinTheirSizeCaps() {
    // the throughput budget fits the 2 KB target; the default (168 lags, LSTM(64)) is capped at 3 KB
    assertStateSize(GlobalConfig.throughput(1, 24), 2048);
    assertStateSize(GlobalConfig.defaults(1, 24), 3072);
  }

  private static void assertStateSize(GlobalConfig cfg, int cap) {
    GlobalLearner learner = new GlobalLearner(cfg);
    Map<String, GlobalKeyState> states = new HashMap<>();
    run(learner, events(2, 200, 4), 64, states, false);
    for (GlobalKeyState s : states.values()) {
      int size = s.toBytes().length;
      System.out.printf("global key state (%s, lags %d, units %d, horizon 1, period 24): %d bytes%n", s.key(),
          cfg.lags(), cfg.units(), size);
      assertTrue(size <= cap, "key state of " + size + " bytes");
    }
  }

  @Test
  void zeroAndNegativeValuesSwitchTheKeyToLinearNormalisationAndNothingNonFiniteIsForecast() {
    List<String> names = List.of("value");
    List<Event> ev = new ArrayList<>();
    for (int t = 0; t < 200; t++) {
      ev.add(new Event("temp", t, names, new double[] {5 + 10 * Math.sin(t / 3.0)})); // crosses zero at t ~ 10
      ev.add(new Event("zeros", t, names, new double[] {t % 7 == 0 ? 1e6 : 0.0}));
      ev.add(new Event("bad", t, names, new double[] {t % 5 == 0 ? Double.NaN : 3.0}));
    }
    GlobalLearner learner = new GlobalLearner(small(3, 6));
    Map<String, GlobalKeyState> states = new HashMap<>();
    List<double[]> out = run(learner, ev, 50, states, false);
    for (double[] f : out) {
      for (double v : f) {
        assertTrue(Double.isFinite(v));
      }
    }
    assertEquals(EsNormalizer.LINEAR, states.get("temp").norm.mode);
    assertEquals(EsNormalizer.LINEAR, states.get("zeros").norm.mode);
    assertEquals(EsNormalizer.LOG, states.get("bad").norm.mode);
    assertEquals(160, states.get("bad").steps(), "NaN values are skipped");
    assertTrue(learner.updates() > 0);
  }

  @Test
  void lateEventsAreSkipped() {
    GlobalLearner learner = new GlobalLearner(small(2, 6));
    Map<String, GlobalKeyState> states = new HashMap<>();
    List<String> names = List.of("value");
    List<double[]> out = run(learner, List.of(new Event("a", 10, names, new double[] {1}),
        new Event("a", 10, names, new double[] {2}), new Event("a", 5, names, new double[] {3}),
        new Event("a", 11, names, new double[] {4})), 10, states, false);
    assertEquals(2, out.size());
    assertEquals(2, states.get("a").steps());
  }

  // ---- the batched TBPTT gradient, in double precision ----

  static List<GlobalSegment> segments(GlobalConfig cfg, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<GlobalSegment> out = new ArrayList<>();
    int len = cfg.lags() + cfg.tbptt() + cfg.horizon() - 1;
    for (int i = 0; i < n; i++) {
      float[] state = new float[2 * cfg.units()];
      for (int j = 0; j < state.length; j++) {
        state[j] = (float) (r.nextDouble() - 0.5);
      }
      double[] levels = new double[cfg.tbptt()];
      double[] scales = new double[cfg.tbptt()];
      for (int j = 0; j < levels.length; j++) {
        levels[j] = r.nextDouble() - 0.5;
        scales[j] = 0.5 + r.nextDouble();
      }
      float[] values = new float[len];
      for (int j = 0; j < len; j++) {
        values[j] = i == 0 && j < 3 ? Float.NaN : (float) r.nextGaussian(); // padding before a key's start
      }
      out.add(new GlobalSegment(state, levels, scales, values));
    }
    return out;
  }

  static double[][] grads(GlobalNetwork net) {
    List<Weight> ws = net.weights();
    double[][] g = new double[ws.size()][];
    for (int i = 0; i < g.length; i++) {
      g[i] = ws.get(i).grad().clone();
    }
    return g;
  }

  @Test
  void theBatchedGradientIsTheMeanOfThePerSegmentGradientsAndMatchesFiniteDifferences() {
    GlobalConfig cfg = small(3, 6);
    GlobalNetwork net = new GlobalNetwork(cfg, true);
    // move the head off its silent start so every weight has a gradient
    SplittableRandom r = new SplittableRandom(11);
    for (Weight w : net.weights()) {
      for (int i = 0; i < w.size(); i++) {
        w.value()[i] += 0.1 * (r.nextDouble() - 0.5);
      }
    }
    List<GlobalSegment> segs = segments(cfg, 4, 5);
    net.gradients(segs);
    double[][] batched = grads(net);
    double[][] mean = new double[batched.length][];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = new double[batched[i].length];
    }
    for (GlobalSegment s : segs) {
      net.gradients(List.of(s));
      double[][] one = grads(net);
      for (int i = 0; i < mean.length; i++) {
        for (int j = 0; j < mean[i].length; j++) {
          mean[i][j] += one[i][j] / segs.size();
        }
      }
    }
    for (int i = 0; i < mean.length; i++) {
      for (int j = 0; j < mean[i].length; j++) {
        assertEquals(mean[i][j], batched[i][j], 1e-12 * (1 + Math.abs(mean[i][j])),
            net.weights().get(i).name() + "[" + j + "]");
      }
    }
    // central differences on every weight of every variable
    double eps = 1e-6;
    int checked = 0;
    for (int i = 0; i < batched.length; i++) {
      double[] v = net.weights().get(i).value();
      for (int j = 0; j < v.length; j += 3) {
        double keep = v[j];
        v[j] = keep + eps;
        double up = net.gradients(segs);
        v[j] = keep - eps;
        double down = net.gradients(segs);
        v[j] = keep;
        double numeric = (up - down) / (2 * eps);
        assertEquals(numeric, batched[i][j], 1e-6 + 1e-4 * Math.abs(numeric), net.weights().get(i).name() + "[" + j
            + "]");
        checked++;
      }
    }
    assertTrue(checked > 200, "checked " + checked);
  }

  @Test
  void theUntrainedNetworkStartsAsSeasonalNaive() {
    // a segment needs 30 steps and their 4 targets, more than the 30 events given: this network never trains
    GlobalConfig cfg = new GlobalConfig(4, 3, 12, 6, 5, 30, 2, 1, 64, 1, 0.01, 1.0, 0.1, 0.2, "auto", false, 7);
    GlobalLearner learner = new GlobalLearner(cfg);
    Map<String, GlobalKeyState> states = new HashMap<>();
    List<String> names = List.of("value");
    List<double[]> out = new ArrayList<>();
    double[] cycle = {10, 20, 40};
    int n = 30;
    for (int t = 0; t < n; t++) {
      learner.learn(List.of(new Event("a", t, names, new double[] {cycle[t % 3] * (1 + 0.001 * t)})),
          k -> states.computeIfAbsent(k, learner::newState), (e, s, f) -> out.add(f));
    }
    assertEquals(0, learner.updates());
    double[] last = out.get(out.size() - 1);
    // from t=29 (phase 2): steps 30..33 are phases 0, 1, 2, 0; seasonal naive repeats y(27), y(28), y(29), y(27)
    double[] naive = {10 * 1.027, 20 * 1.028, 40 * 1.029, 10 * 1.027};
    for (int h = 0; h < 4; h++) {
      assertEquals(naive[h], last[h], 0.02 * naive[h], "step " + (h + 1));
    }
  }
}
