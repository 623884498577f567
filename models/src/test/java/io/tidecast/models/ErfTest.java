package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class ErfTest {
  private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510"
      + "58209749445923078164062862089986280348253421170679");

  /** erf(x) from its Maclaurin series in 200-digit arithmetic: independent of the rational fits under test. */
  private static BigDecimal erfExact(double x) {
    MathContext mc = new MathContext(200);
    BigDecimal bx = new BigDecimal(x);
    BigDecimal x2 = bx.multiply(bx);
    BigDecimal term = bx;
    BigDecimal sum = bx;
    BigDecimal eps = BigDecimal.ONE.movePointLeft(190);
    for (int n = 1; ; n++) {
      term = term.multiply(x2).divide(BigDecimal.valueOf(-n), mc);
      BigDecimal t = term.divide(BigDecimal.valueOf(2L * n + 1), mc);
      sum = sum.add(t, mc);
      if (n > x * x && t.abs().compareTo(eps) < 0) {
        break;
      }
    }
    return sum.multiply(BigDecimal.valueOf(2)).divide(PI.sqrt(mc), mc);
  }

  @Test
  void knownValues() {
    assertEquals(0.5204998778130465, Erf.erf(0.5), 1e-16);
    assertEquals(-0.5204998778130465, Erf.erf(-0.5), 1e-16);
    assertEquals(0.0, Erf.erf(0.0), 0.0);
    assertEquals(1.0, Erf.erf(7.0), 0.0);
    assertEquals(-1.0, Erf.erf(-40.0), 0.0);
    assertEquals(1.5374597944280348502e-12, Erf.erfc(5.0), 2e-15 * 1.5374597944280348502e-12);
    assertEquals(2.0884875837625447570e-45, Erf.erfc(10.0), 2e-15 * 2.0884875837625447570e-45);
    assertEquals(2.0, Erf.erfc(-10.0), 0.0);
    assertEquals(0.0, Erf.erfc(30.0), 0.0);
    assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
  }

  @Test
  void erfMatchesTheIntegral() {
    for (double x = -5.9; x <= 5.9; x += 0.0437) {
      double expected = erfExact(x).doubleValue();
      assertEquals(expected, Erf.erf(x), Math.ulp(expected), "erf(" + x + ")");
    }
  }

  @Test
  void erfcMatchesTheTailIntegralWithRelativePrecision() {
    for (double x = 0.01; x <= 12; x += 0.1731) {
      BigDecimal e = erfExact(x);
      double expected = BigDecimal.ONE.subtract(e).doubleValue();
      assertEquals(expected, Erf.erfc(x), 2 * Math.ulp(expected), "erfc(" + x + ")");
      double expectedNeg = BigDecimal.ONE.add(e).doubleValue();
      assertEquals(expectedNeg, Erf.erfc(-x), Math.ulp(expectedNeg), "erfc(" + (-x) + ")");
    }
  }

  @Test
  void erfPlusErfcIsOneAcrossIntervalBoundaries() {
    for (double x = -7; x <= 7; x += 0.01) {
      assertEquals(1.0, Erf.erf(x) + Erf.erfc(x), 3e-16, "x=" + x);
    }
  }
}
