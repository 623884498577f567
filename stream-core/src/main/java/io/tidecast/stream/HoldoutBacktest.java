package io.tidecast.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed-split protocol of the long-horizon forecasting papers (e.g. Informer on ETT): learn from the rows
 * before {@code trainEnd}, then score every window whose forecast origin lies in the test rows (stride 1, all
 * {@code horizon} steps) by MSE and MAE. The model is scored twice from the same trained state: frozen (no more
 * updates; scalers frozen too) and online (it keeps learning, predict then learn, through the validation and test
 * rows). Naive ({@code y(t)}) and seasonal-naive baselines are scored on the same windows.
 */
public final class HoldoutBacktest {
  private HoldoutBacktest() {
  }

  /** Mean squared and absolute error over {@code windows} windows of {@code horizon} steps each. */
  public record Errors(double mse, double mae) {
  }

  public record Result(long windows, int horizon, Errors frozen, Errors online, Errors naive, Errors seasonalNaive,
      double seconds) {
  }

  /**
   * @param events one key's events in time order
   * @param trainEnd rows {@code [0, trainEnd)} are learned from in both modes
   * @param testStart first test row: windows forecast rows {@code testStart..testEnd-1}, origins
   *     {@code testStart-1 .. testEnd-1-horizon}
   * @param testEnd end (exclusive) of the test rows
   */
  public static Result run(List<Event> events, LearnerConfig cfg, int trainEnd, int testStart, int testEnd) {
    int h = cfg.window().horizon();
    if (!(0 < trainEnd && trainEnd <= testStart && testStart + h <= testEnd && testEnd <= events.size())) {
      throw new IllegalArgumentException("need 0 < trainEnd <= testStart, testStart + horizon <= testEnd <= "
          + events.size() + " events; got trainEnd " + trainEnd + ", testStart " + testStart + ", testEnd "
          + testEnd + ", horizon " + h);
    }
    if (cfg.window().targets().size() != 1) {
      throw new IllegalArgumentException("one target only; got " + cfg.window().targets());
    }
    String target = cfg.window().targets().get(0);
    double[] y = new double[testEnd];
    for (int i = 0; i < testEnd; i++) {
      y[i] = events.get(i).value(events.get(i).names().indexOf(target));
    }
    long start = System.nanoTime();
    OnlineLearner learner = new OnlineLearner(cfg);
    KeyState s = learner.newState(events.get(0).key());
    for (int i = 0; i < trainEnd; i++) {
      learner.onEvent(s, events.get(i), true);
    }
    byte[] trained = s.toBytes();
    Sums frozen = replay(learner, KeyState.fromBytes(trained), events, y, trainEnd, testStart, testEnd, h, false,
        cfg.seasonality());
    Sums online = replay(learner, KeyState.fromBytes(trained), events, y, trainEnd, testStart, testEnd, h, true,
        cfg.seasonality());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (frozen.n != online.n || frozen.n == 0) {
      throw new IllegalStateException("frozen and online runs scored " + frozen.n + " and " + online.n
          + " windows; every test origin must be forecast (non-finite inputs in the test rows?)");
    }
    return new Result(frozen.n, h, frozen.model(), online.model(), online.naive(), online.seasonal(), seconds);
  }

  /** Squared and absolute error sums of the model and the baselines. */
  private static final class Sums {
    final double[] se = new double[3];
    final double[] ae = new double[3];
    long n;
    int h;

    void add(int who, double actual, double predicted) {
      double e = actual - predicted;
      se[who] += e * e;
      ae[who] += Math.abs(e);
    }

    Errors of(int who) {
      double cells = (double) n * h;
      return new Errors(se[who] / cells, ae[who] / cells);
    }

    Errors model() {
      return of(0);
    }

    Errors naive() {
      return of(1);
    }

    Errors seasonal() {
      return of(2);
    }
  }

  private static Sums replay(OnlineLearner learner, KeyState s, List<Event> events, double[] y, int from,
      int testStart, int testEnd, int h, boolean learn, int m) {
    Sums sums = new Sums();
    sums.h = h;
    for (int i = from; i < testEnd; i++) {
      List<Forecast> out = learner.onEvent(s, events.get(i), learn);
      if (i < testStart - 1 || i > testEnd - 1 - h || out.isEmpty()) {
        continue;
      }
      Forecast f = out.get(0);
      sums.n++;
      for (int k = 1; k <= h; k++) {
        double actual = y[i + k];
        sums.add(0, actual, f.value(k));
        sums.add(1, actual, y[i]);
        // y(t+k-m*ceil(k/m)): last season's value of the same phase
        int back = i + k - m * ((k + m - 1) / m);
        sums.add(2, actual, y[back >= 0 ? back : i]);
      }
    }
    return sums;
  }

  /**
   * {@code events} with every value standardised by the mean and (population) standard deviation of its feature
   * over the first {@code fitRows} rows, as scikit-learn's {@code StandardScaler} fitted on a train split.
   */
  public static List<Event> zScore(List<Event> events, int fitRows) {
    if (fitRows < 2 || fitRows > events.size()) {
      throw new IllegalArgumentException("fitRows must be in [2, " + events.size() + "]; got " + fitRows);
    }
    int f = events.get(0).values().length;
    double[] mean = new double[f];
    double[] m2 = new double[f];
    for (int i = 0; i < fitRows; i++) {
      for (int j = 0; j < f; j++) {
        double d = events.get(i).value(j) - mean[j];
        mean[j] += d / (i + 1);
        m2[j] += d * (events.get(i).value(j) - mean[j]);
      }
    }
    List<Event> out = new ArrayList<>(events.size());
    for (Event e : events) {
      double[] v = new double[f];
      for (int j = 0; j < f; j++) {
        double sd = Math.sqrt(m2[j] / fitRows);
        if (sd == 0) {
          throw new IllegalArgumentException("feature " + e.names().get(j) + " is constant over the first "
              + fitRows + " rows; it cannot be standardised");
        }
        v[j] = (e.value(j) - mean[j]) / sd;
      }
      out.add(new Event(e.key(), e.timestamp(), e.names(), v));
    }
    return out;
  }
}
