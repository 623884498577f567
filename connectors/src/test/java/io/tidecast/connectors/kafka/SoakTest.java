package io.tidecast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.LearnerConfig;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * A small soak (10^5 events, 500 keys, a fifth of them going idle halfway and replaced by new keys) through
 * {@link KafkaForecastJob} with the RocksDB state backend and an idle-key TTL, against a real in-JVM broker: the
 * idle keys' state is evicted (live keys back to exactly {@code keys}), and state (the newest full checkpoint) and
 * heap after GC do not keep growing between the last two samples. Bounds are generous on purpose (GC and
 * compaction move sizes around); the full-size run is {@code tidecast-bench.jar soak} (BENCHMARKS.md, "Soak").
 * No timing asserts.
 */
class SoakTest {
  @Test
  void idleKeysAreEvictedAndStateStaysFlat() throws Exception {
    SoakRun soak = new SoakRun(500, 100_000);
    // the small model of KafkaForecastJobTest: this checks memory, not model speed
    LearnerConfig cfg = KafkaForecastJobTest.smallConfig();
    Configuration c = new Configuration();
    GaugeTap.enable(c);
    // full checkpoints: the newest one's size is the live state (RocksDB's own files swing with compaction)
    c.setString("execution.checkpointing.incremental", "false");
    List<SoakRun.Sample> samples;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("soak", 1);
      soak.preload(kafka, "soak");
      FlinkEngine flink = new FlinkEngine("tidecast", kafka, cfg, false, "rocksdb", Duration.ofSeconds(2),
          soak.ttl(), c);
      samples = soak.run(kafka, flink, () -> GaugeTap.sum("tidecast_keys_live"), flink::lastCheckpointBytes, "soak",
          10, Duration.ofMinutes(4));
    }
    samples.forEach(s -> System.out.println("soak sample " + s));
    long peak = samples.stream().mapToLong(SoakRun.Sample::liveKeys).max().orElseThrow();
    assertEquals(soak.keys() + soak.cohort(), peak, "new keys joined while the idle cohort was still held");
    SoakRun.Sample late1 = samples.get(samples.size() - 2);
    SoakRun.Sample late2 = samples.get(samples.size() - 1);
    assertEquals(soak.keys(), late2.liveKeys(), "the idle cohort's state was evicted by the TTL");
    assertTrue(late2.stateBytes() > 0, "a checkpoint holds the state");
    assertTrue(late2.stateBytes() <= 1.5 * late1.stateBytes() + (1 << 20),
        "checkpointed state grew from " + late1.stateBytes() + " to " + late2.stateBytes() + " bytes");
    assertTrue(late2.heapBytes() <= 1.5 * late1.heapBytes() + (64 << 20),
        "heap after GC grew from " + late1.heapBytes() + " to " + late2.heapBytes() + " bytes");
  }
}
