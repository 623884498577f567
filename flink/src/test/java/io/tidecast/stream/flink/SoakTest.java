package io.tidecast.stream.flink;

import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.connectors.kafka.SoakRun;
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
 * idle keys' state is evicted (live keys back to exactly {@code keys}), the live state (a canonical savepoint:
 * every key and value, uncompressed) is flat and close to one learner blob per key, and heap after GC at the end is
 * not far above what it was earlier. The full-size run is {@code tidecast-bench.jar soak} (BENCHMARKS.md, "Soak").
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
    // as the bench: full checkpoints (in Flink 2.x a copy of RocksDB's SST files; state is measured by savepoints)
    c.setString("execution.checkpointing.incremental", "false");
    List<SoakRun.Sample> samples;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("soak", 1);
      soak.preload(kafka, "soak");
      FlinkEngine flink = new FlinkEngine("tidecast", kafka, cfg, false, "rocksdb", Duration.ofSeconds(2),
          soak.ttl(), c);
      samples = soak.run(kafka, flink, () -> {
        // for comparison only: a RocksDB checkpoint's size is its SST files', not the live state
        System.out.println("soak: newest full checkpoint " + flink.lastCheckpointBytes() + " B");
        return GaugeTap.sum("tidecast_keys_live");
      }, flink::savepointBytes, "soak", 10, Duration.ofMinutes(4));
    }
    samples.forEach(s -> System.out.println("soak sample " + s));
    long peak = samples.stream().mapToLong(SoakRun.Sample::liveKeys).max().orElseThrow();
    assertEquals(soak.keys() + soak.cohort(), peak, "new keys joined while the idle cohort was still held");
    // the last sample against the ones before it (after the first, taken while windows fill)
    List<SoakRun.Sample> before = samples.subList(1, samples.size() - 1);
    SoakRun.Sample last = samples.get(samples.size() - 1);
    long state = before.stream().mapToLong(SoakRun.Sample::stateBytes).max().orElseThrow();
    long heap = before.stream().mapToLong(SoakRun.Sample::heapBytes).max().orElseThrow();
    assertEquals(soak.keys(), last.liveKeys(), "the idle cohort's state was evicted by the TTL");
    assertTrue(last.stateBytes() <= state, "live state grew to " + last.stateBytes() + " bytes; at most " + state
        + " before, with the idle cohort still held");
    // per key: the learner's blob plus a little (key, one TTL timer, events waiting for the watermark)
    long blob = new io.tidecast.stream.OnlineLearner(cfg).newState("k0").toBytes().length;
    System.out.printf("soak: %d B of live state per key, learner blob %d B%n", last.stateBytes() / soak.keys(), blob);
    assertTrue(last.stateBytes() <= soak.keys() * (blob + 512L), "live state per key " + last.stateBytes()
        / soak.keys() + " B, blob " + blob + " B: something besides the learner state is held per key");
    assertTrue(last.heapBytes() <= 1.5 * heap + (64 << 20),
        "heap after GC grew to " + last.heapBytes() + " bytes; at most " + heap + " before");
  }
}
