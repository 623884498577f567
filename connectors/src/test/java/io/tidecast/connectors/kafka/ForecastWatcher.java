package io.tidecast.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a forecast topic from the beginning on its own thread and reports each forecast's key index and origin
 * time together with the {@code System.nanoTime()} at which the poll returned it: when it became visible to a
 * consumer with the given isolation level.
 */
public final class ForecastWatcher implements AutoCloseable {
  public interface Sink {
    void seen(int key, long originMillis, long visibleNanos);
  }

  private final Thread thread;
  private volatile boolean stop;
  private volatile long count;
  private volatile long maxOrigin = -1;

  public ForecastWatcher(Properties client, String topic, boolean readCommitted, Sink sink) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
    List<TopicPartition> parts = new ArrayList<>();
    consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(topic,
        i.partition())));
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    thread = new Thread(() -> {
      try (consumer) {
        while (!stop) {
          var records = consumer.poll(Duration.ofMillis(20));
          long now = System.nanoTime();
          long max = maxOrigin;
          for (ConsumerRecord<byte[], byte[]> r : records) {
            long origin = KeyedSeries.originMillis(r.value());
            sink.seen(KeyedSeries.keyIndex(r.key()), origin, now);
            max = Math.max(max, origin);
          }
          maxOrigin = max;
          count += records.count();
        }
      }
    }, "watch-" + topic + (readCommitted ? "-committed" : ""));
    thread.setDaemon(true);
    thread.start();
  }

  public long count() {
    return count;
  }

  /** The newest origin time seen so far, -1 before the first (a single-partition run answers events in order). */
  public long maxOrigin() {
    return maxOrigin;
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(10_000);
  }
}
