package io.tidecast.models.initializers;

import java.util.Map;

/** Keras {@code HeNormal}: truncated normal with stddev sqrt(2 / fan_in) ({@code VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")}). */
public final class HeNormal extends VarianceScaling {
  public HeNormal() {
    super(2.0, "fan_in", "truncated_normal", (Long) null);
  }

  public HeNormal(long seed) {
    super(2.0, "fan_in", "truncated_normal", Long.valueOf(seed));
  }

  @Override
  public Map<String, Object> getConfig() {
    return seedOnlyConfig();
  }
}
