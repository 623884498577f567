package io.tidecast.models.initializers;

import java.util.Map;

/** Keras {@code GlorotNormal}: truncated normal with stddev sqrt(2 / (fan_in + fan_out)) ({@code VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal")}). */
public final class GlorotNormal extends VarianceScaling {
  public GlorotNormal() {
    super(1.0, "fan_avg", "truncated_normal", (Long) null);
  }

  public GlorotNormal(long seed) {
    super(1.0, "fan_avg", "truncated_normal", Long.valueOf(seed));
  }

  @Override
  public Map<String, Object> getConfig() {
    return seedOnlyConfig();
  }
}
