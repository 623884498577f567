package io.tidecast.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything an {@link OnlineLearner} needs, in Keras-like terms, with defaults that suit most series:
 * LSTM(32) → Dense(horizon), Adam with {@code clipnorm=1}, MSE, one train step per new labelled window on a
 * mini-batch of the newest window plus windows replayed from the key's recent history, per-key standard
 * scaling. Build with {@link #builder(WindowSpec)}.
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
  private final String recurrent;
  private final List<Integer> units;
  private final double dropout;
  private final String optimizer;
  private final double learningRate;
  private final double clipnorm;
  private final String loss;
  private final int trainEvery;
  private final int batchSize;
  private final int replayRows;
  private final String scaler;
  private final int seasonality;
  private final long seed;
  private final boolean sharedModel;
  private final double explodeFactor;
  private final List<TimeFeature> timeFeatures;
  private final long warmupTargets;
  private final String modelName;
  private final boolean seasonalDifference;
  private final boolean seasonalLead;
  private final boolean stateful;
  private final boolean ensemble;

  private LearnerConfig(Builder b) {
    this.window = Objects.requireNonNull(b.window, "window");
    this.recurrent = b.recurrent;
    this.units = List.copyOf(b.units);
    this.dropout = b.dropout;
    this.optimizer = b.optimizer;
    this.learningRate = b.learningRate;
    this.clipnorm = b.clipnorm;
    this.loss = b.loss;
    this.trainEvery = b.trainEvery;
    this.batchSize = b.batchSize;
    this.seasonalDifference = b.seasonalDifference;
    this.seasonalLead = b.seasonalLead;
    this.stateful = b.stateful;
    this.ensemble = b.ensemble;
    int minRows = window.span() + window.targetSteps()
        + (b.seasonalDifference || b.seasonalLead ? b.seasonality : 0);
    this.replayRows = Math.max(b.replayRows, minRows);
    this.scaler = b.scaler;
    this.seasonality = b.seasonality;
    this.seed = b.seed;
    this.sharedModel = b.sharedModel;
    this.explodeFactor = b.explodeFactor;
    this.timeFeatures = List.copyOf(b.timeFeatures);
    this.warmupTargets = b.warmupTargets;
    this.modelName = b.modelName;
  }

  public static Builder builder(WindowSpec window) {
    return new Builder(window);
  }

  public Builder toBuilder() {
    Builder b = new Builder(window);
    b.recurrent = recurrent;
    b.units = new ArrayList<>(units);
    b.dropout = dropout;
    b.optimizer = optimizer;
    b.learningRate = learningRate;
    b.clipnorm = clipnorm;
    b.loss = loss;
    b.trainEvery = trainEvery;
    b.batchSize = batchSize;
    b.replayRows = replayRows;
    b.scaler = scaler;
    b.seasonality = seasonality;
    b.seed = seed;
    b.sharedModel = sharedModel;
    b.explodeFactor = explodeFactor;
    b.timeFeatures = new ArrayList<>(timeFeatures);
    b.warmupTargets = warmupTargets;
    b.modelName = modelName;
    b.seasonalDifference = seasonalDifference;
    b.seasonalLead = seasonalLead;
    b.stateful = stateful;
    b.ensemble = ensemble;
    return b;
  }

  public WindowSpec window() {
    return window;
  }

  /** {@code lstm}, {@code gru} or {@code simple_rnn}. */
  public String recurrent() {
    return recurrent;
  }

  /** Units of each stacked recurrent layer (all but the last return sequences). */
  public List<Integer> units() {
    return units;
  }

  public double dropout() {
    return dropout;
  }

  public String optimizer() {
    return optimizer;
  }

  public double learningRate() {
    return learningRate;
  }

  /** Per-variable gradient norm clip; 0 disables it. */
  public double clipnorm() {
    return clipnorm;
  }

  public String loss() {
    return loss;
  }

  public int trainEvery() {
    return trainEvery;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Raw rows of history kept per key for replay (at least one window plus its targets). */
  public int replayRows() {
    return replayRows;
  }

  public String scaler() {
    return scaler;
  }

  /** Seasonal period in events for the seasonal-naive baseline and MASE; 1 = none. */
  public int seasonality() {
    return seasonality;
  }

  public long seed() {
    return seed;
  }

  public boolean sharedModel() {
    return sharedModel;
  }

  /** A batch whose loss exceeds this multiple of the running loss is not learned from (counted as a rollback). */
  public double explodeFactor() {
    return explodeFactor;
  }

  public List<TimeFeature> timeFeatures() {
    return timeFeatures;
  }

  /** Leading targets per key that are not scored by the prequential evaluator. */
  public long warmupTargets() {
    return warmupTargets;
  }

  /**
   * Learn the residual over the seasonal-naive forecast: targets are {@code y(t+h) - y(t+h-m)}, the recent
   * seasonal differences are extra inputs, and forecasts add {@code y(t+h-m)} back. An untrained model thus
   * starts as seasonal naive and learns what it misses.
   */
  public boolean seasonalDifference() {
    return seasonalDifference;
  }

  /**
   * Adds, per target, the input {@code y(k - m + horizon)} at every timestep k: over the window's last
   * {@code horizon} steps these are last season's values of exactly the steps being forecast.
   */
  public boolean seasonalLead() {
    return seasonalLead;
  }

  /**
   * Keras {@code stateful=True} for streams: each key's recurrent state is carried from event to event (one
   * timestep per event, so forecasting is cheap) and training unrolls the newest window from the state saved
   * just before it (truncated BPTT over {@code timesteps}).
   */
  public boolean stateful() {
    return stateful;
  }

  /**
   * Emit, per key and horizon step, the online combination of the network's forecast with naive, seasonal naive
   * and Holt-Winters, each weighted by the inverse of its recent (discounted) squared error (on by default: the
   * network alone loses to seasonal naive on short and trending series, see BENCHMARKS.md). Off: the network's
   * forecast alone.
   */
  public boolean ensemble() {
    return ensemble;
  }

  /** The {@code model} tag on metrics. */
  public String modelName() {
    return modelName;
  }

  /** Model input features per timestep: the window's inputs, then two per time feature. */
  public int inputFeatures() {
    int t = window.targets().size();
    return window.inputs().size() + 2 * timeFeatures.size() + (seasonalDifference ? t : 0) + (seasonalLead ? t : 0);
  }

  /** Model outputs: {@code targetSteps * targets}, step-major. */
  public int outputs() {
    return window.targetSteps() * window.targets().size();
  }

  @Override
  public String toString() {
    return "LearnerConfig{" + window + ", " + recurrent + units + ", dropout=" + dropout + ", " + optimizer + "(lr="
        + learningRate + ", clipnorm=" + clipnorm + "), loss=" + loss + ", trainEvery=" + trainEvery + ", batch="
        + batchSize + ", replayRows=" + replayRows + ", scaler=" + scaler + ", seasonality=" + seasonality
        + ", seed=" + seed + ", shared=" + sharedModel + ", timeFeatures=" + timeFeatures + ", seasonalDifference="
        + seasonalDifference + ", seasonalLead=" + seasonalLead + ", stateful=" + stateful + ", ensemble=" + ensemble
        + "}";
  }

  /** Fluent builder; {@link #build()} validates and names the field at fault. */
  public static final class Builder {
    private final WindowSpec window;
    private String recurrent = "lstm";
    private List<Integer> units = new ArrayList<>(List.of(32));
    private double dropout = 0.0;
    private String optimizer = "adam";
    private double learningRate = 0.003;
    private double clipnorm = 1.0;
    private String loss = "mse";
    private int trainEvery = 1;
    private int batchSize = 16;
    private int replayRows = 512;
    private String scaler = "standard";
    private int seasonality = 1;
    private long seed = 42L;
    private boolean sharedModel;
    private double explodeFactor = 100.0;
    private List<TimeFeature> timeFeatures = new ArrayList<>();
    private long warmupTargets;
    private String modelName = "default";
    private boolean seasonalDifference;
    private boolean seasonalLead;
    private boolean stateful;
    private boolean ensemble = true;

    private Builder(WindowSpec window) {
      this.window = Objects.requireNonNull(window, "window spec is required");
    }

    public Builder recurrent(String type) {
      String t = type.toLowerCase(Locale.ROOT);
      if (!List.of("lstm", "gru", "simple_rnn").contains(t)) {
        throw new IllegalArgumentException("model.recurrent must be one of lstm, gru, simple_rnn; got '" + type + "'");
      }
      this.recurrent = t;
      return this;
    }

    public Builder units(Integer... units) {
      return units(List.of(units));
    }

    public Builder units(List<Integer> units) {
      if (units.isEmpty()) {
        throw new IllegalArgumentException("model.units needs at least one recurrent layer, e.g. [32]");
      }
      for (Integer u : units) {
        if (u == null || u < 1 || u > 4096) {
          throw new IllegalArgumentException("model.units entries must be integers in [1, 4096]; got " + units);
        }
      }
      this.units = new ArrayList<>(units);
      return this;
    }

    public Builder dropout(double d) {
      if (!(d >= 0 && d < 1)) {
        throw new IllegalArgumentException("model.dropout must be in [0, 1); got " + d);
      }
      this.dropout = d;
      return this;
    }

    public Builder optimizer(String name) {
      this.optimizer = name.toLowerCase(Locale.ROOT);
      io.tidecast.models.optimizers.Optimizers.get(this.optimizer); // fail fast with the list of names
      return this;
    }

    public Builder learningRate(double lr) {
      if (!(lr > 0 && lr < 10)) {
        throw new IllegalArgumentException("model.learning_rate must be in (0, 10); got " + lr);
      }
      this.learningRate = lr;
      return this;
    }

    public Builder clipnorm(double c) {
      if (!(c >= 0) || Double.isInfinite(c)) {
        throw new IllegalArgumentException("model.clipnorm must be >= 0 (0 disables clipping); got " + c);
      }
      this.clipnorm = c;
      return this;
    }

    public Builder loss(String name) {
      io.tidecast.models.Losses.get(name); // fail fast with the list of names
      this.loss = name;
      return this;
    }

    public Builder trainEvery(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("training.train_every must be >= 1; got " + n);
      }
      this.trainEvery = n;
      return this;
    }

    public Builder batchSize(int n) {
      if (n < 1 || n > 4096) {
        throw new IllegalArgumentException("training.batch_size must be in [1, 4096]; got " + n);
      }
      this.batchSize = n;
      return this;
    }

    public Builder replayRows(int n) {
      if (n < 0 || n > 1_000_000) {
        throw new IllegalArgumentException("training.replay_rows must be in [0, 1000000]; got " + n);
      }
      this.replayRows = n;
      return this;
    }

    public Builder scaler(String name) {
      String s = name.toLowerCase(Locale.ROOT);
      if (!s.equals("standard") && !s.equals("minmax")) {
        throw new IllegalArgumentException("scaler must be standard or minmax; got '" + name + "'");
      }
      this.scaler = s;
      return this;
    }

    public Builder seasonality(int m) {
      if (m < 1 || m > WindowSpec.MAX_SPAN) {
        throw new IllegalArgumentException("seasonality must be in [1, " + WindowSpec.MAX_SPAN
            + "] (1 = none); got " + m);
      }
      this.seasonality = m;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder sharedModel(boolean shared) {
      this.sharedModel = shared;
      return this;
    }

    public Builder explodeFactor(double f) {
      if (!(f > 1)) {
        throw new IllegalArgumentException("explode_factor must be > 1; got " + f);
      }
      this.explodeFactor = f;
      return this;
    }

    public Builder timeFeatures(List<TimeFeature> features) {
      this.timeFeatures = new ArrayList<>(features);
      return this;
    }

    public Builder timeFeatures(TimeFeature... features) {
      return timeFeatures(List.of(features));
    }

    public Builder warmupTargets(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("warmup_targets must be >= 0; got " + n);
      }
      this.warmupTargets = n;
      return this;
    }

    public Builder modelName(String name) {
      this.modelName = Objects.requireNonNull(name);
      return this;
    }

    public Builder seasonalDifference(boolean on) {
      this.seasonalDifference = on;
      return this;
    }

    public Builder seasonalLead(boolean on) {
      this.seasonalLead = on;
      return this;
    }

    public Builder stateful(boolean on) {
      this.stateful = on;
      return this;
    }

    public Builder ensemble(boolean on) {
      this.ensemble = on;
      return this;
    }

    public LearnerConfig build() {
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
      if (window.strategy() == WindowSpec.Strategy.RECURSIVE && !timeFeatures.isEmpty()) {
        throw new IllegalArgumentException("time_features are not supported with the recursive strategy "
            + "(future calendar inputs would have to be generated); use strategy direct");
      }
      return new LearnerConfig(this);
    }
  }

  /** Names of what the model is trained to output per step: the targets, or their seasonal differences. */
  List<String> modelTargetNames() {
    if (!seasonalDifference) {
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
    for (TimeFeature f : timeFeatures) {
      String b = f.name().toLowerCase(Locale.ROOT);
      n.add("__" + b + "_sin");
      n.add("__" + b + "_cos");
    }
    if (seasonalDifference) {
      for (String t : window.targets()) {
        n.add("__sdiff_" + t);
      }
    }
    if (seasonalLead) {
      for (String t : window.targets()) {
        n.add("__slead_" + t);
      }
    }
    return Collections.unmodifiableList(n);
  }
}
