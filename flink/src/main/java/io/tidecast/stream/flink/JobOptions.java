package io.tidecast.stream.flink;

import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.WindowSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of {@link KafkaForecastJob}, with defaults: topics, Kafka client properties (passed through to the
 * source and both sinks: {@code security.protocol}, {@code sasl.*}, {@code ssl.*} ...), exactly-once settings,
 * event time, and the learner. Plain, mutable, {@code Serializable}; setters return {@code this}.
 */
public final class JobOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where the source starts when the job starts without a checkpoint or savepoint. */
  public enum StartingOffsets {
    EARLIEST, LATEST,
    /** The group's committed offsets; partitions without one start at the earliest offset. */
    COMMITTED;

    public static StartingOffsets parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("starting offsets must be earliest, latest or committed; got '" + s + "'");
      }
    }
  }

  /** Wire format of the input records (see connectors/FORMATS.md). */
  public enum InputFormat {
    /** {@code {"key":..,"ts":..,"values":{..}}} */
    JSON,
    /** {@code key,ts,f1,...,fn} with the learner's features in window order (inputs, then other targets). */
    CSV;

    public static InputFormat parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("input format must be json or csv; got '" + s + "'");
      }
    }
  }

  /** Below Kafka's default broker maximum ({@code transaction.max.timeout.ms} = 15 minutes). */
  public static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 600_000L;

  private String bootstrapServers;
  private String inputTopic = "tidecast-events";
  private String outputTopic = "tidecast-forecasts";
  private String dlqTopic = "tidecast-dlq";
  private String groupId = "tidecast";
  private StartingOffsets startingOffsets = StartingOffsets.EARLIEST;
  private boolean bounded;
  private InputFormat inputFormat = InputFormat.JSON;
  private String transactionalIdPrefix = "tidecast";
  private long transactionTimeoutMs = DEFAULT_TRANSACTION_TIMEOUT_MS;
  private final Map<String, String> kafkaProperties = new LinkedHashMap<>();
  private LearnerConfig learner = LearnerConfig.builder(
      WindowSpec.of(48, 1, List.of("value"), List.of("value"))).build();
  private Duration outOfOrderness = Duration.ZERO;
  private Duration sourceIdleness = Duration.ofSeconds(30);
  private Duration idleKeyTtl = Duration.ZERO;
  private Duration checkpointInterval = Duration.ofSeconds(10);
  private Duration bufferTimeout = Duration.ofMillis(5);
  private int parallelism = -1;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Required: {@code host:port[,host:port...]}. */
  public JobOptions bootstrapServers(String s) {
    this.bootstrapServers = nonBlank("bootstrap servers", s);
    return this;
  }

  public String inputTopic() {
    return inputTopic;
  }

  public JobOptions inputTopic(String t) {
    this.inputTopic = nonBlank("input topic", t);
    return this;
  }

  public String outputTopic() {
    return outputTopic;
  }

  public JobOptions outputTopic(String t) {
    this.outputTopic = nonBlank("output topic", t);
    return this;
  }

  public String dlqTopic() {
    return dlqTopic;
  }

  public JobOptions dlqTopic(String t) {
    this.dlqTopic = nonBlank("DLQ topic", t);
    return this;
  }

  public String groupId() {
    return groupId;
  }

  public JobOptions groupId(String g) {
    this.groupId = nonBlank("group id", g);
    return this;
  }

  public StartingOffsets startingOffsets() {
    return startingOffsets;
  }

  public JobOptions startingOffsets(StartingOffsets s) {
    this.startingOffsets = Objects.requireNonNull(s, "starting offsets");
    return this;
  }

  public boolean bounded() {
    return bounded;
  }

  /** Stop at the input's latest offsets as of the job start (backfills, tests); the job then finishes. */
  public JobOptions bounded(boolean b) {
    this.bounded = b;
    return this;
  }

  public InputFormat inputFormat() {
    return inputFormat;
  }

  public JobOptions inputFormat(InputFormat f) {
    this.inputFormat = Objects.requireNonNull(f, "input format");
    return this;
  }

  public String transactionalIdPrefix() {
    return transactionalIdPrefix;
  }

  /**
   * Prefix of the sinks' Kafka transactional ids ({@code <prefix>-forecasts}, {@code <prefix>-dlq}); must be
   * unique per job on a Kafka cluster, and stable across restarts of the same job.
   */
  public JobOptions transactionalIdPrefix(String p) {
    this.transactionalIdPrefix = nonBlank("transactional id prefix", p);
    return this;
  }

  public long transactionTimeoutMs() {
    return transactionTimeoutMs;
  }

  /**
   * Producer {@code transaction.timeout.ms}: must be at most the broker's {@code transaction.max.timeout.ms}
   * (15 min by default) and well above the checkpoint interval plus the longest expected restart.
   */
  public JobOptions transactionTimeoutMs(long ms) {
    if (ms < 1000) {
      throw new IllegalArgumentException("transaction timeout must be >= 1000 ms; got " + ms);
    }
    this.transactionTimeoutMs = ms;
    return this;
  }

  /** Extra Kafka client properties for the source and both sinks (read-only view). */
  public Map<String, String> kafkaProperties() {
    return Collections.unmodifiableMap(kafkaProperties);
  }

  /** Sets one Kafka client property for the source and both sinks, e.g. {@code security.protocol=SASL_SSL}. */
  public JobOptions kafkaProperty(String key, String value) {
    kafkaProperties.put(nonBlank("kafka property name", key), Objects.requireNonNull(value, "value of " + key));
    return this;
  }

  public LearnerConfig learner() {
    return learner;
  }

  public JobOptions learner(LearnerConfig c) {
    this.learner = Objects.requireNonNull(c, "learner config");
    return this;
  }

  public Duration outOfOrderness() {
    return outOfOrderness;
  }

  /** How far behind the newest event time seen (per partition) an event may arrive and still be used. */
  public JobOptions outOfOrderness(Duration d) {
    this.outOfOrderness = nonNegative("out-of-orderness", d);
    return this;
  }

  public Duration sourceIdleness() {
    return sourceIdleness;
  }

  /** A partition without records for this long stops holding back the watermark; zero disables it. */
  public JobOptions sourceIdleness(Duration d) {
    this.sourceIdleness = nonNegative("source idleness", d);
    return this;
  }

  public Duration idleKeyTtl() {
    return idleKeyTtl;
  }

  /** Event-time idleness after which a key's learner state is dropped; zero keeps keys forever. */
  public JobOptions idleKeyTtl(Duration d) {
    this.idleKeyTtl = nonNegative("idle key TTL", d);
    return this;
  }

  public Duration bufferTimeout() {
    return bufferTimeout;
  }

  /**
   * How long Flink holds a partly filled network buffer before sending it on (Flink's own default is 100 ms, which
   * would then be the floor of every forecast's latency); zero flushes after every record.
   */
  public JobOptions bufferTimeout(Duration d) {
    this.bufferTimeout = nonNegative("buffer timeout", d);
    return this;
  }

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /** Exactly-once checkpoints; forecasts become visible to read_committed consumers when one completes. */
  public JobOptions checkpointInterval(Duration d) {
    if (d == null || d.toMillis() < 10) {
      throw new IllegalArgumentException("checkpoint interval must be >= 10 ms; got " + d);
    }
    this.checkpointInterval = d;
    return this;
  }

  public int parallelism() {
    return parallelism;
  }

  /** Job parallelism; -1 uses the cluster's default. */
  public JobOptions parallelism(int p) {
    if (p < 1 && p != -1) {
      throw new IllegalArgumentException("parallelism must be >= 1, or -1 for the cluster default; got " + p);
    }
    this.parallelism = p;
    return this;
  }

  /** Throws {@code IllegalArgumentException} naming what is missing or inconsistent. */
  public void validate() {
    if (bootstrapServers == null) {
      throw new IllegalArgumentException("bootstrap servers are required (--bootstrap host:port)");
    }
    if (inputTopic.equals(outputTopic) || inputTopic.equals(dlqTopic) || outputTopic.equals(dlqTopic)) {
      throw new IllegalArgumentException("input, output and DLQ topics must differ; got " + inputTopic + ", "
          + outputTopic + ", " + dlqTopic);
    }
    if (transactionTimeoutMs <= checkpointInterval.toMillis()) {
      throw new IllegalArgumentException("transaction timeout (" + transactionTimeoutMs + " ms) must exceed the "
          + "checkpoint interval (" + checkpointInterval.toMillis() + " ms): transactions stay open until the next "
          + "checkpoint completes");
    }
  }

  @Override
  public String toString() {
    return "JobOptions{bootstrap=" + bootstrapServers + ", in=" + inputTopic + " (" + inputFormat + "), out="
        + outputTopic + ", dlq=" + dlqTopic + ", group=" + groupId + ", start=" + startingOffsets
        + (bounded ? ", bounded" : "") + ", txPrefix=" + transactionalIdPrefix + ", txTimeoutMs="
        + transactionTimeoutMs + ", kafkaProperties=" + kafkaProperties.keySet() + ", outOfOrderness="
        + outOfOrderness + ", sourceIdleness=" + sourceIdleness + ", idleKeyTtl=" + idleKeyTtl + ", checkpoint="
        + checkpointInterval + ", bufferTimeout=" + bufferTimeout + ", parallelism=" + parallelism + ", " + learner + "}";
  }

  private static String nonBlank(String what, String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return s;
  }

  private static Duration nonNegative(String what, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be >= 0; got " + d);
    }
    return d;
  }
}
