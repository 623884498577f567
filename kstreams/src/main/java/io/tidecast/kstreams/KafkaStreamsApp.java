package io.tidecast.kstreams;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidecast.connectors.EventDecoder;
import io.tidecast.connectors.EventParser;
import io.tidecast.connectors.JobParams;
import io.tidecast.connectors.EventRules;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.LearnerParams;
import io.tidecast.stream.param.Param;
import io.tidecast.stream.param.ParamCommandLine;
import io.tidecast.stream.param.ParamMap;
import io.tidecast.stream.WindowSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tidecast as a Kafka Streams application: JSON events from the input topic, forecasts (ForecastFormat JSON,
 * keyed by series key) to the output topic, invalid and late records to the dead-letter topic, exactly once
 * ({@code exactly_once_v2}), the learner state of each key in a persistent RocksDB store backed by a changelog
 * topic, and Micrometer meters (learner and Kafka Streams client) on {@code /metrics}.
 *
 * <pre>{@code
 * KafkaStreamsApp app = KafkaStreamsApp.builder(learnerConfig)
 *     .bootstrap("127.0.0.1:9092").inputTopic("events").outputTopic("forecasts").dlqTopic("events-dlq")
 *     .build().start();
 * ...
 * app.close();
 * }</pre>
 */
public final class KafkaStreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamsApp.class);
  /** Settings the builder owns; a {@code kafkaProperty} may not override them. */
  private static final Set<String> OWNED = Set.of(StreamsConfig.APPLICATION_ID_CONFIG,
      StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.STATE_DIR_CONFIG);

  private final String metricsHost;
  private final int metricsPort;
  private final LearnerConfig config;
  private final PrometheusMeterRegistry registry;
  private final Topology topology;
  private final Properties properties;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private KafkaStreams streams;
  private volatile Throwable failure;
  private KafkaStreamsMetrics kafkaMetrics;
  private MetricsServer http;
  private boolean closed;

  private KafkaStreamsApp(Builder b) {
    this.metricsHost = b.metricsHost;
    this.metricsPort = b.metricsPort;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LearnerConfig cfg = b.config;
    this.config = cfg;
    RuntimeMeters meters = new RuntimeMeters(registry, cfg.modelName(), cfg.window().horizon());
    EventDecoder decoder = new EventDecoder(EventParser.of(b.inputFormat, cfg.window()));
    this.topology = TidecastTopology.build(b.inputTopic, b.outputTopic, b.dlqTopic, cfg, decoder, meters,
        b.idleKeyTtl.toMillis(), b.idleKeyScan);
    this.properties = streamsProperties(b);
  }

  public static Builder builder(LearnerConfig config) {
    return new Builder(config);
  }

  /** Every event must carry the window's inputs and targets, or it is a dead letter (not a learner error). */
  static EventRules rulesFor(WindowSpec w) {
    return EventRules.builder().target(w.targets().get(0)).features(EventParser.features(w)).build();
  }

  private static Properties streamsProperties(Builder b) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, b.applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrap);
    if (b.stateDir != null) {
      p.put(StreamsConfig.STATE_DIR_CONFIG, b.stateDir.toString());
    }
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // no record cache: every state update is written to the changelog in the transaction of its forecasts
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(b.threads));
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), b.startingOffsets.equals("latest") ? "latest" : "earliest");
    if (b.commitInterval != null) {
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(b.commitInterval.toMillis()));
    }
    for (Map.Entry<String, String> e : b.kafkaProperties.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      if (OWNED.contains(k)) {
        throw new IllegalArgumentException("'" + k + "' is set by the app; use its own option (--bootstrap, "
            + "--application-id, --state-dir) instead of --kafka-property");
      }
      if (k.equals(StreamsConfig.PROCESSING_GUARANTEE_CONFIG) && !v.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
        throw new IllegalArgumentException("processing.guarantee must stay exactly_once_v2 (forecasts are "
            + "exactly once); got '" + v + "'");
      }
      if (k.equals(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG) && !v.trim().equals("0")) {
        throw new IllegalArgumentException("statestore.cache.max.bytes must stay 0; got '" + v + "'");
      }
      p.put(k, v);
    }
    return p;
  }

  /** What every key's learner runs with. */
  public LearnerConfig learnerConfig() {
    return config;
  }

  /** The Kafka Streams topology (for {@code describe()} or a {@code TopologyTestDriver}). */
  public Topology topology() {
    return topology;
  }

  /** A copy of the Kafka Streams client properties this app runs with. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.putAll(properties);
    return p;
  }

  /** Meters of this app: the learner's {@code tidecast.*} and, once started, Kafka Streams client metrics. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Starts the metrics endpoint (unless disabled) and the Kafka Streams client; returns at once. */
  public synchronized KafkaStreamsApp start() throws IOException {
    if (streams != null || closed) {
      throw new IllegalStateException("an app starts once; build a new one to run again");
    }
    if (metricsPort >= 0) {
      http = new MetricsServer(metricsHost, metricsPort, registry, this::healthy);
      LOG.info("metrics on http://{}:{}/metrics", metricsHost, http.address().getPort());
    }
    streams = new KafkaStreams(topology, properties);
    streams.setUncaughtExceptionHandler(e -> {
      failure = e;
      LOG.error("stream thread failed; shutting the client down", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      LOG.info("kafka streams {} -> {}", before, now);
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
        terminated.countDown();
      }
    });
    kafkaMetrics = new KafkaStreamsMetrics(streams);
    kafkaMetrics.bindTo(registry);
    streams.start();
    return this;
  }

  /** State of the Kafka Streams client; {@code CREATED} before {@link #start()}. */
  public synchronized KafkaStreams.State state() {
    return streams == null ? KafkaStreams.State.CREATED : streams.state();
  }

  private boolean healthy() {
    KafkaStreams.State s = state();
    return s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
  }

  /** Polls until the client is in state {@code s}; false on timeout or if it failed. */
  public boolean awaitState(KafkaStreams.State s, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      KafkaStreams.State now = state();
      if (now == s) {
        return true;
      }
      if (now == KafkaStreams.State.ERROR && s != KafkaStreams.State.ERROR) {
        return false;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** What made the client fail (state {@code ERROR}), e.g. Kafka's authentication error; empty otherwise. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Where {@code /metrics} is served, once started (empty when disabled). */
  public synchronized Optional<InetSocketAddress> metricsAddress() {
    return http == null ? Optional.empty() : Optional.of(http.address());
  }

  /** Waits until the client stops (closed, or failed); true if it stopped within the timeout. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops processing (committing what was processed, leaving the group so a replacement starts at once). */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  public synchronized void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    if (streams != null) {
      streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(timeout));
      kafkaMetrics.close();
    }
    if (http != null) {
      http.close();
    }
    registry.close();
    terminated.countDown();
  }

  // ---- command line ----------------------------------------------------------------------------------------

  /** The command line: the job's, the learner's and this runtime's options (declared in their tables). */
  static ParamCommandLine commandLine() {
    return new ParamCommandLine("java -jar tidecast-kstreams.jar --bootstrap HOST:PORT --input-topic T "
        + "--output-topic T --dlq-topic T [options]")
        .options(JobParams.ALL).options(KStreamsParams.ALL).options(LearnerParams.ALL)
        .required(JobParams.BOOTSTRAP, JobParams.INPUT_TOPIC, JobParams.OUTPUT_TOPIC, JobParams.DLQ_TOPIC)
        .note("Exactly once (exactly_once_v2); each key's state in RocksDB stores backed by changelog topics. "
            + "tidecast run --config job.yaml --runtime kstreams prints this command for a job spec.");
  }

  static final String USAGE = commandLine().help();

  /**
   * The app of a command line, as a builder (null for {@code --help}); {@code IllegalArgumentException} says what is
   * wrong. {@code tidecast run --runtime kstreams} prints such a command for a job spec.
   */
  public static Builder fromArgs(String[] args) {
    ParamMap values = commandLine().parse(args);
    return values == null ? null : builder(LearnerConfig.of(values)).options(values);
  }

  /** Runs until SIGTERM/SIGINT (clean close: commit, leave the group) or until the client fails (exit 1). */
  public static void main(String[] args) throws Exception {
    KafkaStreamsApp app;
    try {
      Builder b = fromArgs(args);
      if (b == null) {
        System.out.print(USAGE);
        return;
      }
      app = b.build();
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("(--help lists the options)");
      System.exit(2);
      return;
    }
    LOG.info("topology:\n{}", app.topology().describe());
    Thread hook = new Thread(app::close, "tidecast-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    app.start();
    app.awaitTermination(Duration.ofDays(365_000));
    if (app.state() == KafkaStreams.State.ERROR) {
      // not from the hook: the client failed on its own; close the rest and report it
      app.failure().ifPresent(e -> System.err.println("error: " + rootMessage(e)));
      app.close();
      Runtime.getRuntime().removeShutdownHook(hook);
      System.exit(1);
    }
  }

  /** The innermost cause's message, e.g. "Authentication failed: Invalid username or password". */
  static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }

  /** Settings of one app; topics, bootstrap servers and the learner config are required. */
  public static final class Builder {
    private final LearnerConfig config;
    private String bootstrap;
    private String inputTopic;
    private String outputTopic;
    private String dlqTopic;
    private String applicationId = JobParams.GROUP_ID.defaultValue();
    private Path stateDir;
    private Duration idleKeyTtl = JobParams.IDLE_KEY_TTL.defaultValue();
    private Duration idleKeyScan = LearnProcessor.EVICTION_SCAN;
    private String metricsHost = JobParams.METRICS_HOST.defaultValue();
    private int metricsPort = JobParams.METRICS_PORT.defaultValue();
    private String inputFormat = JobParams.FORMAT.defaultValue();
    private String startingOffsets = JobParams.STARTING_OFFSETS.defaultValue();
    private int threads = JobParams.PARALLELISM.defaultValue();
    private Duration commitInterval;
    private final Map<String, String> kafkaProperties = new LinkedHashMap<>();

    private Builder(LearnerConfig config) {
      this.config = Objects.requireNonNull(config, "learner config");
    }

    /**
     * The job options {@code values} sets ({@link JobParams}, {@link KStreamsParams}); the learner's are the config
     * this builder was made with. Refuses what this runtime cannot do: an out-of-orderness bound (Kafka Streams
     * learns each event on arrival).
     */
    public Builder options(ParamMap values) {
      if (values.contains(JobParams.BOOTSTRAP)) {
        bootstrap(values.get(JobParams.BOOTSTRAP));
      }
      inputTopic(values.get(JobParams.INPUT_TOPIC));
      outputTopic(values.get(JobParams.OUTPUT_TOPIC));
      dlqTopic(values.getOrElse(JobParams.DLQ_TOPIC, JobParams.defaultDlqTopic(inputTopic)));
      applicationId(values.get(JobParams.GROUP_ID));
      if (values.contains(KStreamsParams.STATE_DIR)) {
        stateDir(Path.of(values.get(KStreamsParams.STATE_DIR)));
      }
      idleKeyTtl(values.get(JobParams.IDLE_KEY_TTL));
      metricsHost(values.get(JobParams.METRICS_HOST));
      metricsPort(values.get(JobParams.METRICS_PORT));
      inputFormat(values.get(JobParams.FORMAT));
      startingOffsets(values.get(JobParams.STARTING_OFFSETS));
      threads(values.get(JobParams.PARALLELISM));
      if (values.contains(JobParams.CHECKPOINT_INTERVAL)) {
        commitInterval(values.get(JobParams.CHECKPOINT_INTERVAL));
      }
      if (!values.get(JobParams.OUT_OF_ORDERNESS).isZero()) {
        throw new IllegalArgumentException("window.out_of_orderness " + values.get(JobParams.OUT_OF_ORDERNESS)
            + ": Kafka Streams learns each key's events on arrival (an event not after its key's newest is a late "
            + "dead letter); sorting behind a watermark needs the flink runtime");
      }
      values.get(JobParams.PROPERTIES).forEach(this::kafkaProperty);
      return this;
    }

    /** {@code json} (the default) or {@code csv} input records; see {@code EventParser.of}. */
    public Builder inputFormat(String format) {
      this.inputFormat = check(JobParams.FORMAT, format);
      return this;
    }

    /**
     * Where a new application id starts reading: {@code earliest} (the default) or {@code latest}; Kafka Streams
     * always resumes from its committed offsets, so {@code committed} is {@code earliest} here.
     */
    public Builder startingOffsets(String where) {
      this.startingOffsets = check(JobParams.STARTING_OFFSETS, where);
      return this;
    }

    /** Stream threads of this instance ({@code num.stream.threads}); the job's parallelism. */
    public Builder threads(int n) {
      this.threads = check(JobParams.PARALLELISM, n);
      return this;
    }

    /** {@code commit.interval.ms}: how often forecasts are committed (Kafka Streams' own default when not set). */
    public Builder commitInterval(Duration d) {
      this.commitInterval = check(JobParams.CHECKPOINT_INTERVAL, d);
      return this;
    }

    public Builder bootstrap(String servers) {
      this.bootstrap = check(JobParams.BOOTSTRAP, servers);
      return this;
    }

    public Builder inputTopic(String topic) {
      this.inputTopic = check(JobParams.INPUT_TOPIC, topic);
      return this;
    }

    public Builder outputTopic(String topic) {
      this.outputTopic = check(JobParams.OUTPUT_TOPIC, topic);
      return this;
    }

    public Builder dlqTopic(String topic) {
      this.dlqTopic = check(JobParams.DLQ_TOPIC, topic);
      return this;
    }

    /** Consumer group, transactional id prefix and internal topic prefix; keep it to keep the state. */
    public Builder applicationId(String id) {
      this.applicationId = check(JobParams.GROUP_ID, id);
      return this;
    }

    public Builder stateDir(Path dir) {
      this.stateDir = Objects.requireNonNull(dir, "state dir");
      return this;
    }

    /**
     * Event-time idleness after which a key's state is dropped, as the Flink job's {@code idleKeyTtl}; zero
     * (the default) keeps keys forever. A key that comes back after that starts with a fresh model.
     */
    public Builder idleKeyTtl(Duration ttl) {
      this.idleKeyTtl = check(JobParams.IDLE_KEY_TTL, Objects.requireNonNull(ttl, "idle key TTL"));
      return this;
    }

    /** Wall-clock period of the scan that deletes idle keys (tests shorten it; it never changes the output). */
    Builder idleKeyScan(Duration period) {
      if (period.isZero() || period.isNegative()) {
        throw new IllegalArgumentException("idle key scan period must be > 0; got " + period);
      }
      this.idleKeyScan = period;
      return this;
    }

    public Builder metricsHost(String host) {
      this.metricsHost = check(JobParams.METRICS_HOST, host);
      return this;
    }

    /** 0 picks a free port, -1 serves no endpoint. */
    public Builder metricsPort(int port) {
      this.metricsPort = check(JobParams.METRICS_PORT, port);
      return this;
    }

    /** A Kafka Streams or client setting passed through (security, tuning), e.g. {@code security.protocol}. */
    public Builder kafkaProperty(String key, String value) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("property name must not be empty");
      }
      kafkaProperties.put(key, Objects.requireNonNull(value, "value of " + key));
      return this;
    }

    public KafkaStreamsApp build() {
      List<String> missing = new ArrayList<>();
      if (bootstrap == null) {
        missing.add("bootstrap servers");
      }
      if (inputTopic == null) {
        missing.add("input topic");
      }
      if (outputTopic == null) {
        missing.add("output topic");
      }
      if (dlqTopic == null) {
        missing.add("DLQ topic");
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("missing " + String.join(", ", missing));
      }
      if (dlqTopic.equals(inputTopic) || outputTopic.equals(inputTopic)) {
        throw new IllegalArgumentException("the output and DLQ topics must differ from the input topic '"
            + inputTopic + "'");
      }
      return new KafkaStreamsApp(this);
    }

    private static <T> T check(Param<T> p, T value) {
      return p.validate(value, p.label());
    }
  }
}
