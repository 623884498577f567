package io.tidecast.stream.flink;

import io.tidecast.connectors.JobParams;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.param.Param;
import io.tidecast.stream.param.ParamMap;
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
  public static final long DEFAULT_TRANSACTION_TIMEOUT_MS = FlinkParams.TRANSACTION_TIMEOUT.defaultValue().toMillis();

  private String bootstrapServers;
  private String inputTopic = JobParams.INPUT_TOPIC.defaultValue();
  private String outputTopic = JobParams.OUTPUT_TOPIC.defaultValue();
  private String dlqTopic;
  private String groupId = JobParams.GROUP_ID.defaultValue();
  private StartingOffsets startingOffsets = StartingOffsets.parse(JobParams.STARTING_OFFSETS.defaultValue());
  private boolean bounded = FlinkParams.BOUNDED.defaultValue();
  private InputFormat inputFormat = InputFormat.parse(JobParams.FORMAT.defaultValue());
  private String transactionalIdPrefix;
  private long transactionTimeoutMs = DEFAULT_TRANSACTION_TIMEOUT_MS;
  private final Map<String, String> kafkaProperties = new LinkedHashMap<>();
  private LearnerConfig learner = LearnerConfig.of(new ParamMap());
  private Duration outOfOrderness = JobParams.OUT_OF_ORDERNESS.defaultValue();
  private Duration sourceIdleness = FlinkParams.SOURCE_IDLENESS.defaultValue();
  private Duration idleKeyTtl = JobParams.IDLE_KEY_TTL.defaultValue();
  private Duration checkpointInterval = JobParams.CHECKPOINT_INTERVAL.defaultValue();
  private Duration bufferTimeout = FlinkParams.BUFFER_TIMEOUT.defaultValue();
  private int parallelism = -1;

  /**
   * The options {@code values} sets ({@link JobParams}, {@link FlinkParams}), the rest at their defaults; the
   * parallelism only when given (else the cluster's default), the transactional id prefix the group id unless given.
   */
  public static JobOptions of(ParamMap values, LearnerConfig learner) {
    JobOptions o = new JobOptions().learner(learner)
        .inputTopic(values.get(JobParams.INPUT_TOPIC)).outputTopic(values.get(JobParams.OUTPUT_TOPIC))
        .groupId(values.get(JobParams.GROUP_ID))
        .startingOffsets(StartingOffsets.parse(values.get(JobParams.STARTING_OFFSETS)))
        .inputFormat(InputFormat.parse(values.get(JobParams.FORMAT)))
        .bounded(values.get(FlinkParams.BOUNDED))
        .transactionTimeoutMs(values.get(FlinkParams.TRANSACTION_TIMEOUT).toMillis())
        .outOfOrderness(values.get(JobParams.OUT_OF_ORDERNESS)).sourceIdleness(values.get(FlinkParams.SOURCE_IDLENESS))
        .idleKeyTtl(values.get(JobParams.IDLE_KEY_TTL)).checkpointInterval(values.get(JobParams.CHECKPOINT_INTERVAL))
        .bufferTimeout(values.get(FlinkParams.BUFFER_TIMEOUT));
    if (values.contains(JobParams.BOOTSTRAP)) {
      o.bootstrapServers(values.get(JobParams.BOOTSTRAP));
    }
    if (values.contains(JobParams.DLQ_TOPIC)) {
      o.dlqTopic(values.get(JobParams.DLQ_TOPIC));
    }
    if (values.contains(FlinkParams.TRANSACTIONAL_ID_PREFIX)) {
      o.transactionalIdPrefix(values.get(FlinkParams.TRANSACTIONAL_ID_PREFIX));
    }
    if (values.contains(JobParams.PARALLELISM)) {
      o.parallelism(values.get(JobParams.PARALLELISM));
    }
    values.get(JobParams.PROPERTIES).forEach(o::kafkaProperty);
    o.validate();
    return o;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Required: {@code host:port[,host:port...]}. */
  public JobOptions bootstrapServers(String s) {
    this.bootstrapServers = check(JobParams.BOOTSTRAP, s);
    return this;
  }

  public String inputTopic() {
    return inputTopic;
  }

  public JobOptions inputTopic(String t) {
    this.inputTopic = check(JobParams.INPUT_TOPIC, t);
    return this;
  }

  public String outputTopic() {
    return outputTopic;
  }

  public JobOptions outputTopic(String t) {
    this.outputTopic = check(JobParams.OUTPUT_TOPIC, t);
    return this;
  }

  /** The DLQ topic; {@code <input topic>-dlq} unless set. */
  public String dlqTopic() {
    return dlqTopic != null ? dlqTopic : JobParams.defaultDlqTopic(inputTopic);
  }

  public JobOptions dlqTopic(String t) {
    this.dlqTopic = check(JobParams.DLQ_TOPIC, t);
    return this;
  }

  public String groupId() {
    return groupId;
  }

  public JobOptions groupId(String g) {
    this.groupId = check(JobParams.GROUP_ID, g);
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

  /** The sinks' transactional id prefix; the group id unless set. */
  public String transactionalIdPrefix() {
    return transactionalIdPrefix != null ? transactionalIdPrefix : groupId;
  }

  /**
   * Prefix of the sinks' Kafka transactional ids ({@code <prefix>-forecasts}, {@code <prefix>-dlq}); must be
   * unique per job on a Kafka cluster, and stable across restarts of the same job.
   */
  public JobOptions transactionalIdPrefix(String p) {
    this.transactionalIdPrefix = check(FlinkParams.TRANSACTIONAL_ID_PREFIX, p);
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
    this.transactionTimeoutMs = check(FlinkParams.TRANSACTION_TIMEOUT, Duration.ofMillis(ms)).toMillis();
    return this;
  }

  /** Extra Kafka client properties for the source and both sinks (read-only view). */
  public Map<String, String> kafkaProperties() {
    return Collections.unmodifiableMap(kafkaProperties);
  }

  /** Sets one Kafka client property for the source and both sinks, e.g. {@code security.protocol=SASL_SSL}. */
  public JobOptions kafkaProperty(String key, String value) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("kafka property name must not be empty");
    }
    kafkaProperties.put(key, Objects.requireNonNull(value, "value of " + key));
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
    this.outOfOrderness = check(JobParams.OUT_OF_ORDERNESS, d);
    return this;
  }

  public Duration sourceIdleness() {
    return sourceIdleness;
  }

  /** A partition without records for this long stops holding back the watermark; zero disables it. */
  public JobOptions sourceIdleness(Duration d) {
    this.sourceIdleness = check(FlinkParams.SOURCE_IDLENESS, d);
    return this;
  }

  public Duration idleKeyTtl() {
    return idleKeyTtl;
  }

  /** Event-time idleness after which a key's learner state is dropped; zero keeps keys forever. */
  public JobOptions idleKeyTtl(Duration d) {
    this.idleKeyTtl = check(JobParams.IDLE_KEY_TTL, d);
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
    this.bufferTimeout = check(FlinkParams.BUFFER_TIMEOUT, d);
    return this;
  }

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /** Exactly-once checkpoints; forecasts become visible to read_committed consumers when one completes. */
  public JobOptions checkpointInterval(Duration d) {
    this.checkpointInterval = check(JobParams.CHECKPOINT_INTERVAL, d);
    return this;
  }

  public int parallelism() {
    return parallelism;
  }

  /** Job parallelism; -1 uses the cluster's default. */
  public JobOptions parallelism(int p) {
    this.parallelism = p == -1 ? -1 : check(JobParams.PARALLELISM, p);
    return this;
  }

  /** Throws {@code IllegalArgumentException} naming what is missing or inconsistent. */
  public void validate() {
    if (bootstrapServers == null) {
      throw new IllegalArgumentException("bootstrap servers are required (--bootstrap host:port)");
    }
    if (inputTopic.equals(outputTopic) || inputTopic.equals(dlqTopic()) || outputTopic.equals(dlqTopic())) {
      throw new IllegalArgumentException("input, output and DLQ topics must differ; got " + inputTopic + ", "
          + outputTopic + ", " + dlqTopic());
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
        + outputTopic + ", dlq=" + dlqTopic() + ", group=" + groupId + ", start=" + startingOffsets
        + (bounded ? ", bounded" : "") + ", txPrefix=" + transactionalIdPrefix() + ", txTimeoutMs="
        + transactionTimeoutMs + ", kafkaProperties=" + kafkaProperties.keySet() + ", outOfOrderness="
        + outOfOrderness + ", sourceIdleness=" + sourceIdleness + ", idleKeyTtl=" + idleKeyTtl + ", checkpoint="
        + checkpointInterval + ", bufferTimeout=" + bufferTimeout + ", parallelism=" + parallelism + ", " + learner + "}";
  }

  private static <T> T check(Param<T> p, T value) {
    return p.validate(value, p.label());
  }
}
