package io.tidecast.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import io.tidecast.stream.param.Param;
import io.tidecast.stream.param.ParamMap;

/**
 * Everything an {@link OnlineLearner} needs, in Keras-like terms, with defaults that suit most series:
 * LSTM(32) → Dense(horizon), Adam with {@code clipnorm=1}, MSE, one train step per new labelled window on a
 * mini-batch of the newest window plus windows replayed from the key's recent history, per-key standard
 * scaling. Build with {@link #builder(WindowSpec)}, or from option values with {@link #of(ParamMap)}; every option,
 * its default and its check are declared once, in {@link LearnerParams}.
 */
public final class LearnerConfig implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** Derived calendar inputs, computed from each event's timestamp (UTC) as sin/cos pairs. */
  public enum TimeFeature {
    HOUR_OF_DAY, DAY_OF_WEEK;

    public static TimeFeature parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("time feature must be one of hour_of_day, day_of_week; got '" + s + "'");
      }
    }
  }

  private final WindowSpec window;
  private final ParamMap params;
  private final int replayRows;

  private LearnerConfig(Builder b) {
    this.window = Objects.requireNonNull(b.window, "window");
    this.params = new ParamMap(b.params);
    int minRows = window.span() + window.targetSteps()
        + (seasonalDifference() || seasonalLead() ? seasonality() : 0);
    // a copy (toBuilder) keeps the rows its original settled on
    this.replayRows = Math.max(Math.max(params.get(LearnerParams.REPLAY_ROWS), minRows), b.replayRowsFloor);
  }

  public static Builder builder(WindowSpec window) {
    return new Builder(window);
  }

  /**
   * The config of {@code values} (options not set take their defaults): the window from the {@code window.*}
   * options, the rest from theirs. Errors name the option, e.g. {@code model.dropout must be in [0, 1); got 1.0}.
   */
  public static LearnerConfig of(ParamMap values) {
    return of(windowOf(values), values);
  }

  /** The window of the {@code window.*} options in {@code values}. */
  public static WindowSpec windowOf(ParamMap values) {
    List<String> targets = values.get(LearnerParams.TARGETS);
    return new WindowSpec(values.get(LearnerParams.TIMESTEPS), values.get(LearnerParams.STRIDE),
        values.get(LearnerParams.SAMPLING_RATE), values.get(LearnerParams.HORIZON),
        values.getOrElse(LearnerParams.FEATURES, targets), targets,
        WindowSpec.Strategy.parse(values.get(LearnerParams.STRATEGY)));
  }

  /** The config of {@code w} and the other learner options in {@code values}. */
  public static LearnerConfig of(WindowSpec w, ParamMap values) {
    Builder b = builder(w);
    for (Param<?> p : LearnerParams.ALL) {
      if (values.contains(p) && !p.section().equals("window")) {
        copy(values, p, b);
      }
    }
    return b.build();
  }

  private static <T> void copy(ParamMap from, Param<T> p, Builder to) {
    to.set(p, from.get(p));
  }

  public Builder toBuilder() {
    Builder b = new Builder(window);
    b.params.merge(params);
    b.replayRowsFloor = replayRows;
    return b;
  }

  /** The value of any learner option ({@link LearnerParams}), e.g. one a new learner reads. */
  public <T> T get(Param<T> p) {
    return params.get(p);
  }

  /** The learner options as set (window options excepted: see {@link #window()}). */
  public ParamMap params() {
    return new ParamMap(params);
  }

  public WindowSpec window() {
    return window;
  }

  /** {@code lstm}, {@code gru} or {@code simple_rnn}. */
  public String recurrent() {
    return params.get(LearnerParams.RECURRENT);
  }

  /** Units of each stacked recurrent layer (all but the last return sequences). */
  public List<Integer> units() {
    return params.get(LearnerParams.UNITS);
  }

  public double dropout() {
    return params.get(LearnerParams.DROPOUT);
  }

  public String optimizer() {
    return params.get(LearnerParams.OPTIMIZER);
  }

  public double learningRate() {
    return params.get(LearnerParams.LEARNING_RATE);
  }

  /** Per-variable gradient norm clip; 0 disables it. */
  public double clipnorm() {
    return params.get(LearnerParams.CLIPNORM);
  }

  public String loss() {
    return params.get(LearnerParams.LOSS);
  }

  public int trainEvery() {
    return params.get(LearnerParams.TRAIN_EVERY);
  }

  public int batchSize() {
    return params.get(LearnerParams.BATCH_SIZE);
  }

  /** Raw rows of history kept per key for replay (at least one window plus its targets). */
  public int replayRows() {
    return replayRows;
  }

  public String scaler() {
    return params.get(LearnerParams.SCALER);
  }

  /** Seasonal period in events for the seasonal-naive baseline and MASE; 1 = none. */
  public int seasonality() {
    return params.get(LearnerParams.SEASONALITY);
  }

  public long seed() {
    return params.get(LearnerParams.SEED);
  }

  public boolean sharedModel() {
    return params.get(LearnerParams.SHARED_MODEL);
  }

  /** A batch whose loss exceeds this multiple of the running loss is not learned from (counted as a rollback). */
  public double explodeFactor() {
    return params.get(LearnerParams.EXPLODE_FACTOR);
  }

  public List<TimeFeature> timeFeatures() {
    List<TimeFeature> f = new ArrayList<>();
    for (String n : params.get(LearnerParams.TIME_FEATURES)) {
      f.add(TimeFeature.parse(n));
    }
    return Collections.unmodifiableList(f);
  }

  /** Leading targets per key that are not scored by the prequential evaluator. */
  public long warmupTargets() {
    return params.get(LearnerParams.WARMUP_TARGETS);
  }

  /**
   * Learn the residual over the seasonal-naive forecast: targets are {@code y(t+h) - y(t+h-m)}, the recent
   * seasonal differences are extra inputs, and forecasts add {@code y(t+h-m)} back. An untrained model thus
   * starts as seasonal naive and learns what it misses.
   */
  public boolean seasonalDifference() {
    return params.get(LearnerParams.SEASONAL_DIFFERENCE);
  }

  /**
   * Adds, per target, the input {@code y(k - m + horizon)} at every timestep k: over the window's last
   * {@code horizon} steps these are last season's values of exactly the steps being forecast.
   */
  public boolean seasonalLead() {
    return params.get(LearnerParams.SEASONAL_LEAD);
  }

  /**
   * Keras {@code stateful=True} for streams: each key's recurrent state is carried from event to event (one
   * timestep per event, so forecasting is cheap) and training unrolls the newest window from the state saved
   * just before it (truncated BPTT over {@code timesteps}).
   */
  public boolean stateful() {
    return params.get(LearnerParams.STATEFUL);
  }

  /**
   * Emit, per key and horizon step, the online combination of the network's forecast with naive, seasonal naive
   * and Holt-Winters, each weighted by the inverse of its recent (discounted) squared error (on by default: the
   * network alone loses to seasonal naive on short and trending series, see BENCHMARKS.md). Off: the network's
   * forecast alone.
   */
  public boolean ensemble() {
    return params.get(LearnerParams.ENSEMBLE);
  }

  /** The {@code model} tag on metrics. */
  public String modelName() {
    return params.get(LearnerParams.NAME);
  }

  /** Model input features per timestep: the window's inputs, then two per time feature. */
  public int inputFeatures() {
    int t = window.targets().size();
    return window.inputs().size() + 2 * timeFeatures().size() + (seasonalDifference() ? t : 0)
        + (seasonalLead() ? t : 0);
  }

  /** Model outputs: {@code targetSteps * targets}, step-major. */
  public int outputs() {
    return window.targetSteps() * window.targets().size();
  }

  @Override
  public String toString() {
    return "LearnerConfig{" + window + ", " + recurrent() + units() + ", dropout=" + dropout() + ", " + optimizer()
        + "(lr=" + learningRate() + ", clipnorm=" + clipnorm() + "), loss=" + loss() + ", trainEvery=" + trainEvery()
        + ", batch=" + batchSize() + ", replayRows=" + replayRows + ", scaler=" + scaler() + ", seasonality="
        + seasonality() + ", seed=" + seed() + ", shared=" + sharedModel() + ", timeFeatures=" + timeFeatures()
        + ", seasonalDifference=" + seasonalDifference() + ", seasonalLead=" + seasonalLead() + ", stateful="
        + stateful() + ", ensemble=" + ensemble() + "}";
  }

  /**
   * Fluent builder: each setter checks its option ({@link LearnerParams}) and names it in the error; {@link #build()}
   * checks the options together.
   */
  public static final class Builder {
    private final WindowSpec window;
    private final ParamMap params = new ParamMap();
    private int replayRowsFloor;

    private Builder(WindowSpec window) {
      this.window = Objects.requireNonNull(window, "window spec is required");
    }

    /** Sets any learner option, e.g. one added to {@link LearnerParams} for a new learner. */
    public <T> Builder set(Param<T> p, T value) {
      if (p.section().equals("window")) {
        throw new IllegalArgumentException(p.name() + " is part of the window spec; give it to builder(WindowSpec)");
      }
      params.set(p, value);
      if (p.equals(LearnerParams.REPLAY_ROWS)) {
        replayRowsFloor = 0;
      }
      return this;
    }

    public Builder recurrent(String type) {
      return set(LearnerParams.RECURRENT, type);
    }

    public Builder units(Integer... units) {
      return units(List.of(units));
    }

    public Builder units(List<Integer> units) {
      return set(LearnerParams.UNITS, units);
    }

    public Builder dropout(double d) {
      return set(LearnerParams.DROPOUT, d);
    }

    public Builder optimizer(String name) {
      return set(LearnerParams.OPTIMIZER, name.toLowerCase(Locale.ROOT));
    }

    public Builder learningRate(double lr) {
      return set(LearnerParams.LEARNING_RATE, lr);
    }

    public Builder clipnorm(double c) {
      return set(LearnerParams.CLIPNORM, c);
    }

    public Builder loss(String name) {
      return set(LearnerParams.LOSS, name);
    }

    public Builder trainEvery(int n) {
      return set(LearnerParams.TRAIN_EVERY, n);
    }

    public Builder batchSize(int n) {
      return set(LearnerParams.BATCH_SIZE, n);
    }

    public Builder replayRows(int n) {
      return set(LearnerParams.REPLAY_ROWS, n);
    }

    public Builder scaler(String name) {
      return set(LearnerParams.SCALER, name);
    }

    public Builder seasonality(int m) {
      return set(LearnerParams.SEASONALITY, m);
    }

    public Builder seed(long seed) {
      return set(LearnerParams.SEED, seed);
    }

    public Builder sharedModel(boolean shared) {
      return set(LearnerParams.SHARED_MODEL, shared);
    }

    public Builder explodeFactor(double f) {
      return set(LearnerParams.EXPLODE_FACTOR, f);
    }

    public Builder timeFeatures(List<TimeFeature> features) {
      List<String> names = new ArrayList<>();
      for (TimeFeature f : features) {
        names.add(f.name().toLowerCase(Locale.ROOT));
      }
      return set(LearnerParams.TIME_FEATURES, names);
    }

    public Builder timeFeatures(TimeFeature... features) {
      return timeFeatures(List.of(features));
    }

    public Builder warmupTargets(long n) {
      return set(LearnerParams.WARMUP_TARGETS, n);
    }

    public Builder modelName(String name) {
      return set(LearnerParams.NAME, Objects.requireNonNull(name));
    }

    public Builder seasonalDifference(boolean on) {
      return set(LearnerParams.SEASONAL_DIFFERENCE, on);
    }

    public Builder seasonalLead(boolean on) {
      return set(LearnerParams.SEASONAL_LEAD, on);
    }

    public Builder stateful(boolean on) {
      return set(LearnerParams.STATEFUL, on);
    }

    public Builder ensemble(boolean on) {
      return set(LearnerParams.ENSEMBLE, on);
    }

    public LearnerConfig build() {
      boolean stateful = params.get(LearnerParams.STATEFUL);
      boolean seasonalLead = params.get(LearnerParams.SEASONAL_LEAD);
      boolean seasonalDifference = params.get(LearnerParams.SEASONAL_DIFFERENCE);
      int seasonality = params.get(LearnerParams.SEASONALITY);
      if (stateful && (window.samplingRate() != 1 || window.strategy() != WindowSpec.Strategy.DIRECT)) {
        throw new IllegalArgumentException("stateful needs sampling_rate 1 and strategy direct (the state "
            + "advances one event at a time); got sampling_rate " + window.samplingRate() + ", strategy "
            + window.strategy());
      }
      if (seasonalLead) {
        if (window.horizon() > seasonality) {
          throw new IllegalArgumentException("seasonal_lead needs horizon <= seasonality; got horizon "
              + window.horizon() + ", seasonality " + seasonality);
        }
        if (!window.inputs().containsAll(window.targets())) {
          throw new IllegalArgumentException("seasonal_lead needs every target among the inputs; targets "
              + window.targets() + ", inputs " + window.inputs());
        }
      }
      if (seasonalDifference) {
        if (window.strategy() != WindowSpec.Strategy.DIRECT) {
          throw new IllegalArgumentException("seasonal_difference needs strategy direct");
        }
        if (window.horizon() > seasonality) {
          throw new IllegalArgumentException("seasonal_difference needs horizon <= seasonality (the seasonal value "
              + "of every forecast step must be known); got horizon " + window.horizon() + ", seasonality "
              + seasonality);
        }
        if (!window.inputs().containsAll(window.targets())) {
          throw new IllegalArgumentException("seasonal_difference needs every target among the inputs; targets "
              + window.targets() + ", inputs " + window.inputs());
        }
      }
      if (window.strategy() == WindowSpec.Strategy.RECURSIVE && !params.get(LearnerParams.TIME_FEATURES).isEmpty()) {
        throw new IllegalArgumentException("time_features are not supported with the recursive strategy "
            + "(future calendar inputs would have to be generated); use strategy direct");
      }
      return new LearnerConfig(this);
    }
  }

  /** Names of what the model is trained to output per step: the targets, or their seasonal differences. */
  List<String> modelTargetNames() {
    if (!seasonalDifference()) {
      return window.targets();
    }
    List<String> n = new ArrayList<>();
    for (String t : window.targets()) {
      n.add("__sdiff_" + t);
    }
    return Collections.unmodifiableList(n);
  }

  List<String> modelInputNames() {
    List<String> n = new ArrayList<>(window.inputs());
    for (TimeFeature f : timeFeatures()) {
      String b = f.name().toLowerCase(Locale.ROOT);
      n.add("__" + b + "_sin");
      n.add("__" + b + "_cos");
    }
    if (seasonalDifference()) {
      for (String t : window.targets()) {
        n.add("__sdiff_" + t);
      }
    }
    if (seasonalLead()) {
      for (String t : window.targets()) {
        n.add("__slead_" + t);
      }
    }
    return Collections.unmodifiableList(n);
  }
}
