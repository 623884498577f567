package io.tidecast.app;

import io.tidecast.connectors.JobParams;
import io.tidecast.stream.LearnerParams;
import io.tidecast.stream.param.Param;
import io.tidecast.stream.param.ParamMap;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidecast run --config job.yaml}: the job of a spec on Flink (a local environment, or a cluster over
 * REST) or on Kafka Streams. Kafka Streams runs from its own jar: its RocksDB ({@code rocksdbjni}) and Flink's
 * ({@code frocksdbjni}) ship the same {@code org.rocksdb} classes and natives, so they never share a JVM; this
 * command prints the exact command for it.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the streaming job described by a YAML spec (see examples/*.yaml).",
        "Flink: --local runs it in this JVM; --jobmanager HOST:PORT submits it to a cluster over REST.",
        "Kafka Streams: prints the command that runs kstreams/target/tidecast-kstreams.jar with the spec."})
final class RunCommand implements Callable<Integer> {
  static final String KSTREAMS_JAR = "kstreams/target/tidecast-kstreams.jar";

  @Spec
  CommandSpec cmd;
  @Option(names = "--config", required = true, description = "the job spec (YAML)")
  Path config;
  @Option(names = "--runtime", description = "flink or kstreams (default: the spec's runtime)")
  String runtime;
  @Option(names = "--local", description = "Flink: run in a local environment in this JVM (until Ctrl-C)")
  boolean local;
  @Option(names = "--jobmanager", description = "Flink: submit to the cluster whose REST API is at HOST:PORT")
  String jobmanager;
  @Option(names = "--jar", description = "Flink: the jar to upload (default: the tidecast jar this runs from)")
  Path jar;

  @Override
  public Integer call() throws Exception {
    JobSpec spec = JobSpec.load(config);
    JobSpec.Runtime rt = spec.runtime();
    if (runtime != null) {
      String r = runtime.trim().toLowerCase(Locale.ROOT);
      if (!JobParams.RUNTIMES.contains(r)) {
        throw new IllegalArgumentException("--runtime must be one of flink, kstreams; got '" + runtime + "'");
      }
      rt = JobSpec.Runtime.valueOf(r.toUpperCase(Locale.ROOT));
    }
    PrintWriter out = cmd.commandLine().getOut();
    PrintWriter err = cmd.commandLine().getErr();
    if (rt == JobSpec.Runtime.KSTREAMS) {
      if (local || jobmanager != null) {
        throw new IllegalArgumentException("--local and --jobmanager are for the flink runtime");
      }
      if (!spec.outOfOrderness().isZero()) {
        throw new IllegalArgumentException("window.out_of_orderness (" + spec.outOfOrderness() + ") needs the "
            + "flink runtime: Kafka Streams learns each key's events on arrival");
      }
      err.println("Kafka Streams runs from its own jar (its rocksdbjni and Flink's frocksdbjni both ship "
          + "org.rocksdb and must not share a classpath). Build it with `./mvnw -pl kstreams -am package "
          + "-DskipTests` and run:");
      out.println(shellJoin(kstreamsCommand(spec)));
      out.flush();
      return 0;
    }
    if (local == (jobmanager != null)) {
      throw new IllegalArgumentException("flink runtime: give exactly one of --local (run here) or --jobmanager "
          + "HOST:PORT (submit to a cluster)");
    }
    if (local) {
      err.println("running " + SpecJob.jobName(spec) + " in a local Flink environment (Ctrl-C stops it)");
      err.flush();
      SpecJob.execute(localEnvironment(spec), spec);
      return 0;
    }
    Path j = jar != null ? jar : ownJar();
    FlinkRest rest = new FlinkRest(jobmanager);
    String id = rest.upload(j);
    String job = rest.run(id, SpecJob.class.getName(), List.of(SpecJob.ARG, spec.source()), spec.parallelism());
    out.println(job);
    err.println("submitted " + SpecJob.jobName(spec) + " as job " + job + " (" + rest.base() + "#/job/running/"
        + job + "/overview)");
    return 0;
  }

  /** A local environment; with metrics.port >= 0 Flink's Prometheus reporter serves the tidecast meters there. */
  static StreamExecutionEnvironment localEnvironment(JobSpec spec) {
    Configuration conf = new Configuration();
    if (spec.metricsPort() >= 0) {
      conf.setString("metrics.reporter.prom.factory.class",
          "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      conf.setString("metrics.reporter.prom.port", Integer.toString(spec.metricsPort()));
      conf.setString("metrics.reporter.prom.host", spec.metricsHost());
    }
    return StreamExecutionEnvironment.createLocalEnvironment(spec.parallelism(), conf);
  }

  /** The jar this class was loaded from (the shaded tidecast.jar), or app/target/tidecast.jar. */
  static Path ownJar() throws Exception {
    java.security.CodeSource cs = RunCommand.class.getProtectionDomain().getCodeSource();
    if (cs != null) {
      Path p = Path.of(cs.getLocation().toURI());
      if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
        return p;
      }
    }
    Path dflt = Path.of("app/target/tidecast.jar");
    if (!Files.isRegularFile(dflt)) {
      throw new IllegalArgumentException("no job jar: pass --jar PATH (e.g. app/target/tidecast.jar after "
          + "./mvnw -pl app -am package -DskipTests)");
    }
    return dflt;
  }

  /** Options every printed command carries, first, in this order (the Kafka Streams app requires the topics). */
  private static final List<Param<?>> LEADING = List.of(JobParams.BOOTSTRAP, JobParams.INPUT_TOPIC,
      JobParams.OUTPUT_TOPIC, JobParams.DLQ_TOPIC, JobParams.GROUP_ID, LearnerParams.TARGETS, LearnerParams.TIMESTEPS,
      LearnerParams.HORIZON, LearnerParams.UNITS, LearnerParams.SEASONALITY);
  /** ... and last, before the Kafka client settings. */
  private static final List<Param<?>> TRAILING = List.of(LearnerParams.NAME, JobParams.METRICS_HOST,
      JobParams.METRICS_PORT);

  /**
   * {@code java -jar tidecast-kstreams.jar ...} with every setting of the spec (see kstreams/README.md): the
   * leading and trailing options always, the rest when they differ from their defaults (or, for the checkpoint
   * interval, when the spec gives it: Kafka Streams' own commit interval is the default there).
   */
  static List<String> kstreamsCommand(JobSpec spec) {
    ParamMap v = spec.values();
    List<String> a = new ArrayList<>(List.of("java", "-jar", KSTREAMS_JAR));
    for (Param<?> p : LEADING) {
      flag(a, p, v.get(p));
    }
    List<Param<?>> rest = new ArrayList<>(JobParams.ALL);
    rest.addAll(LearnerParams.ALL);
    for (Param<?> p : rest) {
      if (!p.onCommandLine() || LEADING.contains(p) || TRAILING.contains(p) || p.equals(JobParams.PROPERTIES)) {
        continue;
      }
      Object value = p.equals(LearnerParams.FEATURES) ? spec.learnerConfig().window().inputs() : v.get(p);
      Object dflt = p.equals(LearnerParams.FEATURES) ? spec.learnerConfig().window().targets() : p.defaultValue();
      boolean given = p.equals(JobParams.CHECKPOINT_INTERVAL) ? v.contains(p) : !value.equals(dflt);
      if (given) {
        flag(a, p, value);
      }
    }
    for (Param<?> p : TRAILING) {
      flag(a, p, v.get(p));
    }
    spec.kafka().properties().forEach((key, val) -> a.addAll(List.of(JobParams.PROPERTIES.flag(), key + "=" + val)));
    return a;
  }

  /** The flag and value of {@code p} as the Kafka Streams app spells them (durations in milliseconds). */
  private static void flag(List<String> a, Param<?> p, Object value) {
    if (p.type() == Param.Type.BOOLEAN) {
      a.add((Boolean) value ? p.flag() : "--no-" + p.flag().substring(2));
      return;
    }
    if (p.type() == Param.Type.DURATION) {
      a.addAll(List.of(p.millisFlag(), Long.toString(((java.time.Duration) value).toMillis())));
      return;
    }
    String f = p.equals(JobParams.GROUP_ID) ? "--application-id" : p.flag();
    a.addAll(List.of(f, p.format(value)));
  }

  /** Quotes words for a POSIX shell where needed. */
  static String shellJoin(List<String> words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(w.matches("[A-Za-z0-9_@%+=:,./-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }
}
