package io.tidecast.kstreams;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidecast.connectors.EventDecoder;
import io.tidecast.connectors.EventFormat;
import io.tidecast.connectors.EventRules;
import io.tidecast.stream.LearnerConfig;
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
    EventDecoder decoder = new EventDecoder(new EventFormat(rulesFor(cfg.window())));
    this.topology = TidecastTopology.build(b.inputTopic, b.outputTopic, b.dlqTopic, cfg, decoder, meters,
        b.idleKeyTtl.toMillis(), b.idleKeyScan);
    this.properties = streamsProperties(b);
  }

  public static Builder builder(LearnerConfig config) {
    return new Builder(config);
  }

  /** Every event must carry the window's inputs and targets, or it is a dead letter (not a learner error). */
  static EventRules rulesFor(WindowSpec w) {
    List<String> required = new ArrayList<>(w.inputs());
    for (String t : w.targets()) {
      if (!required.contains(t)) {
        required.add(t);
      }
    }
    return EventRules.builder().target(w.targets().get(0)).features(required).build();
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

  static final String USAGE = String.join("\n",
      "usage: java -jar tidecast-kstreams.jar --bootstrap HOST:PORT --input-topic T --output-topic T --dlq-topic T",
      "  [--application-id ID] [--state-dir DIR] [--target NAME] [--timesteps N] [--horizon N] [--units N[,N..]]",
      "  [--seasonality N] [--seasonal-difference | --no-seasonal-difference] [--idle-key-ttl-ms MS]",
      "  [--train-every N] [--ensemble | --no-ensemble] [--model-name NAME]",
      "  [--metrics-host HOST] [--metrics-port PORT] [--kafka-property KEY=VALUE]...",
      "",
      "  --bootstrap          Kafka bootstrap servers (required)",
      "  --input-topic        JSON events (connectors/FORMATS.md) (required)",
      "  --output-topic       forecasts, JSON, keyed by series key (required)",
      "  --dlq-topic          dead letters: invalid and late records, original bytes + tidecast.dlq.* headers",
      "  --application-id     Kafka Streams application id = consumer group and internal topic prefix (tidecast)",
      "  --state-dir          local RocksDB state (Kafka Streams default: <tmp>/kafka-streams)",
      "  --target             the feature to forecast (value)",
      "  --timesteps          window length (48)",
      "  --horizon            steps ahead (1)",
      "  --units              recurrent units, comma-separated for stacked layers (32)",
      "  --seasonality        seasonal period in events, for seasonal naive and MASE (1 = none)",
      "  --seasonal-difference  learn the residual over seasonal naive (needs horizon <= seasonality); off by",
      "                       default, as in every Tidecast runtime (BENCHMARKS.md, Defaults)",
      "  --no-ensemble        emit the network's forecast alone, not its online combination with naive, seasonal",
      "                       naive and Holt-Winters (the default; BENCHMARKS.md, Forecast accuracy)",
      "  --train-every        train on every N-th labelled window (1 = every event); forecasts still every event",
      "  --idle-key-ttl-ms    drop a key's state once it is this far (event time) behind the newest event (0 = keep)",
      "  --model-name         the model tag on metrics (default)",
      "  --metrics-host       where /metrics listens (127.0.0.1; 0.0.0.0 for all interfaces)",
      "  --metrics-port       /metrics port (9400; 0 = any free port, -1 = off)",
      "  --kafka-property     any Kafka Streams/client setting, repeatable, e.g. security.protocol=SASL_SSL");

  /** Parses the command line into a builder; {@code IllegalArgumentException} says what is wrong. */
  static Builder fromArgs(String[] args) {
    Map<String, String> opt = new LinkedHashMap<>();
    Map<String, String> kafka = new LinkedHashMap<>();
    Boolean seasonalDifference = null; // null: LearnerConfig's default
    Boolean ensemble = null;
    Set<String> known = Set.of("--bootstrap", "--input-topic", "--output-topic", "--dlq-topic", "--application-id",
        "--state-dir", "--target", "--timesteps", "--horizon", "--units", "--seasonality", "--model-name",
        "--train-every", "--idle-key-ttl-ms", "--metrics-host", "--metrics-port", "--kafka-property");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) { // --name=value
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      if ((a.equals("--seasonal-difference") || a.equals("--no-seasonal-difference")) && value == null) {
        seasonalDifference = a.equals("--seasonal-difference");
        continue;
      }
      if ((a.equals("--ensemble") || a.equals("--no-ensemble")) && value == null) {
        ensemble = a.equals("--ensemble");
        continue;
      }
      if (!known.contains(a)) {
        throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        value = args[++i];
      }
      if (a.equals("--kafka-property")) {
        int kv = value.indexOf('=');
        if (kv <= 0) {
          throw new IllegalArgumentException("--kafka-property takes KEY=VALUE; got '" + value + "'");
        }
        kafka.put(value.substring(0, kv).trim(), value.substring(kv + 1));
      } else if (opt.put(a, value) != null) {
        throw new IllegalArgumentException(a + " given twice");
      }
    }
    for (String required : List.of("--bootstrap", "--input-topic", "--output-topic", "--dlq-topic")) {
      if (!opt.containsKey(required)) {
        throw new IllegalArgumentException("missing " + required);
      }
    }
    String target = opt.getOrDefault("--target", "value");
    int horizon = intOpt(opt, "--horizon", 1);
    int seasonality = intOpt(opt, "--seasonality", 1);
    List<Integer> units = new ArrayList<>();
    for (String u : opt.getOrDefault("--units", "32").split(",")) {
      units.add(parseInt("--units", u.trim()));
    }
    WindowSpec w = WindowSpec.of(intOpt(opt, "--timesteps", 48), horizon, List.of(target), List.of(target));
    LearnerConfig.Builder lb = LearnerConfig.builder(w).units(units).seasonality(seasonality)
        .modelName(opt.getOrDefault("--model-name", "default")).trainEvery(intOpt(opt, "--train-every", 1));
    if (seasonalDifference != null) {
      lb.seasonalDifference(seasonalDifference);
    }
    if (ensemble != null) {
      lb.ensemble(ensemble);
    }
    LearnerConfig cfg = lb.build();
    Builder b = builder(cfg).bootstrap(opt.get("--bootstrap")).inputTopic(opt.get("--input-topic"))
        .outputTopic(opt.get("--output-topic")).dlqTopic(opt.get("--dlq-topic"))
        .metricsHost(opt.getOrDefault("--metrics-host", "127.0.0.1"))
        .metricsPort(intOpt(opt, "--metrics-port", Builder.DEFAULT_METRICS_PORT));
    if (opt.containsKey("--application-id")) {
      b.applicationId(opt.get("--application-id"));
    }
    if (opt.containsKey("--state-dir")) {
      b.stateDir(Path.of(opt.get("--state-dir")));
    }
    if (opt.containsKey("--idle-key-ttl-ms")) {
      b.idleKeyTtl(Duration.ofMillis(longOpt(opt, "--idle-key-ttl-ms")));
    }
    kafka.forEach(b::kafkaProperty);
    return b;
  }

  private static int intOpt(Map<String, String> opt, String name, int dflt) {
    String v = opt.get(name);
    return v == null ? dflt : parseInt(name, v);
  }

  private static long longOpt(Map<String, String> opt, String name) {
    String v = opt.get(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes an integer; got '" + v + "'");
    }
  }

  private static int parseInt(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes an integer; got '" + v + "'");
    }
  }

  /** Runs until SIGTERM/SIGINT (clean close: commit, leave the group) or until the client fails (exit 1). */
  public static void main(String[] args) throws Exception {
    KafkaStreamsApp app;
    try {
      app = fromArgs(args).build();
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
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
    static final int DEFAULT_METRICS_PORT = 9400;

    private final LearnerConfig config;
    private String bootstrap;
    private String inputTopic;
    private String outputTopic;
    private String dlqTopic;
    private String applicationId = "tidecast";
    private Path stateDir;
    private Duration idleKeyTtl = Duration.ZERO;
    private Duration idleKeyScan = LearnProcessor.EVICTION_SCAN;
    private String metricsHost = "127.0.0.1";
    private int metricsPort = DEFAULT_METRICS_PORT;
    private final Map<String, String> kafkaProperties = new LinkedHashMap<>();

    private Builder(LearnerConfig config) {
      this.config = Objects.requireNonNull(config, "learner config");
    }

    public Builder bootstrap(String servers) {
      this.bootstrap = nonBlank("bootstrap servers", servers);
      return this;
    }

    public Builder inputTopic(String topic) {
      this.inputTopic = nonBlank("input topic", topic);
      return this;
    }

    public Builder outputTopic(String topic) {
      this.outputTopic = nonBlank("output topic", topic);
      return this;
    }

    public Builder dlqTopic(String topic) {
      this.dlqTopic = nonBlank("DLQ topic", topic);
      return this;
    }

    /** Consumer group, transactional id prefix and internal topic prefix; keep it to keep the state. */
    public Builder applicationId(String id) {
      this.applicationId = nonBlank("application id", id);
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
      Objects.requireNonNull(ttl, "idle key TTL");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("idle key TTL must be >= 0; got " + ttl);
      }
      this.idleKeyTtl = ttl;
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
      this.metricsHost = nonBlank("metrics host", host);
      return this;
    }

    /** 0 picks a free port, -1 serves no endpoint. */
    public Builder metricsPort(int port) {
      if (port < -1 || port > 65535) {
        throw new IllegalArgumentException("metrics port must be -1 (off), 0 (any free port) or 1..65535; got "
            + port);
      }
      this.metricsPort = port;
      return this;
    }

    /** A Kafka Streams or client setting passed through (security, tuning), e.g. {@code security.protocol}. */
    public Builder kafkaProperty(String key, String value) {
      kafkaProperties.put(nonBlank("property name", key), Objects.requireNonNull(value, "value of " + key));
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

    private static String nonBlank(String what, String s) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      return s;
    }
  }
}
