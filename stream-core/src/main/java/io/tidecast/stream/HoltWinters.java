package io.tidecast.stream;

/**
 * Online additive Holt-Winters (error-correction form of Hyndman &amp; Athanasopoulos, FPP 8.3):
 * <pre>
 *   l(t) = alpha (y(t) - s(t-m)) + (1-alpha) (l(t-1) + b(t-1))
 *   b(t) = beta (l(t) - l(t-1)) + (1-beta) b(t-1)
 *   s(t) = gamma (y(t) - l(t-1) - b(t-1)) + (1-gamma) s(t-m)
 *   yhat(t+h) = l(t) + h b(t) + s(t+h-m(k+1)),  k = floor((h-1)/m)
 * </pre>
 * Initialised from the first {@code m} values: level = their mean, trend 0, seasonals = deviations from it;
 * until then the forecast is the last value. {@code m = 1} means no season (Holt's linear trend).
 */
public final class HoltWinters implements Forecaster {
  private final int period;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double[] season; // s at index j % period; holds the raw first values before initialisation
  private long count;
  private double level;
  private double trend;
  private double last;

  /** alpha 0.2, beta 0.05, gamma 0.1. */
  public HoltWinters(int seasonalPeriod) {
    this(seasonalPeriod, 0.2, 0.05, 0.1);
  }

  public HoltWinters(int seasonalPeriod, double alpha, double beta, double gamma) {
    if (seasonalPeriod < 1 || seasonalPeriod > WindowSpec.MAX_SPAN) {
      throw new IllegalArgumentException("seasonalPeriod must be in [1, " + WindowSpec.MAX_SPAN
          + "] (1 = no season); got " + seasonalPeriod);
    }
    unit("alpha", alpha);
    unit("beta", beta);
    unit("gamma", gamma);
    this.period = seasonalPeriod;
    this.alpha = alpha;
    this.beta = beta;
    this.gamma = gamma;
    this.season = new double[seasonalPeriod];
  }

  private static void unit(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]; got " + v);
    }
  }

  @Override
  public void learnOne(double y) {
    update(y);
  }

  public void update(double y) {
    if (!Double.isFinite(y)) {
      throw new IllegalArgumentException("value is " + y + "; Holt-Winters takes finite values only");
    }
    int at = (int) (count % period);
    if (count < period) {
      season[at] = y;
      if (count == period - 1) {
        initialise();
      }
    } else {
      double prevLevel = level;
      double prevTrend = trend;
      double s = period == 1 ? 0 : season[at];
      level = alpha * (y - s) + (1 - alpha) * (prevLevel + prevTrend);
      trend = beta * (level - prevLevel) + (1 - beta) * prevTrend;
      if (period > 1) {
        season[at] = gamma * (y - prevLevel - prevTrend) + (1 - gamma) * s;
      }
    }
    last = y;
    count++;
  }

  private void initialise() {
    double mean = 0;
    for (int i = 0; i < period; i++) {
      mean += (season[i] - mean) / (i + 1);
    }
    level = mean;
    trend = 0;
    for (int i = 0; i < period; i++) {
      season[i] = period == 1 ? 0 : season[i] - mean;
    }
  }

  /** Forecast {@code h >= 1} steps after the latest value. */
  public double forecast(int h) {
    if (h < 1) {
      throw new IllegalArgumentException("h must be >= 1; got " + h);
    }
    if (count == 0) {
      throw new IllegalStateException("no values yet: call update() first");
    }
    if (!isInitialised()) {
      return last;
    }
    // last index is count-1; s(t+h-m(k+1)) shares the residue of t+h modulo m
    return level + h * trend + season[(int) ((count - 1 + h) % period)];
  }

  /** Steps {@code 1..out.length} into {@code out}; returns {@code out}. */
  @Override
  public double[] forecast(double[] out) {
    for (int h = 1; h <= out.length; h++) {
      out[h - 1] = forecast(h);
    }
    return out;
  }

  public int seasonalPeriod() {
    return period;
  }

  public boolean isInitialised() {
    return count >= period;
  }

  public long count() {
    return count;
  }

  public double level() {
    return level;
  }

  public double trend() {
    return trend;
  }

  private static final int VERSION = 1;

  void writeTo(StateWriter w) {
    w.writeHeader(StateTags.HOLT_WINTERS, VERSION);
    w.writeDouble(alpha).writeDouble(beta).writeDouble(gamma);
    w.writeVarLong(count).writeDouble(level).writeDouble(trend).writeDouble(last);
    w.writeDoubles(season);
  }

  static HoltWinters readFrom(StateReader r) {
    r.readHeader(StateTags.HOLT_WINTERS, VERSION);
    double alpha = r.readDouble();
    double beta = r.readDouble();
    double gamma = r.readDouble();
    long count = r.readVarLong();
    double level = r.readDouble();
    double trend = r.readDouble();
    double last = r.readDouble();
    double[] season = r.readDoubles();
    HoltWinters hw;
    try {
      hw = new HoltWinters(season.length, alpha, beta, gamma);
    } catch (IllegalArgumentException e) {
      throw new StateFormatException("corrupt state: HoltWinters: " + e.getMessage());
    }
    System.arraycopy(season, 0, hw.season, 0, season.length);
    hw.count = count;
    hw.level = level;
    hw.trend = trend;
    hw.last = last;
    return hw;
  }
}
