package io.tidecast.models.initializers;

import java.util.Map;

/** Keras {@code LecunNormal}: truncated normal with stddev sqrt(1 / fan_in) ({@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")}). */
public final class LecunNormal extends VarianceScaling {
  public LecunNormal() {
    super(1.0, "fan_in", "truncated_normal", (Long) null);
  }

  public LecunNormal(long seed) {
    super(1.0, "fan_in", "truncated_normal", Long.valueOf(seed));
  }

  @Override
  public Map<String, Object> getConfig() {
    return seedOnlyConfig();
  }
}
