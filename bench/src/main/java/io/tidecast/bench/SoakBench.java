package io.tidecast.bench;

import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.stream.flink.FlinkEngine;
import io.tidecast.stream.flink.GaugeTap;
import io.tidecast.connectors.kafka.SoakRun;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * {@code soak}: {@link SoakRun} at full size through the Flink job with RocksDB state and an idle-key TTL, and
 * through the Kafka Streams runtime (child JVM) with the same TTL. Prints heap after GC and local state bytes over time, MB per 1k
 * live keys, live keys (the idle cohort must disappear at 70% where the runtime has a TTL) and events/s.
 * The model is the shipped LSTM(32) (so the state per key is the shipped one) trained on every
 * {@code --train-every}-th labelled window, to fit the run in minutes. See BENCHMARKS.md, "Soak".
 */
final class SoakBench {
  private SoakBench() {
  }

  public static void main(String[] args) throws Exception {
    long events = 1_000_000;
    int keys = 10_000;
    int trainEvery = 16;
    int timesteps = 48;
    int samples = 10;
    long ksEvents = -1;
    int ksKeys = -1;
    String ksJarArg = null;
    List<String> engines = List.of("flink", "kstreams");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--quick")) {
        events = 100_000;
        keys = 1000;
        continue;
      }
      String v = args[++i];
      switch (a) {
        case "--events" -> events = Long.parseLong(v);
        case "--keys" -> keys = Integer.parseInt(v);
        case "--train-every" -> trainEvery = Integer.parseInt(v);
        case "--timesteps" -> timesteps = Integer.parseInt(v);
        case "--samples" -> samples = Integer.parseInt(v);
        case "--kstreams-events" -> ksEvents = Long.parseLong(v);
        case "--kstreams-keys" -> ksKeys = Integer.parseInt(v);
        case "--kstreams-jar" -> ksJarArg = v;
        case "--engines" -> engines = List.of(v.split(","));
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    LearnerConfig cfg = LearnerConfig.builder(WindowSpec.of(timesteps, 1, List.of("value"), List.of("value")))
        .units(32).trainEvery(trainEvery).build();
    System.out.println("# soak: " + StreamBench.machine());
    System.out.println("# learner: " + cfg);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("log.retention.bytes", "-1"))) {
      if (engines.contains("flink")) {
        SoakRun soak = new SoakRun(keys, events);
        kafka.createTopic("soak", 1);
        soak.preload(kafka, "soak");
        Configuration c = new Configuration();
        GaugeTap.enable(c);
        // full checkpoints: the newest one's size is the live state (RocksDB's own files swing with compaction)
        c.setString("execution.checkpointing.incremental", "false");
        FlinkEngine flink = new FlinkEngine("flink-rocksdb", kafka, cfg, false, "rocksdb", Duration.ofSeconds(10),
            soak.ttl(), c);
        // state = a canonical savepoint (live keys and values, uncompressed); a RocksDB checkpoint is a copy of
        // its SST files (compressed, plus versions compaction has not dropped yet), printed alongside
        long[] chk = new long[1];
        List<SoakRun.Sample> list = soak.run(kafka, flink, () -> {
          chk[0] = flink.lastCheckpointBytes();
          System.out.printf(Locale.ROOT, "# newest full checkpoint %.1f MB%n", chk[0] / 1048576.0);
          return GaugeTap.sum("tidecast_keys_live");
        }, flink::savepointBytes, "soak", samples, Duration.ofHours(3));
        report(soak, "Flink, RocksDB, TTL " + soak.ttl().toMillis() + " ms event time; state = canonical savepoint",
            list);
      }
      if (engines.contains("kstreams")) {
        Path jar = KStreamsEngine.locate(ksJarArg);
        if (jar == null) {
          System.out.println("# kstreams: SKIPPED, kstreams/target/tidecast-kstreams.jar not found");
          return;
        }
        SoakRun soak = new SoakRun(ksKeys > 0 ? ksKeys : keys, ksEvents > 0 ? ksEvents : events);
        kafka.createTopic("soak-ks", 1);
        soak.preload(kafka, "soak-ks");
        KStreamsEngine ks = new KStreamsEngine(jar, kafka.bootstrapServers(), List.of("--timesteps",
            Integer.toString(timesteps), "--units", "32", "--train-every", Integer.toString(trainEvery),
            "--idle-key-ttl-ms", Long.toString(soak.ttl().toMillis())),
            "3g").withMetrics();
        report(soak, "Kafka Streams, TTL " + soak.ttl().toMillis() + " ms event time; state = RocksDB store dir",
            soak.run(kafka, ks, ks::liveKeys, ks::stateDirBytes, "soak-ks", samples, Duration.ofHours(3)));
      }
    }
    System.out.println("# " + StreamBench.machine());
  }

  private static void report(SoakRun soak, String what, List<SoakRun.Sample> samples) {
    System.out.printf(Locale.ROOT, "%n%s: %,d events, %,d keys, idle cohort %,d keys replaced at 50%%%n", what,
        soak.events(), soak.keys(), soak.cohort());
    System.out.println("| events | live keys | heap after GC MB | MB per 1k live keys | local state MB | "
        + "state MB per 1k live keys | events/s since last |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (SoakRun.Sample s : samples) {
      double mb = s.heapBytes() / 1048576.0;
      double st = s.stateBytes() / 1048576.0;
      double k = s.liveKeys() > 0 ? s.liveKeys() / 1000.0 : Double.NaN;
      System.out.printf(Locale.ROOT, "| %,d | %,d | %.1f | %.2f | %.1f | %.2f | %s |%n", s.events(), s.liveKeys(), mb,
          mb / k, st, st / k, Double.isNaN(s.eventsPerSec()) ? "-" : String.format(Locale.ROOT, "%,.0f",
              s.eventsPerSec()));
    }
    SoakRun.Sample a = samples.get(samples.size() - 2);
    SoakRun.Sample b = samples.get(samples.size() - 1);
    boolean evicted = b.liveKeys() == soak.keys();
    System.out.printf(Locale.ROOT, "%s idle cohort evicted (live keys at the end %,d, expected %,d)%n",
        evicted ? "PASS" : "MISS", b.liveKeys(), soak.keys());
    System.out.printf(Locale.ROOT, "heap %.1f -> %.1f MB, state %.1f -> %.1f MB between the last two samples%n",
        a.heapBytes() / 1048576.0, b.heapBytes() / 1048576.0, a.stateBytes() / 1048576.0,
        b.stateBytes() / 1048576.0);
  }
}
