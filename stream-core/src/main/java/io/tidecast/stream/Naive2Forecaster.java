package io.tidecast.stream;

import java.util.Arrays;

/** The M4 competition's Naive2 ({@link Naive2}) of the whole history seen, recomputed at each forecast. */
public final class Naive2Forecaster implements Forecaster {
  private final int period;
  private double[] history = new double[64];
  private int n;

  public Naive2Forecaster(int seasonalPeriod) {
    this.period = seasonalPeriod;
  }

  @Override
  public void learnOne(double y) {
    if (n == history.length) {
      history = Arrays.copyOf(history, n * 2);
    }
    history[n++] = y;
  }

  @Override
  public double[] forecast(double[] out) {
    if (n == 0) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    double[] f = Naive2.forecast(Arrays.copyOf(history, n), out.length, period);
    System.arraycopy(f, 0, out, 0, out.length);
    return out;
  }
}
