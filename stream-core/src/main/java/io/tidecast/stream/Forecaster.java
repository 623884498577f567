package io.tidecast.stream;

/**
 * A forecaster of one series, in River's terms: {@code learn_one} each value as it comes, {@code forecast} the next
 * steps. The classical methods ({@link NaiveForecaster}, {@link SeasonalNaiveForecaster}, {@link HoltWinters},
 * {@link Naive2Forecaster}) and the network ({@link NetworkForecaster}) implement it; backtests and M4 evaluation take
 * any of them by name ({@link Forecasters}). A new kind of model is one class implementing this plus its registration.
 */
public interface Forecaster {
  /** The series' next value (finite). */
  void learnOne(double y);

  /** Steps {@code 1..out.length} after the newest value, into {@code out}; NaN where it cannot forecast yet. */
  double[] forecast(double[] out);
}
