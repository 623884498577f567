package io.tidecast.bench;

import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.connectors.kafka.Engine;
import io.tidecast.stream.flink.FlinkEngine;
import io.tidecast.connectors.kafka.ForecastWatcher;
import io.tidecast.connectors.kafka.KeyedSeries;
import io.tidecast.stream.Event;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.OnlineLearner;
import io.tidecast.stream.WindowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code stream}: the shipped runtimes over the same pre-loaded topic of an in-JVM KRaft broker, in one run —
 * (a) the Tidecast Flink job, (b) the same Flink job with a no-model identity stage, (c) the Kafka Streams
 * runtime — for each key count: steady-state events/s, heap and state per key; then event-to-forecast latency at
 * a fixed input rate, free of coordinated omission. See BENCHMARKS.md, "Streaming".
 *
 * <p>Event {@code i} of a throughput topic belongs to key {@code i mod K} and has event time {@code T0 + i} ms,
 * so a forecast's origin time tells which event it answers. The first {@code K * (timesteps + 1)} events fill
 * every key's window (no forecasts yet, cheap); the learner's steady state (a forecast and a train step per event)
 * is measured after them.
 */
final class StreamBench {
  static final long T0 = 1_700_000_000_000L;
  static final String TARGET_NOTE = "targets: >= 50k events/s, >= 50% of identity, p99 <= 10 ms at 10k events/s, "
      + "<= 64 KB state per key";

  private StreamBench() {
  }

