package io.tidecast.connectors;

import io.tidecast.stream.Forecast;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka {@link Serializer} writing {@link ForecastFormat} JSON (null stays null). */
public final class ForecastJsonSerializer implements Serializer<Forecast> {
  private final ForecastFormat format = new ForecastFormat();

  @Override
  public byte[] serialize(String topic, Forecast forecast) {
    return forecast == null ? null : format.write(forecast);
  }
}
