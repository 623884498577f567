package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastEnsembleTest {
  static final double EPS = 1e-12;

  /** Horizon 1, m = 1: experts are the network, naive and Holt-Winters (m = 1: level + trend). */
  @Test
  void weightsAreInverseDiscountedSquaredErrorsComputedByHand() {
    ForecastEnsemble e = new ForecastEnsemble(1, 1);
    e.observe(10, true);
    double[] f = {13};
    e.combine(f);
    // no score yet: equal weights; naive 10; Holt-Winters initialised on one value: level 10, trend 0
    assertEquals((13 + 10 + 10) / 3.0, f[0], EPS);
    e.observe(11, true); // errors: network -2, naive 1, Holt-Winters 1
    assertEquals(1.0 / 9, e.weight(ForecastEnsemble.MODEL, 1), EPS); // (1/4) / (1/4 + 1 + 1)
    assertEquals(8.0 / 9, e.weight(ForecastEnsemble.NAIVE, 1) + e.weight(ForecastEnsemble.HOLT_WINTERS, 1),
        EPS);
    // Holt-Winters after 11: level 0.2*11 + 0.8*10 = 10.2, trend 0.05*0.2 = 0.01 -> 10.21
    f[0] = 12;
    e.combine(f);
    double hw = 10.21;
    assertEquals((12 * 0.25 + 11 + hw) / 2.25, f[0], 1e-9);
    e.observe(12, true); // errors at this origin: network 0 -> it has the least discounted error
    double sM = 0.99 * 4 + 0;
    double sN = 0.99 * 1 + 1;
    double sH = 0.99 * 1 + (12 - hw) * (12 - hw);
    double wM = 1 / sM;
    double wN = 1 / sN;
    double wH = 1 / sH;
    double sum = wM + wN + wH;
    assertEquals(wM / sum, e.weight(ForecastEnsemble.MODEL, 1), 1e-6);
    assertEquals(wN / sum, e.weight(ForecastEnsemble.NAIVE, 1), 1e-6);
    assertEquals(wH / sum, e.weight(ForecastEnsemble.HOLT_WINTERS, 1), 1e-6);
    assertEquals(0, e.weight(ForecastEnsemble.SEASONAL_NAIVE, 1), "no seasonal naive when m = 1");
  }

  @Test
  void theExpertsThatAreRightTakeTheWeight() {
    ForecastEnsemble e = new ForecastEnsemble(2, 3);
    int n = 600;
    for (int i = 0; i < n; i++) {
      e.observe(1 + i % 3, true); // a pure season of 3: 1, 2, 3, 1, ...
      if (i < n - 1) {
        e.combine(new double[] {0, 0}); // a network that is always wrong
      }
    }
    // seasonal naive is exact from the fourth value, Holt-Winters once initialised; the early misses fade away
    double[] f = {0, 0};
    e.combine(f); // origin 599 is the value 3: next are 1, 2
    assertArrayEquals(new double[] {1, 2}, f, 1e-4);
    for (int h = 1; h <= 2; h++) {
      assertTrue(e.weight(ForecastEnsemble.SEASONAL_NAIVE, h) + e.weight(ForecastEnsemble.HOLT_WINTERS, h)
          > 1 - 1e-4, "step " + h);
      assertTrue(e.weight(ForecastEnsemble.MODEL, h) < 1e-4 && e.weight(ForecastEnsemble.NAIVE, h) < 1e-4);
    }
  }

  @Test
  void frozenWeightsStayWhileTheBaselinesFollowTheData() {
    ForecastEnsemble e = new ForecastEnsemble(1, 1);
    e.observe(10, true);
    e.combine(new double[] {13});
    e.observe(11, true);
    double w = e.weight(ForecastEnsemble.MODEL, 1);
    e.combine(new double[] {50});
    e.observe(12, false); // not learning: the network's error of 38 is not counted
    assertEquals(w, e.weight(ForecastEnsemble.MODEL, 1), EPS);
    HoltWinters hw = new HoltWinters(1);
    hw.update(10);
    hw.update(11);
    hw.update(12);
    double[] f = {12};
    e.combine(f);
    // the old weights (1/4 : 1 : 1) over the network, naive at 12 and Holt-Winters having seen 12
    assertEquals((12 * 0.25 + 12 + hw.forecast(1)) / 2.25, f[0], 1e-9);
  }

  @Test
  void hugeValuesNeverGiveANonFiniteForecast() {
    ForecastEnsemble e = new ForecastEnsemble(3, 4);
    for (int i = 0; i < 200; i++) {
      double y = (i % 2 == 0 ? 1 : -1) * (1.7e308 / 4) * (i % 5);
      e.observe(y, true);
      double[] f = {y, -y, 0};
      e.combine(f);
      for (double v : f) {
        assertTrue(Double.isFinite(v), "step " + i + ": " + v);
      }
    }
    // Holt-Winters overflowed to NaN on the way; its error is kept as +Inf, so the state stays readable
    StateWriter w = new StateWriter(256);
    e.writeTo(w);
    ForecastEnsemble.readFrom(new StateReader(w.toByteArray()));
  }

  @Test
  void stateRoundTripsAndCorruptStateIsRefused() {
    ForecastEnsemble e = new ForecastEnsemble(3, 5);
    for (int i = 0; i < 40; i++) {
      e.observe(Math.sin(i) * 10, true);
      e.combine(new double[] {i, i + 1, i + 2});
    }
    StateWriter w = new StateWriter(256);
    e.writeTo(w);
    byte[] bytes = w.toByteArray();
    StateReader r = new StateReader(bytes);
    ForecastEnsemble back = ForecastEnsemble.readFrom(r);
    r.finish();
    StateWriter w2 = new StateWriter(256);
    back.writeTo(w2);
    assertArrayEquals(bytes, w2.toByteArray());
    double[] a = {1, 2, 3};
    double[] b = {1, 2, 3};
    e.observe(4, true);
    back.observe(4, true);
    e.combine(a);
    back.combine(b);
    assertArrayEquals(a, b, 0.0);

    // a horizon that does not match the arrays behind it
    byte[] bad = bytes.clone();
    int at = 7; // after magic, codec, tag, version: the horizon varint
    bad[at] = 4;
    assertThrows(StateFormatException.class, () -> ForecastEnsemble.readFrom(new StateReader(bad)));
  }

  /** In the learner: the first forecast is the plain mean of the network's (ensemble off) and the baselines'. */
  @Test
  void learnerEmitsTheCombinationOfItsNetworkAndTheBaselines() {
    List<String> v = List.of("value");
    LearnerConfig on = LearnerConfig.builder(WindowSpec.of(4, 2, v, v)).units(3).batchSize(2).build();
    LearnerConfig off = on.toBuilder().ensemble(false).build();
    assertTrue(on.ensemble(), "on by default");
    OnlineLearner lOn = new OnlineLearner(on);
    OnlineLearner lOff = new OnlineLearner(off);
    KeyState sOn = lOn.newState("k");
    KeyState sOff = lOff.newState("k");
    HoltWinters hw = new HoltWinters(1);
    List<double[]> net = new ArrayList<>();
    List<double[]> got = new ArrayList<>();
    double last = 0;
    for (int i = 0; i < 4; i++) {
      last = 5 + i * 0.5;
      Event e = new Event("k", 1000L * i, v, new double[] {last});
      hw.update(last);
      for (Forecast f : lOff.onEvent(sOff, e)) {
        net.add(new double[] {f.value(1), f.value(2)});
      }
      for (Forecast f : lOn.onEvent(sOn, e)) {
        got.add(new double[] {f.value(1), f.value(2)});
      }
    }
    assertEquals(1, net.size(), "one window, one forecast");
    for (int h = 1; h <= 2; h++) {
      assertEquals((net.get(0)[h - 1] + last + hw.forecast(h)) / 3, got.get(0)[h - 1], 1e-9, "step " + h);
    }
  }
}
