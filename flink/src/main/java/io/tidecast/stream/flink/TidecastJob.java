package io.tidecast.stream.flink;

import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.LearnerConfig;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds the Tidecast forecasting graph on any {@code DataStream<Event>}: key by series, learn online, emit
 * forecasts. Late events are available as {@code forecasts.getSideOutput(ForecastFunction.LATE)}.
 */
public final class TidecastJob {
  /** Operator uid: keep it stable across releases so savepoints map state back to the operator. */
  public static final String LEARNER_UID = "tidecast-learner";

  private TidecastJob() {
  }

  /** Event-time watermarks from the event timestamp, tolerating {@code outOfOrderness}, idle sources skipped. */
  public static WatermarkStrategy<Event> watermarks(Duration outOfOrderness, Duration idleness) {
    WatermarkStrategy<Event> w = WatermarkStrategy.<Event>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner((e, previous) -> e.timestamp());
    return idleness == null || idleness.isZero() ? w : w.withIdleness(idleness);
  }

  /** The forecast stream for {@code events} in time order per key: each event is learned from on arrival. */
  public static SingleOutputStreamOperator<Forecast> forecasts(DataStream<Event> events, LearnerConfig config,
      Duration idleKeyTtl) {
    return forecasts(events, config, idleKeyTtl, Duration.ZERO);
  }

  /**
   * The forecast stream for {@code events} (which must carry event-time timestamps and watermarks). With a positive
   * {@code outOfOrderness} (the watermarks' bound) each key's events are sorted by event time behind the watermark;
   * with zero they are learned from on arrival, so a forecast never waits for a watermark.
   */
  public static SingleOutputStreamOperator<Forecast> forecasts(DataStream<Event> events, LearnerConfig config,
      Duration idleKeyTtl, Duration outOfOrderness) {
    return events
        .keyBy(Event::key, BasicTypeInfo.STRING_TYPE_INFO)
        .process(new ForecastFunction(config, idleKeyTtl == null ? 0 : idleKeyTtl.toMillis(),
            outOfOrderness != null && outOfOrderness.compareTo(Duration.ZERO) > 0), Types.FORECAST)
        .uid(LEARNER_UID)
        .name("tidecast-learner[" + config.modelName() + "]");
  }

  /** Exactly-once checkpoints every {@code interval} (what the forecasts' recovery guarantees rely on). */
  public static void enableCheckpointing(StreamExecutionEnvironment env, Duration interval) {
    env.enableCheckpointing(interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
  }
}
