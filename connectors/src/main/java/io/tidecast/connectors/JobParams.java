package io.tidecast.connectors;

import static io.tidecast.stream.param.ParamValidators.atLeast;
import static io.tidecast.stream.param.ParamValidators.inRange;
import static io.tidecast.stream.param.ParamValidators.notBlank;

import io.tidecast.stream.param.Param;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The options of a streaming job around the learner, each declared once: Kafka, where and how wide it runs, key
 * eviction, checkpoints and metrics. With {@code LearnerParams} they make the job spec and both runtimes' command
 * lines; a runtime's own settings are in its module ({@code FlinkParams}, {@code KStreamsParams}).
 */
public final class JobParams {
  private JobParams() {
  }

  public static final List<String> RUNTIMES = List.of("flink", "kstreams");

  public static final Param<String> RUNTIME = Param.choice("runtime", "flink", RUNTIMES,
      "where the job runs (tidecast run --runtime overrides it)").notOnCommandLine();
  public static final Param<Integer> PARALLELISM = Param.integer("parallelism", 1, inRange(1, 32768),
      "parallel instances: Flink subtasks (KafkaForecastJob without it: the cluster's default); Kafka Streams stream"
          + " threads (num.stream.threads)");
  public static final Param<Duration> IDLE_KEY_TTL = Param.duration("idle_key_ttl", Duration.ZERO,
      atLeast(Duration.ZERO, ""), "drop a key's state once its newest event is this far (event time) behind the "
          + "newest event; 0 keeps keys").millisFlag("--idle-key-ttl-ms").label("idle key TTL");

  public static final Param<String> BOOTSTRAP = Param.string("kafka.bootstrap", null, notBlank(),
      "Kafka bootstrap servers").valueName("HOST:PORT[,...]").defaultDoc("required").label("bootstrap servers");
  public static final Param<String> INPUT_TOPIC = Param.string("kafka.input_topic", "tidecast-events", notBlank(),
      "events, JSON or CSV (connectors/FORMATS.md)").valueName("TOPIC").label("input topic");
  public static final Param<String> OUTPUT_TOPIC = Param.string("kafka.output_topic", "tidecast-forecasts",
      notBlank(), "forecasts, JSON, keyed by series key").valueName("TOPIC").label("output topic");
  public static final Param<String> DLQ_TOPIC = Param.string("kafka.dlq_topic", null, notBlank(),
      "dead letters: invalid and late records, original bytes with tidecast.dlq.* headers").valueName("TOPIC")
      .defaultDoc("<input_topic>-dlq").label("DLQ topic");
  public static final Param<String> GROUP_ID = Param.string("kafka.group_id", "tidecast", notBlank(),
      "consumer group (Kafka Streams: application id, the prefix of its internal topics); keep it to keep the "
          + "job's state").alias("--application-id").valueName("ID")
      .defaultDoc("tidecast; in a job spec tidecast-<name>").label("group id");
  public static final Param<Map<String, String>> PROPERTIES = Param.properties("kafka.properties",
      "any Kafka client setting, for the source and the sinks, e.g. security.protocol=SASL_SSL (repeatable)")
      .flag("--kafka-property");
  public static final Param<String> FORMAT = Param.choice("kafka.format", "json", List.of("json", "csv"),
      "input records: JSON objects, or CSV lines key,ts,features... in window order (inputs, then other targets)");
  public static final Param<String> STARTING_OFFSETS = Param.choice("kafka.starting_offsets", "earliest",
      List.of("earliest", "latest", "committed"), "where a job without a checkpoint starts reading (committed: the "
          + "group's offsets, else earliest; Kafka Streams always resumes from its committed offsets)");

  public static final Param<Duration> OUT_OF_ORDERNESS = Param.duration("window.out_of_orderness", Duration.ZERO,
      atLeast(Duration.ZERO, ""), "0: learn each event on arrival; > 0: sort each key's events behind an event-time "
          + "watermark of this bound (Flink)").millisFlag("--out-of-orderness-ms").label("out-of-orderness");
  public static final Param<Duration> CHECKPOINT_INTERVAL = Param.duration("checkpointing.interval",
      Duration.ofSeconds(10), atLeast(Duration.ofMillis(10), " (forecasts are committed on checkpoints)"),
      "exactly-once checkpoints (Flink); forecasts become visible to read_committed consumers when one completes. "
          + "Kafka Streams commits on its own cadence unless this is given (then its commit.interval.ms)")
      .flag("--checkpoint-interval").millisFlag("--checkpoint-interval-ms").label("checkpoint interval");
  public static final Param<String> METRICS_HOST = Param.string("metrics.host", "127.0.0.1", notBlank(),
      "where /metrics listens (Kafka Streams) or Flink's local Prometheus reporter (tidecast run --local); "
          + "0.0.0.0 for all interfaces").flag("--metrics-host").valueName("HOST").label("metrics host");
  public static final Param<Integer> METRICS_PORT = Param.integer("metrics.port", 9400, inRange(-1, 65535),
      "its port; 0 = any free port, -1 = off").flag("--metrics-port").valueName("PORT").label("metrics port");

  /** Every job option, in the order docs list them. */
  public static final List<Param<?>> ALL = List.of(RUNTIME, PARALLELISM, IDLE_KEY_TTL, BOOTSTRAP, INPUT_TOPIC,
      OUTPUT_TOPIC, DLQ_TOPIC, GROUP_ID, PROPERTIES, FORMAT, STARTING_OFFSETS, OUT_OF_ORDERNESS, CHECKPOINT_INTERVAL,
      METRICS_HOST, METRICS_PORT);

  /** {@code dlq_topic} when not given. */
  public static String defaultDlqTopic(String inputTopic) {
    return inputTopic + "-dlq";
  }
}
