package io.tidecast.connectors.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, combined broker + controller) inside this JVM, on 127.0.0.1 with a free
 * port and a temporary directory: what the demo runs on, and what the integration tests run against. Settings
 * suit one node (replication factor 1 for internal topics, no rebalance delay). Close it to stop and delete.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final Path dir;
  private final Map<String, String> security;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path dir, Map<String, String> security) {
    this.cluster = cluster;
    this.dir = dir;
    this.security = security;
  }

  public static EmbeddedKafka start() throws Exception {
    return start(Map.of());
  }

  /** Starts a broker with extra broker settings ({@code server.properties} keys). */
  public static EmbeddedKafka start(Map<String, String> brokerProps) throws Exception {
    return start(brokerProps, SecurityProtocol.PLAINTEXT);
  }

  /**
   * Starts a broker whose client listener is {@code SASL_PLAINTEXT} with mechanism {@code PLAIN} (the controller
   * listener stays plaintext). The users are the test kit's: {@code plain-admin} / {@code plain-admin-secret}
   * (super user; {@link #clientProperties()} log in as it) and {@code plain-user1} / {@code plain-user1-secret}
   * ({@code JaasUtils}). The broker's JAAS file is set JVM-wide ({@code java.security.auth.login.config});
   * clients give theirs in {@code sasl.jaas.config}. Without ACLs only the admin may do anything, unless
   * {@code allow.everyone.if.no.acl.found=true} is among {@code brokerProps}.
   */
  public static EmbeddedKafka startSaslPlain(Map<String, String> brokerProps) throws Exception {
    return start(brokerProps, SecurityProtocol.SASL_PLAINTEXT);
  }

  private static EmbeddedKafka start(Map<String, String> brokerProps, SecurityProtocol protocol) throws Exception {
    Path dir = Files.createTempDirectory("tidecast-kafka-");
    KafkaClusterTestKit.Builder b = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).setBaseDirectory(dir)
        .setBrokerSecurityProtocol(protocol).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("transaction.state.log.num.partitions", "1")
        .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
        .setConfigProp("share.coordinator.state.topic.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "false")
        // forecasts carry their origin's event time as Kafka timestamp: replayed history (2014 data) would be past
        // the default 7-day retention and deleted by the first retention check, 30 s after start
        .setConfigProp("log.retention.ms", "-1");
    for (Map.Entry<String, String> e : brokerProps.entrySet()) {
      b.setConfigProp(e.getKey(), e.getValue());
    }
    KafkaClusterTestKit cluster = b.setDeleteOnClose(true).build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    Map<String, String> security = protocol == SecurityProtocol.PLAINTEXT ? Map.of() : Map.of(
        "security.protocol", protocol.name, "sasl.mechanism", "PLAIN", "sasl.jaas.config",
        plainJaasConfig(JaasUtils.KAFKA_PLAIN_ADMIN, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD));
    return new EmbeddedKafka(cluster, dir, security);
  }

  /** The client-side {@code sasl.jaas.config} value for SASL/PLAIN. */
  public static String plainJaasConfig(String user, String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
        + password + "\";";
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Client settings that reach this broker (bootstrap servers, and security settings if any). */
  public Properties clientProperties() {
    Properties p = cluster.clientProperties();
    p.putAll(security);
    return p;
  }

  public void createTopic(String name, int partitions) throws Exception {
    createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
  }

  public void createTopics(Collection<NewTopic> topics) throws Exception {
    Properties p = new Properties();
    p.putAll(clientProperties());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
