package io.tidecast.stream.flink;

import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.connectors.kafka.HostileCorpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.DlqReason;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.JaasUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka security settings pass through the Flink Kafka job: against a broker that takes only SASL/PLAIN logins,
 * the job configured by the user's options ({@code --kafka-property security.protocol=SASL_PLAINTEXT ...}, the
 * same map a job.yaml's {@code kafka.properties} fills) reads events and writes forecasts and dead letters; with a
 * wrong password it fails at once with Kafka's authentication error.
 */
class SaslKafkaJobTest {
  private static Configuration clusterConfig() {
    Configuration c = new Configuration();
    c.setString("restart-strategy.type", "none"); // a login failure must fail the job, not loop
    return c;
  }

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(clusterConfig()).build());

  private static EmbeddedKafka kafka;
  private static KafkaIo io;

  @BeforeAll
  static void startKafka() throws Exception {
    // plain-user1 has no ACLs: let authenticated users do what they need, as a cluster with ACLs set up would
    kafka = EmbeddedKafka.startSaslPlain(Map.of("allow.everyone.if.no.acl.found", "true"));
    io = new KafkaIo(kafka);
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theListenerRefusesClientsWithoutSasl() {
    var p = new java.util.Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      assertThrows(org.apache.kafka.common.errors.TimeoutException.class, c::listTopics,
          "a PLAINTEXT client gets nothing from the SASL listener");
    }
  }

  @Test
  void jobWithSaslPlainSettingsReadsAndWrites() throws Exception {
    kafka.createTopic("sasl-in", 2);
    kafka.createTopic("sasl-out", 2);
    kafka.createTopic("sasl-dlq", 1);
    List<Event> events = HostileCorpus.synthetic(3, 40, 5);
    events.sort(Comparator.comparingLong(Event::timestamp));
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(KafkaForecastJobTest.jsonRecords("sasl-in",
        events));
    records.add(new ProducerRecord<>("sasl-in", null, "{\"key\":\"k\",\"ts\":1,\"values\":{\"value\":NaN}}"
        .getBytes(StandardCharsets.UTF_8)));
    io.produce(records);

    JobOptions o = options(JaasUtils.KAFKA_PLAIN_USER1_PASSWORD, "sasl-in", "sasl-out", "sasl-dlq");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    KafkaForecastJob.build(env, o);
    env.execute("sasl-job");

    Map<String, List<Forecast>> got = io.forecastsByKey("sasl-out");
    KafkaForecastJobTest.assertOnePerWindow(got, events, o.learner().window().timesteps());
    assertEquals(KafkaForecastJobTest.expected(events, o.learner()), got, "forecasts written over SASL");
    List<ConsumerRecord<byte[], byte[]>> dlq = io.readAll("sasl-dlq", true);
    assertEquals(1, dlq.size(), "the dead letter written over SASL");
    assertEquals(DlqReason.NON_FINITE, DeadLetter.fromRecord(dlq.get(0)).reason());
  }

  @Test
  void wrongPasswordFailsTheJobWithKafkasAuthenticationError() throws Exception {
    kafka.createTopic("sasl-bad-in", 1);
    kafka.createTopic("sasl-bad-out", 1);
    kafka.createTopic("sasl-bad-dlq", 1);
    JobOptions o = options("not-the-password", "sasl-bad-in", "sasl-bad-out", "sasl-bad-dlq");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    KafkaForecastJob.build(env, o);
    JobClient job = env.executeAsync("sasl-bad-job");
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> job.getJobExecutionResult().get(90, TimeUnit.SECONDS), "the job fails");
    Throwable cause = e;
    while (cause != null && !(cause instanceof SaslAuthenticationException)) {
      cause = cause.getCause();
    }
    SaslAuthenticationException auth = assertInstanceOf(SaslAuthenticationException.class, cause,
        () -> "Kafka's authentication error is in the failure: " + e);
    System.out.println("wrong password: " + auth.getMessage());
    assertTrue(auth.getMessage().contains("Invalid username or password"), auth.getMessage());
  }

  /** The user's command line, as {@code tidecast}'s Flink entry point parses it. */
  private static JobOptions options(String password, String in, String out, String dlq) {
    return KafkaForecastJob.parseArgs(new String[] {"--bootstrap", kafka.bootstrapServers(), "--input-topic", in,
        "--output-topic", out, "--dlq-topic", dlq, "--group-id", "g-" + in, "--transactional-id-prefix", "tx-" + in,
        "--bounded", "--checkpoint-interval-ms", "500", "--parallelism", "2",
        "--timesteps", "12", "--units", "8", "--batch-size", "4", "--train-every", "2", "--replay-rows", "64",
        "--seasonality", "48",
        "--kafka-property", "security.protocol=SASL_PLAINTEXT",
        "--kafka-property", "sasl.mechanism=PLAIN",
        "--kafka-property", "sasl.jaas.config=" + EmbeddedKafka.plainJaasConfig(JaasUtils.KAFKA_PLAIN_USER1, password)});
  }
}
