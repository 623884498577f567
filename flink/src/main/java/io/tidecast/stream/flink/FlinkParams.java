package io.tidecast.stream.flink;

import static io.tidecast.stream.param.ParamValidators.atLeast;
import static io.tidecast.stream.param.ParamValidators.notBlank;

import io.tidecast.stream.param.Param;
import java.time.Duration;
import java.util.List;

/**
 * The Flink job's own settings (not job-spec fields: a spec's job derives them), each declared once; the rest of
 * {@link KafkaForecastJob}'s command line is {@code JobParams} and {@code LearnerParams}.
 */
public final class FlinkParams {
  private FlinkParams() {
  }

  public static final Param<String> TRANSACTIONAL_ID_PREFIX = Param.string("flink.transactional_id_prefix", null,
      notBlank(), "prefix of the sinks' Kafka transactional ids (<prefix>-forecasts, <prefix>-dlq): unique per job "
          + "on a cluster, stable across restarts of the job").defaultDoc("the group id").valueName("PREFIX")
      .label("transactional id prefix").notInSpec();
  public static final Param<Duration> TRANSACTION_TIMEOUT = Param.duration("flink.transaction_timeout",
      Duration.ofMinutes(10), atLeast(Duration.ofSeconds(1), ""), "producer transaction.timeout.ms: at most the "
          + "broker's transaction.max.timeout.ms (15 min by default), well above the checkpoint interval plus a "
          + "restart").millisFlag("--transaction-timeout-ms").label("transaction timeout").notInSpec();
  public static final Param<Duration> BUFFER_TIMEOUT = Param.duration("flink.buffer_timeout", Duration.ofMillis(5),
      atLeast(Duration.ZERO, ""), "how long Flink holds a partly filled network buffer (Flink's own 100 ms would be "
          + "the floor of every forecast's latency); 0 flushes every record").millisFlag("--buffer-timeout-ms")
      .label("buffer timeout").notInSpec();
  public static final Param<Duration> SOURCE_IDLENESS = Param.duration("flink.source_idleness",
      Duration.ofSeconds(30), atLeast(Duration.ZERO, ""), "a partition without records for this long stops "
          + "holding back the watermark; 0 = never").flag("--idleness").millisFlag("--idleness-ms")
      .label("source idleness").notInSpec();
  public static final Param<Boolean> BOUNDED = Param.bool("flink.bounded", false, "stop at the input's latest "
      + "offsets as of the job start (backfills, tests); the job then finishes").notInSpec();

  public static final List<Param<?>> ALL = List.of(TRANSACTIONAL_ID_PREFIX, TRANSACTION_TIMEOUT, BUFFER_TIMEOUT,
      SOURCE_IDLENESS, BOUNDED);
}
