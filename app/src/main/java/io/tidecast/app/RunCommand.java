package io.tidecast.app;

import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.WindowSpec;
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
      if (!JobSpec.RUNTIMES.contains(r)) {
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
      List<String> unsupported = kstreamsUnsupported(spec);
      if (!unsupported.isEmpty()) {
        throw new IllegalArgumentException("the Kafka Streams command line cannot express " + String.join(", ",
            unsupported) + "; remove them from the spec or use --runtime flink");
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

  /** {@code java -jar tidecast-kstreams.jar ...} with the spec's settings (see kstreams/README.md). */
  static List<String> kstreamsCommand(JobSpec spec) {
    LearnerConfig c = spec.learnerConfig();
    JobSpec.Kafka k = spec.kafka();
    List<String> a = new ArrayList<>(List.of("java", "-jar", KSTREAMS_JAR, "--bootstrap", k.bootstrap(),
        "--input-topic", k.inputTopic(), "--output-topic", k.outputTopic(), "--dlq-topic", k.dlqTopic(),
        "--application-id", k.groupId(), "--target", c.window().targets().get(0),
        "--timesteps", Integer.toString(c.window().timesteps()), "--horizon", Integer.toString(c.window().horizon()),
        "--units", String.join(",", c.units().stream().map(String::valueOf).toList()),
        "--seasonality", Integer.toString(c.seasonality())));
    if (c.seasonalDifference()) { // off is the default of both
      a.add("--seasonal-difference");
    }
    if (!c.ensemble()) { // on is the default of both
      a.add("--no-ensemble");
    }
    if (!spec.idleKeyTtl().isZero()) {
      a.addAll(List.of("--idle-key-ttl-ms", Long.toString(spec.idleKeyTtl().toMillis())));
    }
    a.addAll(List.of("--model-name", c.modelName(), "--metrics-host", spec.metricsHost(),
        "--metrics-port", Integer.toString(spec.metricsPort())));
    k.properties().forEach((key, v) -> a.addAll(List.of("--kafka-property", key + "=" + v)));
    return a;
  }

  /**
   * Spec fields whose values the kstreams command line cannot carry: its learner is the defaults plus
   * target, timesteps, horizon, units, seasonality, seasonal differencing and model name.
   */
  static List<String> kstreamsUnsupported(JobSpec spec) {
    LearnerConfig c = spec.learnerConfig();
    WindowSpec w = c.window();
    String t = w.targets().get(0);
    // what the kstreams CLI builds from the arguments kstreamsCommand passes (its other settings are defaults)
    LearnerConfig d = LearnerConfig.builder(WindowSpec.of(w.timesteps(), w.horizon(), List.of(t), List.of(t)))
        .seasonality(c.seasonality()).seasonalDifference(c.seasonalDifference()).ensemble(c.ensemble()).build();
    List<String> u = new ArrayList<>();
    check(u, "window.targets", w.targets(), List.of(t));
    check(u, "window.features", w.inputs(), List.of(t));
    check(u, "window.stride", w.stride(), 1);
    check(u, "window.sampling_rate", w.samplingRate(), 1);
    check(u, "window.strategy", w.strategy(), WindowSpec.Strategy.DIRECT);
    check(u, "model.recurrent", c.recurrent(), d.recurrent());
    check(u, "model.dropout", c.dropout(), d.dropout());
    check(u, "model.optimizer", c.optimizer(), d.optimizer());
    check(u, "model.learning_rate", c.learningRate(), d.learningRate());
    check(u, "model.clipnorm", c.clipnorm(), d.clipnorm());
    check(u, "model.loss", c.loss(), d.loss());
    check(u, "model.scaler", c.scaler(), d.scaler());
    check(u, "model.seed", c.seed(), d.seed());
    check(u, "model.stateful", c.stateful(), false);
    check(u, "model.seasonal_lead", c.seasonalLead(), false);
    check(u, "model.time_features", c.timeFeatures(), List.of());
    check(u, "training.train_every", c.trainEvery(), d.trainEvery());
    check(u, "training.batch_size", c.batchSize(), d.batchSize());
    check(u, "training.replay_rows", c.replayRows(), d.replayRows());
    check(u, "training.warmup_targets", c.warmupTargets(), d.warmupTargets());
    check(u, "shared_model", c.sharedModel(), false);
    check(u, "kafka.format", spec.kafka().format(), "json");
    return u;
  }

  private static void check(List<String> unsupported, String field, Object value, Object supported) {
    if (!value.equals(supported)) {
      unsupported.add(field + " (" + value + ")");
    }
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
