package io.tidecast.stream;

import static io.tidecast.stream.param.ParamValidators.by;
import static io.tidecast.stream.param.ParamValidators.each;
import static io.tidecast.stream.param.ParamValidators.gt;
import static io.tidecast.stream.param.ParamValidators.gtEq;
import static io.tidecast.stream.param.ParamValidators.inRange;
import static io.tidecast.stream.param.ParamValidators.notBlank;
import static io.tidecast.stream.param.ParamValidators.nonEmptyEach;

import io.tidecast.models.Losses;
import io.tidecast.models.optimizers.Optimizers;
import io.tidecast.stream.param.Param;
import io.tidecast.stream.param.ParamValidators;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The learner's options, each declared once: {@link LearnerConfig}, the job spec's {@code window}, {@code model} and
 * {@code training} sections, every command line and the README's options table are derived from this table. Adding an
 * option is one line here (plus, if the learner reads it, the code that does).
 */
public final class LearnerParams {
  private LearnerParams() {
  }

  private static final int MAX = WindowSpec.MAX_SPAN;

  // ---- window (keras.utils.timeseries_dataset_from_array terms) ----
  public static final Param<Integer> TIMESTEPS = Param.integer("window.timesteps", 48, inRange(1, MAX),
      "window length: events per model input (Keras sequence_length)");
  public static final Param<Integer> STRIDE = Param.integer("window.stride", 1, inRange(1, MAX),
      "events between the starts of two training windows (Keras sequence_stride)");
  public static final Param<Integer> SAMPLING_RATE = Param.integer("window.sampling_rate", 1, inRange(1, MAX),
      "events between two timesteps of a window (Keras sampling_rate)");
  public static final Param<Integer> HORIZON = Param.integer("window.horizon", 1, inRange(1, 10_000),
      "steps ahead to forecast");
  public static final Param<List<String>> TARGETS = Param.strings("window.targets", List.of("value"),
      nonEmptyEach(notBlank(), "[value]"), "the features to forecast").specAlias("target").flag("--target")
      .alias("--targets").valueName("NAME[,NAME...]");
  public static final Param<List<String>> FEATURES = Param.strings("window.features", null,
      nonEmptyEach(notBlank(), "[value]"), "the model's input features per timestep").defaultDoc("the targets")
      .valueName("NAME[,NAME...]");
  public static final Param<String> STRATEGY = Param.choice("window.strategy", "direct", List.of("direct",
      "recursive"), "direct: one output per horizon step; recursive: a one-step model fed its own forecasts");

  // ---- job-level learner settings ----
  public static final Param<String> NAME = Param.string("name", "default", notBlank(),
      "the job's name: the model tag on metrics").flag("--model-name").alias("--name");
  public static final Param<Integer> SEASONALITY = Param.integer("seasonality", 1, inRange(1, MAX),
      "seasonal period in events (seasonal naive, MASE, the ensemble, seasonal differencing); 1 = none");
  public static final Param<Boolean> SHARED_MODEL = Param.bool("shared_model", false,
      "one model per operator instance (per task on Kafka Streams) for all its keys, instead of one per key");

