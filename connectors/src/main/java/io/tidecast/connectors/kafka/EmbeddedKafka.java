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

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path dir) {
    this.cluster = cluster;
    this.dir = dir;
  }

  public static EmbeddedKafka start() throws Exception {
    return start(Map.of());
  }

  /** Starts a broker with extra broker settings ({@code server.properties} keys). */
  public static EmbeddedKafka start(Map<String, String> brokerProps) throws Exception {
    Path dir = Files.createTempDirectory("tidecast-kafka-");
    KafkaClusterTestKit.Builder b = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).setBaseDirectory(dir).build())
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
    return new EmbeddedKafka(cluster, dir);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Client settings that reach this broker (bootstrap servers, and security settings if any). */
  public Properties clientProperties() {
    return cluster.clientProperties();
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
