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
 * heap after GC at the end are not far above what they were earlier in the run. Bounds are generous on purpose (GC and
 * compaction move sizes around); the full-size run is {@code tidecast-bench.jar soak} (BENCHMARKS.md, "Soak").
 * No timing asserts.
 */
class SoakTest {
  @Test
  void idleKeysAreEvictedAndStateStaysFlat() throws Exception {
    SoakRun soak = new SoakRun(500, 100_000);
    // the small model of KafkaForecastJobTest, trained on every 8th window: this checks memory, not model speed
    LearnerConfig cfg = KafkaForecastJobTest.smallConfig().toBuilder().trainEvery(8).build();
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
    // the last sample against the ones before it (after the first, taken while windows fill): single readings of a
    // checkpoint's size swing up to ~2x from one checkpoint to the next, so the bound is generous
    List<SoakRun.Sample> before = samples.subList(1, samples.size() - 1);
    SoakRun.Sample last = samples.get(samples.size() - 1);
    long state = before.stream().mapToLong(SoakRun.Sample::stateBytes).max().orElseThrow();
    long heap = before.stream().mapToLong(SoakRun.Sample::heapBytes).max().orElseThrow();
    assertEquals(soak.keys(), last.liveKeys(), "the idle cohort's state was evicted by the TTL");
    assertTrue(last.stateBytes() > 0, "a checkpoint holds the state");
    assertTrue(last.stateBytes() <= 2 * state + (1 << 20),
        "checkpointed state grew to " + last.stateBytes() + " bytes; at most " + state + " before");
    assertTrue(last.heapBytes() <= 1.5 * heap + (64 << 20),
        "heap after GC grew to " + last.heapBytes() + " bytes; at most " + heap + " before");
  }
}
