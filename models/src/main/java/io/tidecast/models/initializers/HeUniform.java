package io.tidecast.models.initializers;

import java.util.Map;

/** Keras {@code HeUniform}: uniform on [-limit, limit), limit = sqrt(6 / fan_in) ({@code VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform")}). */
public final class HeUniform extends VarianceScaling {
  public HeUniform() {
    super(2.0, "fan_in", "uniform", (Long) null);
  }

  public HeUniform(long seed) {
    super(2.0, "fan_in", "uniform", Long.valueOf(seed));
  }

  @Override
  public Map<String, Object> getConfig() {
    return seedOnlyConfig();
  }
}