  // ---- model (Keras terms) ----
  public static final Param<String> RECURRENT = Param.choice("model.recurrent", "lstm", RecurrentLayers.names(),
      "the recurrent layer type");
  public static final Param<List<Integer>> UNITS = Param.integers("model.units", List.of(32),
      nonEmptyEach(inRange(1, 4096), "[32]"), "units of each stacked recurrent layer");
  public static final Param<Double> DROPOUT = Param.number("model.dropout", 0.0, inRange(0, 1, true, false),
      "input dropout of the recurrent layers");
  public static final Param<String> OPTIMIZER = Param.string("model.optimizer", "adam",
      by("a Keras optimizer name", n -> Optimizers.get(n.toLowerCase(Locale.ROOT))), "the optimizer").lowerCase();
  public static final Param<Double> LEARNING_RATE = Param.number("model.learning_rate", 0.003,
      inRange(0, 10, false, false), "the optimizer's learning rate").alias("--lr");
  public static final Param<Double> CLIPNORM = Param.number("model.clipnorm", 1.0, gtEq(0),
      "per-variable gradient norm clip; 0 = off");
  public static final Param<String> LOSS = Param.string("model.loss", "mse", by("a Keras loss name", Losses::get),
      "the training loss, e.g. mse, mae, huber");
  public static final Param<Boolean> STATEFUL = Param.bool("model.stateful", false,
      "carry each key's recurrent state from event to event (Keras stateful=True; training is truncated BPTT)");
  public static final Param<Boolean> SEASONAL_DIFFERENCE = Param.bool("model.seasonal_difference", false,
      "learn the residual over seasonal naive (needs horizon <= seasonality)");
  public static final Param<Boolean> SEASONAL_LEAD = Param.bool("model.seasonal_lead", false,
      "add last season's values of the forecast steps as inputs (needs horizon <= seasonality)");
  public static final Param<List<String>> TIME_FEATURES = Param.strings("model.time_features", List.of(),
      each(by("one of " + String.join(", ", timeFeatureNames()), LearnerConfig.TimeFeature::parse)), "calendar inputs from each event's time (UTC), as sin/cos pairs");
  public static final Param<String> SCALER = Param.choice("model.scaler", "standard", List.of("standard", "minmax"),
      "per-key online scaling of inputs and targets");
  public static final Param<Long> SEED = Param.longParam("model.seed", 42L, ParamValidators.any(),
      "seed of every key's initial weights (mixed with the key) and replay draws");
  public static final Param<Boolean> ENSEMBLE = Param.bool("model.ensemble", true,
      "emit the online combination of the network with naive, seasonal naive and Holt-Winters (false: the network"
          + " alone)");

  // ---- training ----
  public static final Param<Integer> TRAIN_EVERY = Param.integer("training.train_every", 1, inRange(1, 1_000_000),
      "train on every N-th labelled window (forecasts are still made on every event)");
  public static final Param<Integer> BATCH_SIZE = Param.integer("training.batch_size", 16, inRange(1, 4096),
      "windows per training step: the newest plus ones replayed from the key's history");
  public static final Param<Integer> REPLAY_ROWS = Param.integer("training.replay_rows", 512, inRange(0, 1_000_000),
      "events of history kept per key for replay (at least one window and its targets)");
  public static final Param<Long> WARMUP_TARGETS = Param.longParam("training.warmup_targets", 0L,
      inRange(0, Integer.MAX_VALUE), "leading targets per key the prequential evaluator does not score");
  public static final Param<Double> EXPLODE_FACTOR = Param.number("training.explode_factor", 100.0, gt(1),
      "a batch whose loss exceeds this multiple of the running loss is not learned from").libraryOnly();

  /** Every learner option, in the order docs list them. */
  public static final List<Param<?>> ALL = List.of(NAME, SEASONALITY, SHARED_MODEL, TIMESTEPS, STRIDE, SAMPLING_RATE,
      HORIZON, FEATURES, TARGETS, STRATEGY, RECURRENT, UNITS, DROPOUT, OPTIMIZER, LEARNING_RATE, CLIPNORM, LOSS,
      STATEFUL, SEASONAL_DIFFERENCE, SEASONAL_LEAD, TIME_FEATURES, SCALER, SEED, ENSEMBLE, TRAIN_EVERY, BATCH_SIZE,
      REPLAY_ROWS, WARMUP_TARGETS, EXPLODE_FACTOR);

  private static List<String> timeFeatureNames() {
    List<String> n = new ArrayList<>();
    for (LearnerConfig.TimeFeature f : LearnerConfig.TimeFeature.values()) {
      n.add(f.name().toLowerCase(Locale.ROOT));
    }
    return n;
  }
}
