package io.tidecast.stream.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.DlqReason;
import io.tidecast.connectors.EventFormat;
import io.tidecast.connectors.Parsed;
import io.tidecast.stream.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobOptionsTest {
  @Test
  void commandLineSetsEveryOptionAndKafkaPropertiesPassThrough() {
    JobOptions o = KafkaForecastJob.parseArgs(new String[] {"--bootstrap", "b1:9092,b2:9092", "--input-topic", "in",
        "--output-topic", "out", "--dlq-topic", "dead", "--group-id", "g", "--timesteps", "24", "--horizon", "3",
        "--units", "16,8", "--seasonality", "48", "--kafka-property", "security.protocol=SASL_SSL",
        "--kafka-property", "sasl.jaas.config=a=b c=\"d\"", "--checkpoint-interval-ms", "2000", "--parallelism", "4",
        "--starting-offsets", "committed", "--format", "csv", "--transaction-timeout-ms", "300000",
        "--idleness-ms", "0", "--batch-size", "8", "--model-name", "taxi"});
    assertEquals("b1:9092,b2:9092", o.bootstrapServers());
    assertEquals(List.of("in", "out", "dead", "g"), List.of(o.inputTopic(), o.outputTopic(), o.dlqTopic(),
        o.groupId()));
    assertEquals(24, o.learner().window().timesteps());
    assertEquals(3, o.learner().window().horizon());
    assertEquals(List.of(16, 8), o.learner().units());
    assertEquals(48, o.learner().seasonality());
    assertEquals(8, o.learner().batchSize());
    assertEquals("taxi", o.learner().modelName());
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "a=b c=\"d\""), o.kafkaProperties());
    assertEquals(Duration.ofSeconds(2), o.checkpointInterval());
    assertEquals(4, o.parallelism());
    assertEquals(JobOptions.StartingOffsets.COMMITTED, o.startingOffsets());
    assertEquals(JobOptions.InputFormat.CSV, o.inputFormat());
    assertEquals(300_000L, o.transactionTimeoutMs());
    assertTrue(o.sourceIdleness().isZero());
    assertFalse(o.bounded());
    assertFalse(o.toString().contains("SASL_SSL") || o.toString().contains("jaas.config=a"),
        "property values (secrets) are not printed: " + o);
  }

  @Test
  void defaultsAndErrors() {
    JobOptions o = KafkaForecastJob.parseArgs(new String[] {"--bootstrap", "h:1"});
    assertEquals(JobOptions.DEFAULT_TRANSACTION_TIMEOUT_MS, o.transactionTimeoutMs());
    assertTrue(o.transactionTimeoutMs() <= 900_000, "within Kafka's default transaction.max.timeout.ms");
    assertEquals(JobOptions.StartingOffsets.EARLIEST, o.startingOffsets());
    assertTrue(o.learner().ensemble(), "LearnerConfig's default");
    assertFalse(KafkaForecastJob.parseArgs(new String[] {"--bootstrap", "h:1", "--ensemble", "false"}).learner()
        .ensemble());
    assertThrows(IllegalArgumentException.class,
        () -> KafkaForecastJob.parseArgs(new String[] {"--bootstrap", "h:1", "--ensemble", "maybe"}));
    assertNull(KafkaForecastJob.parseArgs(new String[] {"--help"}));
    assertThrows(IllegalArgumentException.class, () -> KafkaForecastJob.parseArgs(new String[] {}),
        "bootstrap is required");
    assertThrows(IllegalArgumentException.class, () -> KafkaForecastJob.parseArgs(new String[] {"--bootstrap"}));
    assertThrows(IllegalArgumentException.class,
        () -> KafkaForecastJob.parseArgs(new String[] {"--bootstrap", "h:1", "--nope", "1"}));
    assertThrows(IllegalArgumentException.class,
        () -> KafkaForecastJob.parseArgs(new String[] {"--bootstrap", "h:1", "--kafka-property", "novalue"}));
    assertThrows(IllegalArgumentException.class,
        () -> KafkaForecastJob.parseArgs(new String[] {"--bootstrap", "h:1", "--output-topic", "tidecast-events"}));
    assertThrows(IllegalArgumentException.class, () -> KafkaForecastJob.parseArgs(new String[] {"--bootstrap",
        "h:1", "--checkpoint-interval-ms", "700000"}), "transactions must outlive the checkpoint interval");
  }

  @Test
  void lateEventsBecomeDeadLettersWhoseValueParsesBackToTheEvent() {
    Event e = new Event("sensor-1", 1404172800123L, List.of("value", "temp"), new double[] {0.1 + 0.2, -3e-300});
    DeadLetter d = new LateDeadLetter().map(e);
    assertEquals(DlqReason.LATE, d.reason());
    assertEquals("sensor-1", new String(d.key(), StandardCharsets.UTF_8));
    assertNull(d.sourceTopic());
    assertTrue(d.detail().contains("re-encoded"), d.detail());
    Parsed p = new EventFormat().parse(d.value());
    assertTrue(p instanceof Parsed.Ok, String.valueOf(p));
    assertEquals(e, ((Parsed.Ok) p).event(), "bit-exact round trip");
  }

  @Test
  void csvInputUsesTheLearnerFeatures() {
    JobOptions o = KafkaForecastJob.parseArgs(new String[] {"--bootstrap", "h:1", "--format", "csv",
        "--features", "temp,value", "--target", "value"});
    Decoded d = new io.tidecast.connectors.EventDecoder(KafkaForecastJob.parser(o)).decode(null,
        "k,2014-07-01T00:00:00Z,21.5,10844".getBytes(StandardCharsets.UTF_8), "t", 0, 0);
    Event e = ((Decoded.Valid) d).event();
    assertEquals(List.of("temp", "value"), e.names());
    assertEquals(10844.0, e.value("value"));
  }

  /** {@code --help} prints every option with its default and returns (the job is not built). */
  @Test
  void helpPrintsTheOptionsAndReturns() throws Exception {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = System.out;
    System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      KafkaForecastJob.main(new String[] {"--help"});
    } finally {
      System.setOut(out);
    }
    String help = buf.toString(StandardCharsets.UTF_8);
    assertTrue(help.startsWith("usage: KafkaForecastJob --bootstrap HOST:PORT"), help);
    assertTrue(help.contains("--transaction-timeout-ms MS") && help.contains("Default: 10m.")
        && help.contains("--time-features"), help);
  }
}
