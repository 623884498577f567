package io.tidecast.models.initializers;

import java.util.Map;

/** Keras {@code LecunUniform}: uniform on [-limit, limit), limit = sqrt(3 / fan_in) ({@code VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform")}). */
public final class LecunUniform extends VarianceScaling {
  public LecunUniform() {
    super(1.0, "fan_in", "uniform", (Long) null);
  }

  public LecunUniform(long seed) {
    super(1.0, "fan_in", "uniform", Long.valueOf(seed));
  }

  @Override
  public Map<String, Object> getConfig() {
    return seedOnlyConfig();
  }
}
