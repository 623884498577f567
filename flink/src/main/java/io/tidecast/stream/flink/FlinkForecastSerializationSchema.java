package io.tidecast.stream.flink;

import io.tidecast.connectors.ForecastFormat;
import io.tidecast.stream.Forecast;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Flink {@link SerializationSchema} writing {@link ForecastFormat} JSON (e.g. for a {@code KafkaSink} value). */
public final class FlinkForecastSerializationSchema implements SerializationSchema<Forecast> {
  private static final long serialVersionUID = 1L;

  private final ForecastFormat format = new ForecastFormat();

  @Override
  public byte[] serialize(Forecast forecast) {
    return format.write(forecast);
  }
}
