package io.tidecast.stream.flink;

import io.tidecast.connectors.Decoded;
import io.tidecast.stream.Event;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks for the source, per Kafka partition, from valid events only: a dead letter has no event
 * time, and its Kafka record time (usually "now") must not push the watermark past the real events and make them
 * late. Dead letters keep their Kafka record timestamp (the DLQ sink does not use it).
 */
final class ValidEventWatermarks implements WatermarkStrategy<Decoded> {
  private static final long serialVersionUID = 1L;

  private final Duration outOfOrderness;

  ValidEventWatermarks(Duration outOfOrderness) {
    this.outOfOrderness = outOfOrderness;
  }

  @Override
  public WatermarkGenerator<Decoded> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
    BoundedOutOfOrdernessWatermarks<Event> inner = new BoundedOutOfOrdernessWatermarks<>(outOfOrderness);
    return new WatermarkGenerator<>() {
      @Override
      public void onEvent(Decoded d, long timestamp, WatermarkOutput out) {
        if (d instanceof Decoded.Valid v) {
          inner.onEvent(v.event(), timestamp, out);
        }
      }

      @Override
      public void onPeriodicEmit(WatermarkOutput out) {
        inner.onPeriodicEmit(out);
      }
    };
  }

  @Override
  public TimestampAssigner<Decoded> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
    return (d, recordTimestamp) -> d instanceof Decoded.Valid v ? v.event().timestamp() : recordTimestamp;
  }
}
