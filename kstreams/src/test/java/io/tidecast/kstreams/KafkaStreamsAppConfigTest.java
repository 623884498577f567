package io.tidecast.kstreams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidecast.connectors.EventRules;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.WindowSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** Command line, Kafka settings and topology shape; no broker needed. */
class KafkaStreamsAppConfigTest {
  private static final String[] REQUIRED = {"--bootstrap", "h:9092", "--input-topic", "ev", "--output-topic", "fc",
      "--dlq-topic", "dlq"};

  private static String[] args(String... extra) {
    String[] a = new String[REQUIRED.length + extra.length];
    System.arraycopy(REQUIRED, 0, a, 0, REQUIRED.length);
    System.arraycopy(extra, 0, a, REQUIRED.length, extra.length);
    return a;
  }

  @Test
  void commandLineSetsTopicsLearnerAndPassesKafkaPropertiesThrough() {
    KafkaStreamsApp app = KafkaStreamsApp.fromArgs(args("--application-id", "fleet", "--state-dir", "/var/tc",
        "--timesteps", "24", "--horizon", "3", "--units", "16,8", "--seasonality", "48", "--target", "load",
        "--kafka-property", "security.protocol=SASL_SSL", "--kafka-property",
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p=q\";",
        "--kafka-property=num.stream.threads=2", "--metrics-port", "-1")).build();
    Properties p = app.streamsProperties();
    assertEquals("fleet", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals("h:9092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertEquals("/var/tc", p.get(StreamsConfig.STATE_DIR_CONFIG));
    assertEquals("exactly_once_v2", p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals("0", p.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG));
    assertEquals("SASL_SSL", p.get("security.protocol"));
    assertTrue(((String) p.get("sasl.jaas.config")).endsWith("password=\"p=q\";"), "split at the first '=' only");
    assertEquals("2", p.get("num.stream.threads"));
    assertEquals(KafkaStreams.State.CREATED, app.state());
    assertTrue(app.metricsAddress().isEmpty());
  }

  @Test
  void learnerConfigFromTheCommandLine() {
    LearnerConfig cfg = KafkaStreamsApp.fromArgs(args("--timesteps", "24", "--horizon", "3", "--units", "16,8",
        "--seasonality", "48", "--target", "load", "--model-name", "fleet")).build().learnerConfig();
    assertEquals(24, cfg.window().timesteps());
    assertEquals(3, cfg.window().horizon());
    assertEquals(List.of("load"), cfg.window().targets());
    assertEquals(List.of(16, 8), cfg.units());
    assertEquals(48, cfg.seasonality());
    assertFalse(cfg.seasonalDifference(), "LearnerConfig's default (off), as tidecast run and backtest");
    assertEquals("fleet", cfg.modelName());
    assertTrue(KafkaStreamsApp.fromArgs(args("--seasonality", "48", "--seasonal-difference")).build()
        .learnerConfig().seasonalDifference());
    assertFalse(KafkaStreamsApp.fromArgs(args("--seasonality", "48", "--no-seasonal-difference")).build()
        .learnerConfig().seasonalDifference());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(
        args("--seasonality", "4", "--horizon", "6", "--seasonal-difference")));
    assertTrue(e.getMessage().contains("seasonal_difference needs horizon <= seasonality"), e.getMessage());
    LearnerConfig dflt = KafkaStreamsApp.fromArgs(args()).build().learnerConfig();
    assertEquals(48, dflt.window().timesteps());
    assertEquals(1, dflt.window().horizon());
    assertEquals(List.of(32), dflt.units());
    assertFalse(dflt.seasonalDifference());
    assertEquals(1, dflt.trainEvery());
    assertTrue(dflt.ensemble(), "LearnerConfig's default");
    assertFalse(KafkaStreamsApp.fromArgs(args("--no-ensemble")).build().learnerConfig().ensemble());
    assertTrue(KafkaStreamsApp.fromArgs(args("--ensemble")).build().learnerConfig().ensemble());
    assertEquals(16, KafkaStreamsApp.fromArgs(args("--train-every", "16")).build().learnerConfig().trainEvery());
    assertTrue(KafkaStreamsApp.USAGE.contains("--train-every"));
  }

  @Test
  void eventsMustCarryEveryWindowInputAndTarget() {
    EventRules rules = KafkaStreamsApp.rulesFor(WindowSpec.of(24, 1, List.of("temp", "load"), List.of("load")));
    assertEquals("load", rules.target());
    assertEquals(List.of("temp", "load"), rules.features());
  }

  @Test
  void refusesSettingsThatWouldBreakExactlyOnceOrBypassTheOptions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(
        args("--kafka-property", "processing.guarantee=at_least_once")).build());
    assertTrue(e.getMessage().contains("exactly_once_v2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(
        args("--kafka-property", "statestore.cache.max.bytes=1048576")).build());
    assertTrue(e.getMessage().contains("statestore.cache.max.bytes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(
        args("--kafka-property", "bootstrap.servers=other:9092")).build());
    assertTrue(e.getMessage().contains("--bootstrap"), e.getMessage());
    // the same values are fine
    KafkaStreamsApp.fromArgs(args("--kafka-property", "processing.guarantee=exactly_once_v2")).build();
  }

  @Test
  void commandLineErrorsSayWhatIsWrong() {
    assertEquals("missing --dlq-topic", assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(
        new String[] {"--bootstrap", "h:1", "--input-topic", "a", "--output-topic", "b"})).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(args("--horizn", "2")))
        .getMessage().contains("unknown option '--horizn'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(args("--horizon", "two")))
        .getMessage().contains("--horizon takes an integer"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(args("--horizon")))
        .getMessage().contains("--horizon needs a value"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(
        args("--kafka-property", "novalue"))).getMessage().contains("KEY=VALUE"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(
        args("--metrics-port", "70000")).build()).getMessage().contains("metrics port"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(new String[] {
        "--bootstrap", "h:1", "--input-topic", "a", "--output-topic", "b", "--dlq-topic", "a"}).build())
        .getMessage().contains("must differ from the input topic"));
  }

  @Test
  void topologyNamesItsInternalTopicsAndStoreStably() {
    String d = KafkaStreamsApp.fromArgs(args()).build().topology().describe().toString();
    assertTrue(d.contains("topics: [ev]"), d);
    assertTrue(d.contains("tidecast-events-by-key-repartition"), d);
    assertTrue(d.contains("tidecast-learner-state") && d.contains("tidecast-model-state")
        && d.contains("tidecast-last-seen"), d);
    assertTrue(d.contains("topic: fc"), d);
    assertTrue(d.contains("topic: dlq"), d);
    assertFalse(d.contains("KSTREAM-"), "no generated node names (they shift when the topology changes): " + d);
  }

  @Test
  void idleKeyTtlOptionIsCheckedAsTheFlinkJobs() {
    assertEquals("--idle-key-ttl-ms takes an integer; got 'soon'", assertThrows(IllegalArgumentException.class,
        () -> KafkaStreamsApp.fromArgs(args("--idle-key-ttl-ms", "soon"))).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaStreamsApp.fromArgs(
        args("--idle-key-ttl-ms", "-1"))).getMessage().contains("idle key TTL must be >= 0"));
    assertTrue(KafkaStreamsApp.USAGE.contains("--idle-key-ttl-ms"));
  }

  @Test
  void metricsServerServesPrometheusTextHealthAndRefusesOtherMethods() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("tidecast.test.things").register(registry).increment(3);
    AtomicBoolean healthy = new AtomicBoolean(true);
    try (MetricsServer s = new MetricsServer("127.0.0.1", 0, registry, healthy::get)) {
      String base = "http://127.0.0.1:" + s.address().getPort();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertTrue(r.body().contains("tidecast_test_things_total 3.0"), r.body());
      assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
      healthy.set(false);
      assertEquals(503, http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    }
  }

  /** {@code --help} and {@code -h} print every option with its default and return (exit 0), starting nothing. */
  @Test
  void helpPrintsTheOptionsAndReturns() throws Exception {
    for (String flag : List.of("--help", "-h")) {
      java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
      java.io.PrintStream out = System.out;
      System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        KafkaStreamsApp.main(new String[] {flag});
      } finally {
        System.setOut(out);
      }
      String help = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(help.startsWith("usage: java -jar tidecast-kstreams.jar"), help);
      assertTrue(help.contains("--shared-model, --no-shared-model") && help.contains("--time-features")
          && help.contains("--format") && help.contains("Default: 48."), help);
      for (String line : help.split("\n")) {
        assertTrue(line.length() <= 100, "wrapped at 100 columns: " + line);
      }
    }
  }
}
