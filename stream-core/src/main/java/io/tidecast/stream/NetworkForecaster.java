package io.tidecast.stream;

import java.util.Arrays;
import java.util.List;

/**
 * The learner's network (with its ensemble, as configured) on one univariate series: each value is an event of the
 * config's one target, timed by its index, learned prequentially; the forecast is the one made from the newest value
 * (NaN while the first window fills).
 */
public final class NetworkForecaster implements Forecaster {
  private final OnlineLearner learner;
  private final KeyState state;
  private final List<String> names;
  private long t;
  private Forecast last;

  public NetworkForecaster(LearnerConfig cfg) {
    check(cfg);
    this.learner = new OnlineLearner(cfg);
    this.state = learner.newState("series");
    this.names = cfg.window().inputs();
  }

  /** Throws unless {@code cfg} forecasts one univariate series from its values alone. */
  static void check(LearnerConfig cfg) {
    if (cfg.window().inputs().size() != 1 || !cfg.window().inputs().equals(cfg.window().targets())) {
      throw new IllegalArgumentException("an M4 series is univariate: the window needs its one target as its only "
          + "input; got inputs " + cfg.window().inputs() + ", targets " + cfg.window().targets());
    }
    if (!cfg.timeFeatures().isEmpty()) {
      throw new IllegalArgumentException("M4 series have no timestamps; time features cannot be used");
    }
  }

  @Override
  public void learnOne(double y) {
    List<Forecast> f = learner.onEvent(state, new Event("series", t++, names, new double[] {y}));
    last = f.isEmpty() ? null : f.get(0);
  }

  @Override
  public double[] forecast(double[] out) {
    if (last == null || out.length > last.horizon()) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = last.value(i + 1);
    }
    return out;
  }
}
