package io.tidecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.LearnerConfig.TimeFeature;
import io.tidecast.stream.WindowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobSpecTest {
  private static final String KAFKA = "kafka: {bootstrap: 'h:9092', input_topic: in, output_topic: out}\n";

  @TempDir
  Path tmp;

  private static String error(String yaml) {
    return assertThrows(IllegalArgumentException.class, () -> JobSpec.parse(yaml)).getMessage();
  }

  @Test
  void minimalSpecTakesTheLearnerDefaults() {
    JobSpec s = JobSpec.parse(KAFKA);
    LearnerConfig dflt = LearnerConfig.builder(WindowSpec.of(48, 1, List.of("value"), List.of("value"))).build();
    assertEquals(dflt.toString(), s.learnerConfig().toString(), "same as LearnerConfig's own defaults");
    assertEquals("default", s.name());
    assertEquals(JobSpec.Runtime.FLINK, s.runtime());
    assertEquals(1, s.parallelism());
    assertEquals(Duration.ZERO, s.idleKeyTtl());
    assertEquals(Duration.ofSeconds(10), s.checkpointInterval());
    assertEquals("127.0.0.1", s.metricsHost());
    assertEquals(9400, s.metricsPort());
    assertEquals(new JobSpec.Kafka("h:9092", "in", "out", "in-dlq", "tidecast-default", Map.of(), "json", "earliest"), s.kafka());
  }

  @Test
  void nycTaxiExampleMapsEveryField() throws Exception {
    JobSpec s = JobSpec.load(Path.of("../examples/nyc-taxi.yaml"));
    LearnerConfig c = s.learnerConfig();
    assertEquals("nyc_taxi", s.name());
    assertEquals("nyc_taxi", c.modelName());
    assertEquals(new JobSpec.Kafka("127.0.0.1:9092", "taxi-events", "taxi-forecasts", "taxi-events-dlq",
        "tidecast-nyc-taxi", Map.of(), "json", "earliest"), s.kafka());
    assertEquals(new WindowSpec(48, 1, 1, 1, List.of("value"), List.of("value"), WindowSpec.Strategy.DIRECT),
        c.window());
    assertEquals(336, c.seasonality());
    assertEquals("lstm", c.recurrent());
    assertEquals(List.of(32), c.units());
    assertEquals(List.of(TimeFeature.HOUR_OF_DAY, TimeFeature.DAY_OF_WEEK), c.timeFeatures());
    assertTrue(c.seasonalDifference());
    assertFalse(c.seasonalLead());
    assertFalse(c.stateful());
    assertFalse(c.sharedModel());
    assertEquals(16, c.batchSize());
    assertEquals(Duration.ofDays(30), s.idleKeyTtl());
    assertEquals(Duration.ofSeconds(10), s.checkpointInterval());
  }

  @Test
  void manySensorsExample() throws Exception {
    JobSpec s = JobSpec.load(Path.of("../examples/many-sensors.yaml"));
    LearnerConfig c = s.learnerConfig();
    assertEquals("gru", c.recurrent());
    assertTrue(c.sharedModel());
    assertEquals(List.of("temp", "humidity"), c.window().inputs());
    assertEquals(List.of("temp"), c.window().targets());
    assertEquals(6, c.window().horizon());
    assertEquals("huber", c.loss());
    assertEquals(0.005, c.learningRate());
    assertEquals(4, s.parallelism());
    assertEquals(Duration.ofDays(2), s.idleKeyTtl());
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"), s.kafka().properties());
    assertEquals("0.0.0.0", s.metricsHost());
    assertFalse(c.seasonalDifference(), "LearnerConfig's default (off), though seasonality >= horizon");
  }

  @Test
  void seasonalDifferenceIsLearnerConfigsDefaultUnlessGiven() {
    assertFalse(JobSpec.parse(KAFKA).learnerConfig().seasonalDifference(), "no seasonality: off");
    LearnerConfig dflt = JobSpec.parse(KAFKA + "seasonality: 4\n").learnerConfig();
    assertEquals(LearnerConfig.builder(dflt.window()).seasonality(4).build().seasonalDifference(),
        dflt.seasonalDifference(), "the same default as the library (and so the kstreams CLI)");
    assertFalse(dflt.seasonalDifference(), "off by default even where possible (BENCHMARKS.md, Defaults)");
    assertTrue(JobSpec.parse(KAFKA + "seasonality: 4\nmodel: {seasonal_difference: true}\n").learnerConfig()
        .seasonalDifference(), "explicit true wins");
  }

  @Test
  void ensembleIsOnUnlessTurnedOff() {
    assertTrue(JobSpec.parse(KAFKA).learnerConfig().ensemble());
    assertFalse(JobSpec.parse(KAFKA + "model: {ensemble: false}\n").learnerConfig().ensemble());
  }

  @Test
  void durationsAndScalarLists() {
    assertEquals(Duration.ofMillis(500), JobSpec.parse(KAFKA + "checkpointing: {interval: 500ms}").checkpointInterval());
    assertEquals(Duration.ofMinutes(5), JobSpec.parse(KAFKA + "checkpointing: {interval: 5m}").checkpointInterval());
    assertEquals(Duration.ofHours(2), JobSpec.parse(KAFKA + "idle_key_ttl: PT2H").idleKeyTtl());
    assertEquals(Duration.ZERO, JobSpec.parse(KAFKA + "idle_key_ttl: 0").idleKeyTtl());
    assertEquals(List.of(8), JobSpec.parse(KAFKA + "model: {units: 8}").learnerConfig().units());
    assertEquals(List.of(16, 8), JobSpec.parse(KAFKA + "model: {units: [16, 8]}").learnerConfig().units());
    assertEquals(JobSpec.Runtime.KSTREAMS, JobSpec.parse(KAFKA + "runtime: KStreams").runtime());
    assertEquals("123", JobSpec.parse(KAFKA.replace("}", ", properties: {linger.ms: 123}}")).kafka().properties()
        .get("linger.ms"));
  }

  @Test
  void loadNamesTheFile() throws Exception {
    Path f = tmp.resolve("bad.yaml");
    Files.writeString(f, KAFKA + "model: {recurrent: transformer}\n");
    String m = assertThrows(IllegalArgumentException.class, () -> JobSpec.load(f)).getMessage();
    assertTrue(m.startsWith(f + ": model.recurrent: "), m);
    String missing = assertThrows(IllegalArgumentException.class, () -> JobSpec.load(tmp.resolve("nope.yaml")))
        .getMessage();
    assertTrue(missing.contains("no such job spec"), missing);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      model: {recurrent: transformer}          | model.recurrent: must be one of lstm, gru, simple_rnn; got 'transformer'
      runtime: spark                           | runtime: must be one of flink, kstreams; got 'spark'
      window: {strategy: sideways}             | window.strategy: must be one of direct, recursive; got 'sideways'
      model: {scaler: robust}                  | model.scaler: must be one of standard, minmax; got 'robust'
      modle: {units: [3]}                      | modle: unknown field; allowed here: checkpointing, idle_key_ttl, kafka,
      model: {unit: [3]}                       | model.unit: unknown field; allowed here: clipnorm, dropout, ensemble, learning_rate,
      window: {timestep: 3}                    | window.timestep: unknown field; allowed here: features, horizon,
      training: {epochs: 3}                    | training.epochs: unknown field; allowed here: batch_size, replay_rows,
      checkpointing: {every: 3s}               | checkpointing.every: unknown field; allowed here: interval
      metrics: {path: /m}                      | metrics.path: unknown field; allowed here: host, port
      window: {timesteps: 0}                   | window.timesteps: must be an integer in [1, 1048576]; got 0
      window: {timesteps: 2.5}                 | window.timesteps: must be an integer in [1, 1048576]; got 2.5
      window: {horizon: ten}                   | window.horizon: must be an integer in [1, 10000]; got 'ten'
      window: {stride: -1}                     | window.stride: must be an integer in [1, 1048576]; got -1
      window: {sampling_rate: 0}               | window.sampling_rate: must be an integer in [1, 1048576]; got 0
      window: {target: value, targets: [value]} | window.target: give target or targets, not both
      window: {features: [value, value]}       | window: inputs must not repeat a name
      window: {features: {a: 1}}               | window.features: must be a list of names, e.g. [value]; got a mapping
      window: {targets: [1]}                   | window.targets[0]: must be a non-blank string; got 1
      window: {strategy: recursive, features: [a, value]} | window: strategy=RECURSIVE feeds predictions back
      model: {units: []}                       | model.units: must list at least one integer, e.g. [32]
      model: {units: [32, 0]}                  | model.units[1]: must be an integer in [1, 4096]; got 0
      model: {units: [32, x]}                  | model.units[1]: must be an integer in [1, 4096]; got 'x'
      model: {dropout: 1.0}                    | model.dropout must be in [0, 1); got 1.0
      model: {dropout: high}                   | model.dropout: must be a finite number; got 'high'
      model: {optimizer: adamax2}              | model.optimizer: Unknown optimizer 'adamax2'. Use one of
      model: {learning_rate: 0}                | model.learning_rate must be in (0, 10); got 0.0
      model: {clipnorm: -1}                    | model.clipnorm must be >= 0
      model: {loss: l7}                        | model.loss: Unknown loss 'l7'. Use one of
      model: {stateful: yes please}            | model.stateful: must be true or false; got 'yes please'
      model: {time_features: [minute]}         | model.time_features[0]: time feature must be one of hour_of_day, day_of_week; got 'minute'
      model: {seasonal_lead: true}\\nwindow: {horizon: 2} | model: seasonal_lead needs horizon <= seasonality
      model: {seasonal_difference: true}\\nwindow: {horizon: 2} | model: seasonal_difference needs horizon <= seasonality
      model: {stateful: true}\\nwindow: {sampling_rate: 2} | model: stateful needs sampling_rate 1 and strategy direct
      training: {batch_size: 0}                | training.batch_size: must be an integer in [1, 4096]; got 0
      training: {train_every: 0}               | training.train_every: must be an integer in [1, 1000000]; got 0
      training: {replay_rows: -5}              | training.replay_rows: must be an integer in [0, 1000000]; got -5
      training: {warmup_targets: -1}           | training.warmup_targets: must be an integer in [0, 2147483647]; got -1
      seasonality: 0                           | seasonality: must be an integer in [1, 1048576]; got 0
      shared_model: 1                          | shared_model: must be true or false; got 1
      parallelism: 0                           | parallelism: must be an integer in [1, 32768]; got 0
      idle_key_ttl: soon                       | idle_key_ttl: must be a duration like 500ms, 10s, 5m, 2h, 7d (or ISO-8601 PT10S); got 'soon'
      idle_key_ttl: -PT1S                      | idle_key_ttl: must be a duration like
      checkpointing: {interval: 10 parsecs}    | checkpointing.interval: must be a duration like
      checkpointing: {interval: 5ms}           | checkpointing.interval: must be at least 10ms (forecasts are committed on checkpoints); got PT0.005S
      window: {out_of_orderness: later}        | window.out_of_orderness: must be a duration like
      checkpointing: 10s                       | checkpointing: must be a mapping with fields interval; got '10s'
      metrics: {port: 70000}                   | metrics.port: must be an integer in [-1, 65535]; got 70000
      metrics: {host: ''}                      | metrics.host: must not be blank
      name: [a, b]                             | name: must be a string; got a list
      """)
  void badFieldsFailWithThePathAndTheAllowedValues(String extra, String expected) {
    String yaml = KAFKA + extra.replace("\\n", "\n") + "\n";
    String m = error(yaml);
    assertTrue(m.startsWith(expected), "expected '" + expected + "...', got: " + m);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      kafka: {input_topic: in, output_topic: out}                          | kafka.bootstrap: is required, e.g. 127.0.0.1:9092
      kafka: {bootstrap: h, output_topic: out}                             | kafka.input_topic: is required, e.g. events
      kafka: {bootstrap: h, input_topic: in}                               | kafka.output_topic: is required, e.g. forecasts
      kafka: {bootstrap: h, input_topic: in, output_topic: in}             | kafka.output_topic: must differ from input_topic 'in'
      kafka: {bootstrap: h, input_topic: in, output_topic: o, dlq_topic: in} | kafka.dlq_topic: must differ from input_topic 'in'
      kafka: {bootstrap: h, input_topic: in, output_topic: o, topic: x}    | kafka.topic: unknown field; allowed here: bootstrap, dlq_topic,
      kafka: {bootstrap: h, input_topic: in, output_topic: o, properties: {group.id: g}} | kafka.properties.group.id: is set by kafka.group_id; use that field instead
      kafka: {bootstrap: h, input_topic: in, output_topic: o, properties: {bootstrap.servers: g}} | kafka.properties.bootstrap.servers: is set by kafka.bootstrap
      kafka: {bootstrap: h, input_topic: in, output_topic: o, properties: {a: [1]}} | kafka.properties.a: must be a string, number or boolean; got a list
      kafka: {bootstrap: h, input_topic: in, output_topic: o, properties: [a]} | kafka.properties: must be a mapping of names to values; got a list
      kafka: {bootstrap: h, input_topic: in, output_topic: o, format: avro} | kafka.format: must be one of json, csv; got 'avro'
      kafka: {bootstrap: h, input_topic: in, output_topic: o, starting_offsets: now} | kafka.starting_offsets: must be one of earliest, latest, committed; got 'now'
      kafka: [h]                                                           | kafka: must be a mapping with fields bootstrap, dlq_topic, format, group_id,
      - a list                                                             | job spec: must be a mapping of sections
      'kafka: {bootstrap: h'                                               | not valid YAML:
      """)
  void kafkaAndDocumentErrors(String yaml, String expected) {
    String m = error(yaml);
    assertTrue(m.startsWith(expected), "expected '" + expected + "...', got: " + m);
  }

  @Test
  void jobOptionsCarryTheWholeSpec() throws Exception {
    JobSpec s = JobSpec.parse(KAFKA.replace("}", ", dlq_topic: bad, group_id: g1, format: csv, starting_offsets: latest,"
        + " properties: {security.protocol: SSL}}") + "parallelism: 3\nidle_key_ttl: 1h\n"
        + "window: {out_of_orderness: 2s}\ncheckpointing: {interval: 2500ms}\nmodel: {recurrent: gru}\n");
    io.tidecast.stream.flink.JobOptions o = s.jobOptions();
    assertEquals("h:9092", o.bootstrapServers());
    assertEquals(List.of("in", "out", "bad"), List.of(o.inputTopic(), o.outputTopic(), o.dlqTopic()));
    assertEquals("g1", o.groupId());
    assertEquals("g1", o.transactionalIdPrefix(), "each job's own group is its transactional id prefix");
    assertEquals(io.tidecast.stream.flink.JobOptions.InputFormat.CSV, o.inputFormat());
    assertEquals(io.tidecast.stream.flink.JobOptions.StartingOffsets.LATEST, o.startingOffsets());
    assertEquals(Map.of("security.protocol", "SSL"), o.kafkaProperties());
    assertEquals(3, o.parallelism());
    assertEquals(Duration.ofHours(1), o.idleKeyTtl());
    assertEquals(Duration.ofSeconds(2), o.outOfOrderness());
    assertEquals(Duration.ofMillis(2500), o.checkpointInterval());
    assertEquals(s.learnerConfig(), o.learner());
    assertEquals(s.learnerConfig().toString(), JobSpec.parse(s.source()).learnerConfig().toString(),
        "the source text parses back to the same job (what a cluster submission ships)");
  }

  @Test
  void emptyDocumentNeedsKafka() {
    assertEquals("kafka.bootstrap: is required, e.g. 127.0.0.1:9092", error(""));
  }
}
