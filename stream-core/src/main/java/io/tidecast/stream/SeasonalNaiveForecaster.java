package io.tidecast.stream;

/**
 * Seasonal naive: step {@code h} is the value one season ({@code m} values) before it, {@code y(t+h-m*ceil(h/m))};
 * the newest value while fewer than {@code m} are known (as the prequential evaluator's baseline).
 */
public final class SeasonalNaiveForecaster implements Forecaster {
  private final double[] ring;
  private long count;

  public SeasonalNaiveForecaster(int seasonalPeriod) {
    if (seasonalPeriod < 1) {
      throw new IllegalArgumentException("seasonalPeriod must be >= 1; got " + seasonalPeriod);
    }
    ring = new double[seasonalPeriod];
  }

  @Override
  public void learnOne(double y) {
    ring[(int) (count % ring.length)] = y;
    count++;
  }

  @Override
  public double[] forecast(double[] out) {
    int m = ring.length;
    long t = count - 1;
    for (int h = 1; h <= out.length; h++) {
      long idx = t + h - (long) m * ((h + m - 1) / m);
      out[h - 1] = count == 0 ? Double.NaN : count < m ? ring[(int) (t % m)] : ring[(int) (idx % m)];
    }
    return out;
  }
}
