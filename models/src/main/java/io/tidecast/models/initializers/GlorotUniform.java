package io.tidecast.models.initializers;

import java.util.Map;

/** Keras {@code GlorotUniform}: uniform on [-limit, limit), limit = sqrt(6 / (fan_in + fan_out)) ({@code VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform")}). */
public final class GlorotUniform extends VarianceScaling {
  public GlorotUniform() {
    super(1.0, "fan_avg", "uniform", (Long) null);
  }

  public GlorotUniform(long seed) {
    super(1.0, "fan_avg", "uniform", Long.valueOf(seed));
  }

  @Override
  public Map<String, Object> getConfig() {
    return seedOnlyConfig();
  }
}