  static final class Options {
    List<Integer> keys = List.of(1000, 100_000);
    long events = 20_000;
    double rate = 10_000;
    int seconds = 60;
    int latencySeconds = 10;
    int latencyKeys = 1000;
    int timesteps = 48;
    long minTopic = 1_000_000;
    List<String> backends = List.of("rocksdb");
    List<String> configs = List.of("default");
    String kstreamsJar;
    List<String> engines = List.of("tidecast", "identity", "kstreams");
    boolean quick;
    int parallelism = 1;
    long checkpointMs = 10_000;
    final Configuration flinkConf = new Configuration();

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--quick")) {
          o.quick = true;
          o.keys = List.of(1000);
          o.events = 5000;
          o.seconds = 20;
          o.latencySeconds = 5;
          o.latencyKeys = 200;
          o.minTopic = 300_000;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--keys" -> {
            List<Integer> k = new ArrayList<>();
            for (String s : v.split(",")) {
              k.add(Integer.parseInt(s.trim()));
            }
            o.keys = k;
          }
          case "--events" -> o.events = Long.parseLong(v);
          case "--rate" -> o.rate = Double.parseDouble(v);
          case "--seconds" -> o.seconds = Integer.parseInt(v);
          case "--latency-seconds" -> o.latencySeconds = Integer.parseInt(v);
          case "--latency-keys" -> o.latencyKeys = Integer.parseInt(v);
          case "--timesteps" -> o.timesteps = Integer.parseInt(v);
          case "--min-topic" -> o.minTopic = Long.parseLong(v);
          case "--state-backend" -> o.backends = List.of(v.split(",")); // rocksdb,hashmap
          case "--config" -> o.configs = List.of(v.split(",")); // default,stateful,short
          case "--kstreams-jar" -> o.kstreamsJar = v;
          case "--parallelism" -> o.parallelism = Integer.parseInt(v); // Flink jobs, tidecast and identity alike
          case "--checkpoint-ms" -> o.checkpointMs = Long.parseLong(v);
          case "--flink-conf" -> { // K=V, repeatable: e.g. state.backend.rocksdb.compression.per.level=NO_COMPRESSION
            int eq = v.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("--flink-conf needs KEY=VALUE, got " + v);
            }
            o.flinkConf.setString(v.substring(0, eq), v.substring(eq + 1));
          }
          case "--engines" -> o.engines = List.of(v.split(",")); // tidecast,identity,kstreams or just learner
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      return o;
    }
  }

  record Throughput(String engine, int keys, double eventsPerSec, long measured, double seconds, long heapDelta,
      long stateDir) {
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    System.out.println("# stream benchmark: " + (o.quick ? "quick" : "full") + "; " + machine());
    System.out.println("# Flink: local MiniCluster, parallelism " + o.parallelism + ", " + o.backends + " state, "
        + "exactly-once sinks, checkpoints every " + o.checkpointMs + " ms, JobOptions defaults otherwise"
        + (o.flinkConf.keySet().isEmpty() ? "" : ", " + o.flinkConf.toMap())
        + "; Kafka Streams: child JVM, exactly_once_v2, 1 stream thread,"
        + " default config; input topic: 1 partition");
    Map<String, long[]> states = new LinkedHashMap<>();
    for (String c : o.configs) {
      LearnerConfig cfg = learner(c, o.timesteps);
      System.out.println("# config " + c + ": " + cfg);
      System.out.println("#   accuracy of this config on nyc_taxi: " + backtestCommand(c, o.timesteps));
      long[] state = stateBytes(cfg);
      states.put(c, state);
      System.out.printf(Locale.ROOT, "#   serialized KeyState (LSTM(32)+Adam, replay %d rows): %,d B after %d events"
          + " (window just full), %,d B with the replay buffer full%n", cfg.replayRows(), state[0],
          cfg.window().timesteps() + 1, state[1]);
      System.out.printf(Locale.ROOT, "#   the learner alone (one key, steady state, no runtime): %,d events/s; one "
          + "state round trip (toBytes + fromBytes): %.1f us (encode %.1f us, decode %.1f us)%n", state[2],
          (state[4] + state[5]) / 1000.0, state[4] / 1000.0, state[5] / 1000.0);
    }
    if (o.engines.equals(List.of("learner"))) {
      return; // the learner alone, no runtimes
    }
    Path ksJar = o.engines.contains("kstreams") ? KStreamsEngine.locate(o.kstreamsJar) : null;
    if (o.engines.contains("kstreams") && ksJar == null) {
      System.out.println("# kstreams: SKIPPED, kstreams/target/tidecast-kstreams.jar not found (build it with "
          + "-pl bench -am, or pass --kstreams-jar)");
    }
    List<Throughput> results = new ArrayList<>();
    Map<String, double[]> latencies = new LinkedHashMap<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("log.retention.bytes", "-1"))) {
      for (int k : o.keys) {
        long warm = (long) k * (o.timesteps + 1);
        long total = Math.max(warm + o.events, o.minTopic);
        String in = "events-" + k;
        kafka.createTopic(in, 1);
        long t = System.nanoTime();
        KeyedSeries.preload(kafka, in, k, 0, total, T0, i -> (int) (i % k));
        System.out.printf(Locale.ROOT, "# keys %,d: pre-loaded %,d events (%,d fill the windows) in %.1f s%n", k,
            total, warm, (System.nanoTime() - t) / 1e9);
        for (String name : variants(o)) {
          Engine e = engine(name, kafka, o, ksJar);
          if (e == null) {
            continue;
          }
          Throughput r = throughput(e, kafka, in, k, warm, total, o.seconds, name.equals("identity"));
          results.add(r);
          System.out.printf(Locale.ROOT, "%-9s keys %,7d: %,10.0f events/s over %,d events in %.1f s; heap delta "
              + "after GC %s/key, local state dir %s/key%n", r.engine, k, r.eventsPerSec, r.measured, r.seconds,
              perKey(r.heapDelta, k), perKey(r.stateDir, k));
        }
      }
      int k = o.latencyKeys;
      for (String name : variants(o)) {
        List<Double> rates = new ArrayList<>(List.of(o.rate));
        Throughput cap = find(results, name, o.keys.get(0));
        if (!o.quick && cap != null && cap.eventsPerSec * 0.5 < o.rate) {
          rates.add(Math.max(10, Math.floor(cap.eventsPerSec * 0.5)));
        }
        for (double rate : rates) {
          Engine e = engine(name, kafka, o, ksJar);
          if (e == null) {
            continue;
          }
          double[] l = latency(e, kafka, k, o.timesteps, rate, o.latencySeconds);
          latencies.put(name + "@" + (long) rate, l);
        }
      }
    }
    summary(o, results, latencies, states);
  }

  static LearnerConfig learner(int timesteps) {
    return learner("default", timesteps);
  }

  /**
   * The same model, LSTM(32) then Dense(1), in configurations of falling per-event cost. {@code default}: the
   * library defaults (a train step per event on the newest window + 15 replayed, 48 steps each). {@code stateful}:
   * the recurrent state is carried, so a forecast is one timestep; training unrolls only the newest window (batch
   * 1, no replay buffer beyond it). {@code short}: an 8-step window, batch 1, no replay. {@code micro}: a 4-step
   * window; every 4th event trains one step on a micro-batch of 4 windows from the last 8 rows, so each update is
   * shared by 4 events. {@code shared}: {@code micro} with one model for all keys of an operator instance (per-key
   * scalers, windows and scores; not LSTM(32) per key, so not what the targets ask: a reference point). Cheaper
   * steps learn from less: each row's accuracy is what {@link #backtestCommand} measures.
   */
  static LearnerConfig learner(String config, int timesteps) {
    LearnerConfig.Builder b = LearnerConfig.builder(WindowSpec.of(switch (config) {
      case "short" -> 8;
      case "micro", "shared" -> 4;
      default -> timesteps;
    }, 1,
        List.of("value"), List.of("value"))).units(32);
    return switch (config) {
      case "default" -> b.build();
      case "stateful" -> b.stateful(true).batchSize(1).replayRows(0).build();
      case "short" -> b.batchSize(1).replayRows(0).build();
      case "micro" -> b.batchSize(4).trainEvery(4).replayRows(8).build();
      case "shared" -> b.batchSize(4).trainEvery(4).replayRows(8).sharedModel(true).build();
      default -> throw new IllegalArgumentException("unknown config " + config
          + " (default, stateful, short, micro, shared)");
    };
  }

  /** The {@code tidecast backtest} command that measures a config's accuracy on the bundled nyc_taxi series. */
  static String backtestCommand(String config, int timesteps) {
    return "java -jar app/target/tidecast.jar backtest --units 32 " + switch (config) {
      case "stateful" -> "--timesteps " + timesteps + " --stateful --batch-size 1 --replay-rows 0";
      case "short" -> "--timesteps 8 --batch-size 1 --replay-rows 0";
      case "micro" -> "--timesteps 4 --batch-size 4 --train-every 4 --replay-rows 8";
      case "shared" -> "--timesteps 4 --batch-size 4 --train-every 4 --replay-rows 8 (one series: as micro)";
      default -> "--timesteps " + timesteps;
    };
  }

  /** Engine names in run order: tidecast once per config and state backend ({@code tidecast-CONFIG-BACKEND}). */
  static List<String> variants(Options o) {
    List<String> out = new ArrayList<>();
    for (String e : o.engines) {
      if (!e.equals("tidecast")) {
        out.add(e);
        continue;
      }
      for (String c : o.configs) {
        for (String b : o.backends) {
          out.add(o.configs.size() == 1 && o.backends.size() == 1 ? e : e + "-" + c + "-" + b);
        }
      }
    }
    return out;
  }

  private static Engine engine(String name, EmbeddedKafka kafka, Options o, Path ksJar) {
    if (name.startsWith("tidecast")) {
      String[] v = name.equals("tidecast") ? new String[] {name, o.configs.get(0), o.backends.get(0)}
          : name.split("-");
      return new FlinkEngine(name, kafka, learner(v[1], o.timesteps), false, v[2], Duration.ofMillis(o.checkpointMs),
          Duration.ZERO, o.flinkConf).parallelism(o.parallelism);
    }
    return switch (name) {
      case "identity" -> new FlinkEngine("identity", kafka, learner(o.timesteps), true, o.backends.get(0),
          Duration.ofMillis(o.checkpointMs), Duration.ZERO, o.flinkConf).parallelism(o.parallelism);
      case "kstreams" -> ksJar == null ? null : new KStreamsEngine(ksJar, kafka.bootstrapServers(),
          List.of("--timesteps", Integer.toString(o.timesteps), "--units", "32"), "3g");
      default -> throw new IllegalArgumentException("unknown engine " + name + " (tidecast, identity, kstreams)");
    };
  }

  /**
   * One key's state outside any runtime: serialized size right after its window filled and with its replay buffer
   * full; then, in steady state, the learner's own events/s ({@code onEvent}: forecast + train step) and the
   * nanoseconds of one state encode ({@code toBytes}) and decode ({@code fromBytes}) — the ceiling a runtime can
   * reach. Returns {bytes when full, bytes with replay full, learner events/s, unused, encode ns, decode ns}.
   */
  static long[] stateBytes(LearnerConfig cfg) {
    OnlineLearner l = new OnlineLearner(cfg);
    KeyState s = l.newState(KeyedSeries.key(0));
    long[] out = new long[6];
    int fill = cfg.window().timesteps() + 1;
    int full = cfg.replayRows() + 2 * fill + 5000; // replay buffer full, then JIT warm-up
    int timed = 5000;
    long t = 0;
    for (int n = 0; n < full + timed; n++) {
      if (n == full) {
        t = System.nanoTime();
      }
      l.onEvent(s, new Event(KeyedSeries.key(0), T0 + n, List.of("value"), new double[] {KeyedSeries.value(0, n)}));
      if (n + 1 == fill) {
        out[0] = s.toBytes().length;
      }
    }
    out[2] = (long) (timed / ((System.nanoTime() - t) / 1e9));
    out[1] = s.toBytes().length;
    for (int i = 0; i < 3 * timed; i++) { // JIT warm-up
      s = KeyState.fromBytes(s.toBytes());
    }
    long enc = 0;
    long dec = 0;
    for (int i = 0; i < timed; i++) {
      long t0 = System.nanoTime();
      byte[] b = s.toBytes();
      long t1 = System.nanoTime();
      s = KeyState.fromBytes(b);
      enc += t1 - t0;
      dec += System.nanoTime() - t1;
    }
    out[4] = enc / timed;
    out[5] = dec / timed;
    return out;
  }

  private static Throughput throughput(Engine e, EmbeddedKafka kafka, String in, int keys, long warm, long total,
      int seconds, boolean identity) throws Exception {
    String out = in + "-" + e.name();
    kafka.createTopic(out, 1);
    kafka.createTopic(out + "-dlq", 1);
    long heap0 = e instanceof FlinkEngine ? Engine.localHeapAfterGc() : -1;
    long idxA = -1;
    long tA = 0;
    long idx = -1;
    long now = 0;
    try (ForecastWatcher w = new ForecastWatcher(KeyedSeries.client(kafka), out, false, (k, origin, at) -> {
    })) {
      e.start(in, out, out + "-dlq");
      // identity has no warm-up: skip the first 10% (job start); the learner's steady state starts after the fill
      long a = identity ? total / 10 : warm;
      long started = System.nanoTime();
      while (true) {
        Thread.sleep(50);
        now = System.nanoTime();
        long m = w.maxOrigin();
        idx = m < 0 ? -1 : m - T0;
        if (idxA < 0 && idx >= a) {
          idxA = idx;
          tA = now;
        }
        if (idx >= total - 2 || (idxA >= 0 && now - tA > seconds * 1_000_000_000L)) {
          break;
        }
        if (e instanceof KStreamsEngine ks && !ks.alive()) {
          throw new IllegalStateException("the Kafka Streams child JVM exited; see " + ks.log());
        }
        if (idxA < 0 && now - started > 45 * 60_000_000_000L) {
          throw new IllegalStateException(e.name() + " did not reach event " + a + " in 45 min (at " + idx + ")");
        }
      }
      long heap1 = e.heapAfterGc();
      long stateDir = e.stateDirBytes();
      if (!(e instanceof FlinkEngine)) {
        heap0 = 0; // child JVM: whole heap (its baseline is a few tens of MB)
      }
      double secs = (now - tA) / 1e9;
      return new Throughput(e.name(), keys, (idx - idxA) / secs, idx - idxA, secs,
          heap1 < 0 ? -1 : heap1 - heap0, stateDir);
    } finally {
      e.close();
    }
  }

  /**
   * Fills every key's window from a pre-loaded topic, then sends live events at {@code rate}/s for
   * {@code seconds}, each stamped with its intended send time (the schedule, not when the producer got to it),
   * and measures forecast-visible time minus intended time for read_uncommitted and read_committed consumers.
   * Events still without a forecast at the end count with their latency so far (a lower bound), so a runtime
   * slower than the rate shows its growing queue instead of hiding it. Returns {p50, p99, p999, missing} for
   * uncommitted then committed, in ms.
   */
  private static double[] latency(Engine e, EmbeddedKafka kafka, int keys, int timesteps, double rate,
      int seconds) throws Exception {
    String in = "latency-" + keys + "-" + e.name() + "-" + (long) rate;
    String out = in + "-out";
    for (String t : List.of(in, out, out + "-dlq")) {
      kafka.createTopic(t, 1);
    }
    long warm = (long) keys * (timesteps + 1);
    long base = System.currentTimeMillis() - warm - 3_600_000L; // all warm-up times are in the past
    KeyedSeries.preload(kafka, in, keys, 0, warm, base, i -> (int) (i % keys));
    int m = (int) Math.round(rate * seconds);
    long[] intended = new long[m];
    long[][] seen = {new long[m], new long[m]};
    ConcurrentHashMap<Long, Integer> index = new ConcurrentHashMap<>(m * 2);
    long live = base + warm; // origins at or after this are live events
    ForecastWatcher.Sink[] sinks = new ForecastWatcher.Sink[2];
    for (int c = 0; c < 2; c++) {
      long[] s = seen[c];
      sinks[c] = (k, origin, at) -> {
        if (origin >= live) {
          Integer j = index.get(id(k, origin));
          if (j != null && s[j] == 0) {
            s[j] = at;
          }
        }
      };
    }
    long stop;
    try (ForecastWatcher unc = new ForecastWatcher(KeyedSeries.client(kafka), out, false, sinks[0]);
        ForecastWatcher com = new ForecastWatcher(KeyedSeries.client(kafka), out, true, sinks[1]);
        KafkaProducer<byte[], byte[]> p = KeyedSeries.producer(kafka, false)) {
      e.start(in, out, out + "-dlq");
      long started = System.nanoTime();
      while (unc.maxOrigin() < base + warm - 2) { // the last one waits for the watermark the live events bring
        Thread.sleep(50);
        if (System.nanoTime() - started > 45 * 60_000_000_000L) {
          throw new IllegalStateException(e.name() + ": windows not filled in 45 min");
        }
      }
      long anchor = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
      long start = System.nanoTime() + 200_000_000L;
      long[] last = new long[keys];
      for (int j = 0; j < m; j++) {
        long due = start + (long) (j * 1e9 / rate);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          if (wait > 100_000) {
            LockSupport.parkNanos(wait - 50_000);
          } else {
            Thread.onSpinWait();
          }
        }
        int k = j % keys;
        long ts = Math.max((due + anchor) / 1_000_000L, last[k] + 1); // per key strictly increasing
        last[k] = ts;
        intended[j] = due;
        index.put(id(k, ts), j);
        p.send(new ProducerRecord<>(in, KeyedSeries.key(k).getBytes(StandardCharsets.UTF_8),
            KeyedSeries.json(k, ts, KeyedSeries.value(k, timesteps + 1 + j / keys))));
      }
      p.flush();
      // drain: long enough for one more checkpoint (10 s) to commit the last transaction
      long drainEnd = System.nanoTime() + 15_000_000_000L;
      while (System.nanoTime() < drainEnd && (unseen(seen[0], m - 1) > 0 || unseen(seen[1], m - 1) > 0)) {
        Thread.sleep(50);
      }
      stop = System.nanoTime();
    } finally {
      e.close();
    }
    double[] r = new double[8];
    for (int c = 0; c < 2; c++) {
      Histogram h = new Histogram(3_600_000_000L, 3);
      long missing = 0;
      for (int j = 0; j < m; j++) {
        long at = seen[c][j];
        if (at == 0) {
          missing++;
          at = stop;
        }
        h.recordValue(Math.max(0, Math.min(3_600_000_000L, (at - intended[j]) / 1000)));
      }
      r[c * 4] = h.getValueAtPercentile(50) / 1000.0;
      r[c * 4 + 1] = h.getValueAtPercentile(99) / 1000.0;
      r[c * 4 + 2] = h.getValueAtPercentile(99.9) / 1000.0;
      r[c * 4 + 3] = missing;
    }
    System.out.printf(Locale.ROOT, "%-9s latency at %,.0f events/s (%,d keys, %d s, %,d events): read_uncommitted "
        + "p50 %.1f ms p99 %.1f ms p99.9 %.1f ms (%,.0f without forecast at the end); read_committed p50 %.1f ms "
        + "p99 %.1f ms p99.9 %.1f ms (%,.0f without)%n", e.name(), rate, keys, seconds, m, r[0], r[1], r[2], r[3],
        r[4], r[5], r[6], r[7]);
    return r;
  }

  private static int unseen(long[] seen, int n) {
    int u = 0;
    for (int j = 0; j < n; j++) {
      if (seen[j] == 0) {
        u++;
      }
    }
    return u;
  }

  private static long id(int key, long originMillis) {
    return ((long) key << 42) | (originMillis & ((1L << 42) - 1));
  }

  private static Throughput find(List<Throughput> rs, String engine, int keys) {
    for (Throughput r : rs) {
      if (r.engine.equals(engine) && r.keys == keys) {
        return r;
      }
    }
    return null;
  }

  private static String perKey(long bytes, int keys) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f B", (double) bytes / keys);
  }

  static String machine() {
    String load = "?";
    try {
      load = Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      // not Linux
    }
    return "nproc " + java.lang.Runtime.getRuntime().availableProcessors() + ", loadavg " + load + ", java "
        + System.getProperty("java.version") + ", max heap " + java.lang.Runtime.getRuntime().maxMemory() / (1 << 20)
        + " MB";
  }

  private static void summary(Options o, List<Throughput> rs, Map<String, double[]> lat,
      Map<String, long[]> states) {
    System.out.println();
    System.out.println("| keys | runtime | events/s | identity events/s | / identity | Kafka Streams events/s |");
    System.out.println("|---:|---|---:|---:|---:|---:|");
    for (int k : o.keys) {
      Throughput i = find(rs, "identity", k);
      Throughput s = find(rs, "kstreams", k);
      for (String name : variants(o)) {
        if (!name.startsWith("tidecast")) {
          continue;
        }
        Throughput t = find(rs, name, k);
        System.out.printf(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s |%n", k, name, rate(t), rate(i),
            t != null && i != null ? String.format(Locale.ROOT, "%.2f%%", 100 * t.eventsPerSec / i.eventsPerSec)
                : "-", rate(s));
      }
    }
    System.out.println();
    System.out.println("| runtime @ rate | uncommitted p50 / p99 / p99.9 ms | no forecast | committed p50 / p99 / "
        + "p99.9 ms | no forecast |");
    System.out.println("|---|---:|---:|---:|---:|");
    lat.forEach((name, r) -> System.out.printf(Locale.ROOT, "| %s | %.1f / %.1f / %.1f | %,.0f | %.1f / %.1f / %.1f "
        + "| %,.0f |%n", name, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]));
    System.out.println();
    System.out.println("# " + TARGET_NOTE);
    for (String name : variants(o)) {
      if (!name.startsWith("tidecast")) {
        continue;
      }
      long[] state = states.get(name.equals("tidecast") ? o.configs.get(0) : name.split("-")[1]);
      for (int k : o.keys) {
        Throughput t = find(rs, name, k);
        Throughput i = find(rs, "identity", k);
        if (t != null) {
          System.out.printf(Locale.ROOT, "%s %s >= 50,000 events/s at %,d keys: %,.0f (%.0f%% of the learner "
              + "alone, %,d events/s)%n", t.eventsPerSec >= 50_000 ? "PASS" : "MISS", name, k, t.eventsPerSec,
              100 * t.eventsPerSec / state[2], state[2]);
        }
        if (t != null && i != null) {
          System.out.printf(Locale.ROOT, "%s %s >= 50%% of identity at %,d keys: %.2f%%%n",
              t.eventsPerSec >= 0.5 * i.eventsPerSec ? "PASS" : "MISS", name, k, 100 * t.eventsPerSec / i.eventsPerSec);
        }
      }
      double[] l = lat.get(name + "@" + (long) o.rate);
      if (l != null) {
        System.out.printf(Locale.ROOT, "%s %s p99 <= 10 ms at %,.0f events/s: %.1f ms read_uncommitted, %.1f ms "
            + "read_committed%n", l[1] <= 10 ? "PASS" : "MISS", name, o.rate, l[1], l[5]);
      }
    }
    states.forEach((c, state) -> {
      // a shared model is not per-key state: its tiny KeyState says nothing about the LSTM(32)+Adam target
      String verdict = learner(c, o.timesteps).sharedModel() ? "n/a (model shared, not per key)"
          : state[1] <= 65_536 ? "PASS" : "MISS";
      System.out.printf(Locale.ROOT, "%s config %s: state <= 64 KB per key (serialized KeyState, replay buffer full):"
          + " %,d B%n", verdict, c, state[1]);
    });
    System.out.println("# " + machine());
  }

  private static String rate(Throughput t) {
    return t == null ? "-" : String.format(Locale.ROOT, "%,.0f", t.eventsPerSec);
  }
}
