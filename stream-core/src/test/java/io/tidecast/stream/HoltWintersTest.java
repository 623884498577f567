package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HoltWintersTest {
  @Test
  void handWorkedSeasonTwo() {
    HoltWinters hw = new HoltWinters(2, 0.5, 0.5, 0.5);
    assertThrows(IllegalStateException.class, () -> hw.forecast(1));
    hw.update(10);
    assertFalse(hw.isInitialised());
    assertEquals(10.0, hw.forecast(3)); // last value until a season is seen
    hw.update(20);
    // init: level 15, trend 0, seasonals -5 (even index), +5 (odd index)
    assertEquals(15.0, hw.level());
    assertEquals(10.0, hw.forecast(1)); // next index 2 is even: 15 - 5
    hw.update(16);
    // l = .5(16+5) + .5(15+0) = 18; b = .5(18-15) = 1.5; s_even = .5(16-15-0) + .5(-5) = -2
    assertEquals(18.0, hw.level(), 1e-12);
    assertEquals(1.5, hw.trend(), 1e-12);
    assertEquals(18 + 1.5 + 5, hw.forecast(1), 1e-12);
    assertEquals(18 + 3 - 2, hw.forecast(2), 1e-12);
    hw.update(24);
    // l = .5(24-5) + .5(18+1.5) = 19.25; b = .5(1.25) + .5(1.5) = 1.375; s_odd = .5(24-18-1.5) + .5(5) = 4.75
    assertEquals(19.25, hw.level(), 1e-12);
    assertEquals(1.375, hw.trend(), 1e-12);
    double[] f = hw.forecast(new double[3]);
    assertEquals(19.25 + 1.375 - 2, f[0], 1e-12);
    assertEquals(19.25 + 2 * 1.375 + 4.75, f[1], 1e-12);
    assertEquals(19.25 + 3 * 1.375 - 2, f[2], 1e-12);
  }

  @Test
  void exactSeasonalPatternIsForecastExactly() {
    double[] pattern = {3, -1, -4, 2};
    HoltWinters hw = new HoltWinters(4);
    for (int t = 0; t < 40; t++) {
      hw.update(100 + pattern[t % 4]);
    }
    for (int h = 1; h <= 9; h++) {
      assertEquals(100 + pattern[(40 - 1 + h) % 4], hw.forecast(h), 1e-9, "h=" + h);
    }
  }

  @Test
  void linearTrendWithoutSeasonConverges() {
    HoltWinters hw = new HoltWinters(1);
    int n = 2000;
    for (int t = 0; t < n; t++) {
      hw.update(3 + 2.0 * t);
    }
    for (int h = 1; h <= 5; h++) {
      assertEquals(3 + 2.0 * (n - 1 + h), hw.forecast(h), 1e-6, "h=" + h);
    }
  }

  @Test
  void validatesParameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HoltWinters(4, 1.5, 0.1, 0.1));
    assertTrue(e.getMessage().startsWith("alpha must be in [0, 1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new HoltWinters(0));
    assertTrue(e.getMessage().startsWith("seasonalPeriod must be"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HoltWinters(2).update(Double.NaN));
  }
}
