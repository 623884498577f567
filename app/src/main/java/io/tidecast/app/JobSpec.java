package io.tidecast.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tidecast.stream.flink.JobOptions;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.WindowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Tidecast job as a YAML file: Kafka topics, windowing, the model in Keras terms, training cadence, runtime,
 * checkpointing and metrics (see {@code examples/*.yaml}). Parsing fails fast on unknown fields and bad values
 * with the field path and what is allowed, e.g. {@code model.recurrent: must be one of lstm, gru, simple_rnn;
 * got 'transformer'}. The learner part becomes a {@link LearnerConfig} through its builder's validation.
 */
public final class JobSpec {
  /** Where a job runs. */
  public enum Runtime { FLINK, KSTREAMS }

  /** Kafka connection and topics; {@code properties} go to every client (security, tuning). */
  public record Kafka(String bootstrap, String inputTopic, String outputTopic, String dlqTopic, String groupId,
      Map<String, String> properties, String format, String startingOffsets) {
  }

  static final List<String> RECURRENT = List.of("lstm", "gru", "simple_rnn");
  static final List<String> RUNTIMES = List.of("flink", "kstreams");
  /** Client settings the spec owns through its own fields. */
  private static final Map<String, String> OWNED_PROPERTIES = Map.of("bootstrap.servers", "kafka.bootstrap",
      "group.id", "kafka.group_id", "application.id", "kafka.group_id");

  private final String name;
  private final Runtime runtime;
  private final int parallelism;
  private final Duration idleKeyTtl;
  private final Kafka kafka;
  private final LearnerConfig learner;
  private final Duration checkpointInterval;
  private final String metricsHost;
  private final int metricsPort;
  private final Duration outOfOrderness;
  private final String source;

  private JobSpec(String name, Runtime runtime, int parallelism, Duration idleKeyTtl, Kafka kafka,
      LearnerConfig learner, Duration checkpointInterval, String metricsHost, int metricsPort,
      Duration outOfOrderness, String source) {
    this.outOfOrderness = outOfOrderness;
    this.source = source;
    this.name = name;
    this.runtime = runtime;
    this.parallelism = parallelism;
    this.idleKeyTtl = idleKeyTtl;
    this.kafka = kafka;
    this.learner = learner;
    this.checkpointInterval = checkpointInterval;
    this.metricsHost = metricsHost;
    this.metricsPort = metricsPort;
  }

  /** Reads a spec file; errors name the file and the field. */
  public static JobSpec load(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such job spec: " + file);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  public static JobSpec parse(String yaml) {
    JsonNode root;
    try {
      // a key given twice is a mistake, not "the last one wins"
      root = YAMLMapper.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build().readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    SpecNode r = SpecNode.root(root, Set.of("name", "runtime", "parallelism", "idle_key_ttl", "shared_model",
        "seasonality", "kafka", "window", "model", "training", "checkpointing", "metrics"));
    String name = r.string("name", "default");
    Runtime runtime = Runtime.valueOf(r.choice("runtime", "flink", RUNTIMES).toUpperCase(java.util.Locale.ROOT));
    int parallelism = r.integer("parallelism", 1, 1, 32768);
    Duration ttl = r.duration("idle_key_ttl", Duration.ZERO);
    Kafka kafka = kafka(r.section("kafka", Set.of("bootstrap", "input_topic", "output_topic", "dlq_topic",
        "group_id", "properties", "format", "starting_offsets")), name);
    LearnerConfig learner = learner(r, name);
    Duration outOfOrderness = r.section("window", Set.of("timesteps", "stride", "sampling_rate", "horizon",
        "features", "target", "targets", "strategy", "out_of_orderness")).duration("out_of_orderness", Duration.ZERO);
    SpecNode cp = r.section("checkpointing", Set.of("interval"));
    Duration interval = cp.duration("interval", Duration.ofSeconds(10));
    if (interval.toMillis() < 10) {
      throw cp.error("interval", "must be at least 10ms (forecasts are committed on checkpoints); got " + interval);
    }
    SpecNode m = r.section("metrics", Set.of("host", "port"));
    String host = m.string("host", "127.0.0.1");
    int port = m.integer("port", 9400, -1, 65535);
    return new JobSpec(name, runtime, parallelism, ttl, kafka, learner, interval, host, port, outOfOrderness, yaml);
  }

  private static Kafka kafka(SpecNode k, String name) {
    String bootstrap = k.requiredString("bootstrap", "127.0.0.1:9092");
    String in = k.requiredString("input_topic", "events");
    String out = k.requiredString("output_topic", "forecasts");
    String dlq = k.string("dlq_topic", in + "-dlq");
    if (dlq.equals(in) || out.equals(in)) {
      throw k.error(dlq.equals(in) ? "dlq_topic" : "output_topic", "must differ from input_topic '" + in + "'");
    }
    String group = k.string("group_id", "tidecast-" + name);
    Map<String, String> props = k.stringMap("properties");
    for (String p : props.keySet()) {
      String owner = OWNED_PROPERTIES.get(p);
      if (owner != null) {
        throw k.error("properties." + p, "is set by " + owner + "; use that field instead");
      }
    }
    String format = k.choice("format", "json", List.of("json", "csv"));
    String start = k.choice("starting_offsets", "earliest", List.of("earliest", "latest", "committed"));
    return new Kafka(bootstrap, in, out, dlq, group, java.util.Collections.unmodifiableMap(props), format, start);
  }

  private static LearnerConfig learner(SpecNode r, String name) {
    int seasonality = r.integer("seasonality", 1, 1, 1 << 20);
    Boolean shared = r.bool("shared_model");
    SpecNode w = r.section("window", Set.of("timesteps", "stride", "sampling_rate", "horizon", "features",
        "target", "targets", "strategy", "out_of_orderness"));
    if (w.has("target") && w.has("targets")) {
      throw w.error("target", "give target or targets, not both");
    }
    List<String> targets = w.strings(w.has("target") ? "target" : "targets", List.of("value"));
    List<String> features = w.strings("features", targets);
    String strategy = w.choice("strategy", "direct", List.of("direct", "recursive"));
    int horizon = w.integer("horizon", 1, 1, 10_000);
    int timesteps = w.integer("timesteps", 48, 1, 1 << 20);
    int stride = w.integer("stride", 1, 1, 1 << 20);
    int samplingRate = w.integer("sampling_rate", 1, 1, 1 << 20);
    WindowSpec window;
    try {
      window = new WindowSpec(timesteps, stride, samplingRate, horizon, features, targets,
          WindowSpec.Strategy.parse(strategy));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("window: " + e.getMessage(), e);
    }

    SpecNode m = r.section("model", Set.of("recurrent", "units", "dropout", "optimizer", "learning_rate",
        "clipnorm", "loss", "stateful", "seasonal_difference", "seasonal_lead", "time_features", "scaler", "seed",
        "ensemble"));
    LearnerConfig.Builder b = LearnerConfig.builder(window).modelName(name).seasonality(seasonality)
        .recurrent(m.choice("recurrent", "lstm", RECURRENT))
        .units(m.integers("units", List.of(32), 1, 4096))
        .scaler(m.choice("scaler", "standard", List.of("standard", "minmax")));
    field(m, "dropout", () -> b.dropout(m.number("dropout", 0.0)));
    field(m, "optimizer", () -> b.optimizer(m.string("optimizer", "adam")));
    field(m, "learning_rate", () -> b.learningRate(m.number("learning_rate", 0.003)));
    field(m, "clipnorm", () -> b.clipnorm(m.number("clipnorm", 1.0)));
    field(m, "loss", () -> b.loss(m.string("loss", "mse")));
    if (m.has("seed")) {
      b.seed(m.integer("seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }
    List<LearnerConfig.TimeFeature> tf = new ArrayList<>();
    List<String> names = m.strings("time_features", List.of());
    for (int i = 0; i < names.size(); i++) {
      String f = names.get(i);
      int idx = i;
      field(m, "time_features[" + idx + "]", () -> tf.add(LearnerConfig.TimeFeature.parse(f)));
    }
    b.timeFeatures(tf);
    b.stateful(Boolean.TRUE.equals(m.bool("stateful")));
    b.seasonalLead(Boolean.TRUE.equals(m.bool("seasonal_lead")));
    Boolean sdiff = m.bool("seasonal_difference");
    if (sdiff != null) { // else LearnerConfig's default, as every runtime (BENCHMARKS.md "Defaults")
      b.seasonalDifference(sdiff);
    }
    Boolean ensemble = m.bool("ensemble");
    if (ensemble != null) { // else on, LearnerConfig's default
      b.ensemble(ensemble);
    }
    b.sharedModel(Boolean.TRUE.equals(shared));

    SpecNode t = r.section("training", Set.of("train_every", "batch_size", "replay_rows", "warmup_targets"));
    b.trainEvery(t.integer("train_every", 1, 1, 1_000_000))
        .batchSize(t.integer("batch_size", 16, 1, 4096))
        .replayRows(t.integer("replay_rows", 512, 0, 1_000_000))
        .warmupTargets(t.integer("warmup_targets", 0, 0, Integer.MAX_VALUE));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model: " + e.getMessage(), e);
    }
  }

  /** Runs a builder setter, prefixing its message with the field path unless it already names the field. */
  private static void field(SpecNode section, String field, Runnable set) {
    try {
      set.run();
    } catch (IllegalArgumentException e) {
      String path = section.path(field);
      String msg = e.getMessage();
      throw new IllegalArgumentException(msg.startsWith(path) ? msg : path + ": " + msg, e);
    }
  }

  /** The {@code model} tag on metrics and the default consumer group suffix. */
  public String name() {
    return name;
  }

  public Runtime runtime() {
    return runtime;
  }

  public int parallelism() {
    return parallelism;
  }

  /** Keys idle this long (event time) are evicted; zero keeps them forever. */
  public Duration idleKeyTtl() {
    return idleKeyTtl;
  }

  public Kafka kafka() {
    return kafka;
  }

  public LearnerConfig learnerConfig() {
    return learner;
  }

  /** Flink checkpoint interval (Kafka Streams commits on its own cadence). */
  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  public String metricsHost() {
    return metricsHost;
  }

  /** Kafka Streams' /metrics port, or the local Flink Prometheus reporter's; -1 = off, 0 = any free port. */
  public int metricsPort() {
    return metricsPort;
  }

  /** How far a partition's events may lag behind its newest one before they count as late (Flink). */
  public Duration outOfOrderness() {
    return outOfOrderness;
  }

  /** The YAML text this spec was parsed from (what a cluster submission ships to the job). */
  public String source() {
    return source;
  }

  /**
   * The Flink + Kafka job's options. The transactional id prefix is the group id, so two jobs with their own
   * groups never share transactional ids.
   */
  public JobOptions jobOptions() {
    JobOptions o;
    try {
      o = new JobOptions().bootstrapServers(kafka.bootstrap()).inputTopic(kafka.inputTopic())
        .outputTopic(kafka.outputTopic()).dlqTopic(kafka.dlqTopic()).groupId(kafka.groupId())
        .transactionalIdPrefix(kafka.groupId())
        .inputFormat(JobOptions.InputFormat.parse(kafka.format()))
        .startingOffsets(JobOptions.StartingOffsets.parse(kafka.startingOffsets()))
        .learner(learner).idleKeyTtl(idleKeyTtl).outOfOrderness(outOfOrderness)
        .checkpointInterval(checkpointInterval).parallelism(parallelism);
      kafka.properties().forEach(o::kafkaProperty);
      o.validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("job spec: " + e.getMessage(), e);
    }
    return o;
  }
}
