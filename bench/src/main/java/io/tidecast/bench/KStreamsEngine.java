package io.tidecast.bench;

import io.tidecast.connectors.kafka.Engine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped Kafka Streams runtime ({@code io.tidecast.kstreams.KafkaStreamsApp} main, exactly_once_v2, RocksDB
 * store with changelog) in a child JVM started from {@code tidecast-kstreams.jar}: its RocksDB must not meet
 * Flink's in this JVM. Heap is read with {@code jcmd GC.run} + {@code GC.heap_info}.
 */
final class KStreamsEngine implements Engine {
  private final Path jar;
  private final String bootstrap;
  private final List<String> learnerArgs;
  private final String heap;
  private int metricsPort = -1;
  private Path dir;
  private Process process;

  KStreamsEngine(Path jar, String bootstrap, List<String> learnerArgs, String heap) {
    this.jar = jar;
    this.bootstrap = bootstrap;
    this.learnerArgs = learnerArgs;
    this.heap = heap;
  }

  /** Serve the app's /metrics on a free port (for {@link #liveKeys()}). */
  KStreamsEngine withMetrics() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      metricsPort = s.getLocalPort();
    }
    return this;
  }

  /** The app's {@code tidecast_keys_live} meter, scraped from /metrics; -1 if unavailable. */
  long liveKeys() {
    if (metricsPort < 0) {
      return -1;
    }
    try {
      var c = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:" + metricsPort + "/metrics")
          .openConnection();
      String body = new String(c.getInputStream().readAllBytes());
      Matcher m = Pattern.compile("(?m)^tidecast_keys_live\\{[^}]*} ([0-9.eE+]+)").matcher(body);
      long sum = 0;
      boolean any = false;
      while (m.find()) {
        sum += (long) Double.parseDouble(m.group(1));
        any = true;
      }
      return any ? sum : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** The kstreams jar beside the bench jar's checkout ({@code kstreams/target}), or null. */
  static Path locate(String given) {
    List<Path> tries = new ArrayList<>();
    if (given != null) {
      tries.add(Path.of(given));
    }
    try {
      Path self = Path.of(KStreamsEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      tries.add(self.getParent().getParent().getParent().resolve("kstreams/target/tidecast-kstreams.jar"));
    } catch (Exception e) {
      // not from a jar: fall back to the working directory
    }
    tries.add(Path.of("kstreams/target/tidecast-kstreams.jar"));
    for (Path p : tries) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath();
      }
    }
    return null;
  }

  @Override
  public String name() {
    return "kstreams";
  }

  @Override
  public void start(String in, String out, String dlq) throws Exception {
    dir = Files.createTempDirectory("tidecast-bench-kstreams-");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseParallelGC", "-cp", jar.toString(),
        "io.tidecast.kstreams.KafkaStreamsApp", "--bootstrap", bootstrap, "--input-topic", in, "--output-topic",
        out, "--dlq-topic", dlq, "--application-id", in + "-kstreams", "--state-dir", dir.resolve("state")
            .toString(), "--metrics-port", Integer.toString(metricsPort)));
    cmd.addAll(learnerArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("kstreams.log").toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    process = pb.start();
  }

  @Override
  public long heapAfterGc() throws Exception {
    if (process == null || !process.isAlive()) {
      return -1;
    }
    String pid = Long.toString(process.pid());
    run("jcmd", pid, "GC.run");
    String info = run("jcmd", pid, "GC.heap_info");
    // ParallelGC: "PSYoungGen total 123K, used 45K" and "ParOldGen total ..K, used ..K"
    Matcher m = Pattern.compile("(PSYoungGen|ParOldGen)\\s+total \\d+K, used (\\d+)K").matcher(info);
    long used = 0;
    boolean any = false;
    while (m.find()) {
      used += Long.parseLong(m.group(2)) * 1024;
      any = true;
    }
    return any ? used : -1;
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String s = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return s;
  }

  @Override
  public long stateDirBytes() {
    return Engine.dirBytes(dir.resolve("state"));
  }

  /** The child's log, for when it failed. */
  File log() {
    return dir.resolve("kstreams.log").toFile();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      process.destroy(); // SIGTERM: the app's hook closes Kafka Streams cleanly
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      process = null;
    }
    Engine.deleteTree(dir);
  }
}
