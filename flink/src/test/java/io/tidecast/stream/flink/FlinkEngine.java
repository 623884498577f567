package io.tidecast.stream.flink;

import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.connectors.kafka.Engine;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.LearnerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The shipped {@link KafkaForecastJob} (exactly-once source offsets and transactional sinks, checkpoints every
 * {@code checkpointInterval}) on a local Flink MiniCluster in this JVM, parallelism 1, with RocksDB or heap state.
 * {@code identity} swaps the learner for a keyed map that emits a one-step forecast of the event's own value:
 * same source, decoding, shuffle by key and sink, no model and no state.
 */
public final class FlinkEngine implements Engine {
  private final String name;
  private final EmbeddedKafka kafka;
  private final LearnerConfig learner;
  private final boolean identity;
  private final String backend;
  private final Duration checkpointInterval;
  private final Duration idleKeyTtl;
  private final Configuration extra;
  private int parallelism = 1;
  private Path dir;
  private JobClient job;

  public FlinkEngine(String name, EmbeddedKafka kafka, LearnerConfig learner, boolean identity, String backend,
      Duration checkpointInterval, Duration idleKeyTtl, Configuration extra) {
    this.name = name;
    this.kafka = kafka;
    this.learner = learner;
    this.identity = identity;
    this.backend = backend;
    this.checkpointInterval = checkpointInterval;
    this.idleKeyTtl = idleKeyTtl;
    this.extra = extra;
  }

  /** Parallelism of the job (default 1): every operator, and the MiniCluster's slots. */
  public FlinkEngine parallelism(int p) {
    if (p < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1; got " + p);
    }
    this.parallelism = p;
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start(String in, String out, String dlq) throws Exception {
    dir = Files.createTempDirectory("tidecast-bench-flink-");
    String id = in + "-" + name;
    JobOptions o = new JobOptions().bootstrapServers(kafka.bootstrapServers()).inputTopic(in).outputTopic(out)
        .dlqTopic(dlq).groupId(id).transactionalIdPrefix(id).parallelism(parallelism)
        .startingOffsets(JobOptions.StartingOffsets.EARLIEST).checkpointInterval(checkpointInterval)
        .idleKeyTtl(idleKeyTtl).learner(learner);
    kafka.clientProperties().forEach((k, v) -> o.kafkaProperty(k.toString(), v.toString()));
    Configuration c = new Configuration();
    c.setString("state.backend.type", backend);
    c.setString("execution.checkpointing.incremental", "true");
    c.setString("state.backend.rocksdb.localdir", dir.resolve("rocksdb").toString());
    c.setString("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
    c.addAll(extra);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, c);
    if (identity) {
      KafkaForecastJob.build(env, o, events -> events.keyBy(Event::key, BasicTypeInfo.STRING_TYPE_INFO)
          .map(new Echo(learner.window().targets().get(0)), Types.FORECAST).name("identity"));
    } else {
      KafkaForecastJob.build(env, o);
    }
    job = env.executeAsync("bench-" + id);
  }

  /** The trivial forecast: the event's first value as a one-step forecast, same record shape as the learner's. */
  static final class Echo implements MapFunction<Event, Forecast> {
    private static final long serialVersionUID = 1L;
    private final String target;

    Echo(String target) {
      this.target = target;
    }

    @Override
    public Forecast map(Event e) {
      return Forecast.evenlySpaced(e.key(), target, e.timestamp(), 1, new double[] {e.value(0)}, 0,
          OptionalDouble.empty());
    }
  }

  @Override
  public long heapAfterGc() throws InterruptedException {
    return Engine.localHeapAfterGc();
  }

  @Override
  public long stateDirBytes() {
    return "rocksdb".equals(backend) ? Engine.dirBytes(dir.resolve("rocksdb")) : -1;
  }

  /**
   * Bytes of the newest completed checkpoint ({@code chk-N} with its {@code _metadata}); with full (not
   * incremental) checkpoints that is the whole live state, serialized. 0 before the first.
   */
  public long lastCheckpointBytes() {
    Path root = dir.resolve("checkpoints");
    if (!Files.exists(root)) {
      return 0;
    }
    try (var s = Files.walk(root, 2)) {
      return s.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
          .max(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))))
          .map(Engine::dirBytes).orElse(0L);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return -1; // a checkpoint was removed while we looked
    }
  }

  /**
   * Bytes of a canonical savepoint taken now (then deleted): every live key/value of the job's state written
   * out, uncompressed. Unlike {@link #lastCheckpointBytes()} this does not depend on RocksDB's files: Flink 2.x
   * takes a non-incremental RocksDB checkpoint natively (RocksNativeFullSnapshotStrategy copies the SST files),
   * so a checkpoint's size is compressed bytes plus overwritten versions that compaction has not dropped yet.
   */
  public long savepointBytes() {
    Path target = dir.resolve("savepoints");
    try {
      String path = job.triggerSavepoint(target.toUri().toString(),
          org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
      Path sp = Path.of(java.net.URI.create(path.startsWith("file:") ? path : "file://" + path));
      long bytes = Engine.dirBytes(sp);
      Engine.deleteTree(sp);
      return bytes;
    } catch (Exception e) {
      throw new IllegalStateException("savepoint failed", e);
    }
  }

  @Override
  public void close() throws Exception {
    if (job != null) {
      try {
        job.cancel().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        // finished or failed already
      }
      job = null;
    }
    Engine.deleteTree(dir);
  }
}
