package io.tidecast.kstreams;

import static io.tidecast.kstreams.KafkaTestSupport.createTopics;
import static io.tidecast.kstreams.KafkaTestSupport.produce;
import static io.tidecast.kstreams.KafkaTestSupport.reference;
import static io.tidecast.kstreams.KafkaTestSupport.smallConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.DlqReason;
import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.LearnerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security settings pass through the Kafka Streams app: against a broker that takes only SASL/PLAIN
 * logins, the app given {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} as Kafka
 * properties reads events and writes forecasts and dead letters; with a wrong password it stops in state
 * {@code ERROR} and names Kafka's authentication error.
 */
class KafkaStreamsSaslTest {
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    // plain-user1 has no ACLs: let authenticated users do what they need, as a cluster with ACLs set up would
    kafka = EmbeddedKafka.startSaslPlain(Map.of("allow.everyone.if.no.acl.found", "true"));
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static KafkaStreamsApp.Builder app(String name, Path dir, String password) {
    return KafkaStreamsApp.builder(smallConfig(name)).bootstrap(kafka.bootstrapServers()).inputTopic(name + "-in")
        .outputTopic(name + "-out").dlqTopic(name + "-dlq").applicationId(name).stateDir(dir).metricsPort(-1)
        .kafkaProperty("security.protocol", "SASL_PLAINTEXT")
        .kafkaProperty("sasl.mechanism", "PLAIN")
        .kafkaProperty("sasl.jaas.config", EmbeddedKafka.plainJaasConfig(JaasUtils.KAFKA_PLAIN_USER1, password));
  }

  @Test
  void appWithSaslPlainSettingsReadsAndWrites(@TempDir Path dir) throws Exception {
    String name = "sasl";
    createTopics(kafka, name, 1);
    List<Event> events = KafkaStreamsAppTest.interleavedKeys(3, 40, 3, false);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    events.forEach(e -> records.add(KafkaStreamsAppTest.keyed(name + "-in", e)));
    records.add(new ProducerRecord<>(name + "-in", null, KafkaStreamsAppTest.utf8(
        "{\"key\":\"k1\",\"ts\":1,\"values\":{\"value\":NaN}}")));
    produce(kafka, records);
    LearnerConfig cfg = smallConfig(name);
    Map<String, List<Forecast>> expected = reference(cfg, events);

    List<ConsumerRecord<byte[], byte[]>> out;
    List<ConsumerRecord<byte[], byte[]>> dead;
    try (KafkaStreamsApp app = app(name, dir, JaasUtils.KAFKA_PLAIN_USER1_PASSWORD).build().start();
         KafkaTestSupport.Reader outReader = new KafkaTestSupport.Reader(kafka, name + "-out");
         KafkaTestSupport.Reader dlqReader = new KafkaTestSupport.Reader(kafka, name + "-dlq")) {
      out = outReader.awaitAtLeast(KafkaStreamsAppTest.count(expected), Duration.ofMinutes(2)).records;
      dead = dlqReader.awaitAtLeast(1, Duration.ofMinutes(1)).records;
      assertEquals(KafkaStreams.State.RUNNING, app.state());
    }
    assertEquals(expected, KafkaStreamsAppTest.forecastsByKey(out), "forecasts written over SASL");
    assertEquals(1, dead.size());
    assertEquals(DlqReason.NON_FINITE, DeadLetter.fromRecord(dead.get(0)).reason(), "dead letter written over SASL");
  }

  @Test
  void wrongPasswordStopsTheAppWithKafkasAuthenticationError(@TempDir Path dir) throws Exception {
    String name = "sasl-bad";
    createTopics(kafka, name, 1);
    try (KafkaStreamsApp app = app(name, dir, "not-the-password").build().start()) {
      assertTrue(app.awaitState(KafkaStreams.State.ERROR, Duration.ofSeconds(90)), "fails, state " + app.state());
      Throwable e = app.failure().orElseThrow();
      String message = KafkaStreamsApp.rootMessage(e);
      System.out.println("wrong password: " + message);
      Throwable c = e;
      while (c != null && !(c instanceof SaslAuthenticationException)) {
        c = c.getCause();
      }
      assertTrue(c != null && message.contains("Invalid username or password"), message);
    }
  }
}
