package io.tidecast.models.optimizers.schedules;

import java.util.Map;

/** Keras {@code LearningRateSchedule}: the learning rate as a function of the optimizer step (0-based). */
@FunctionalInterface
public interface LearningRateSchedule {
  double learningRate(long step);

  /** Keras class name, e.g. {@code ExponentialDecay}; saved models record it with {@link #getConfig()}. */
  default String className() {
    return getClass().getSimpleName();
  }

  /** Keras {@code get_config()}; empty for schedules that cannot be saved (e.g. lambdas). */
  default Map<String, Object> getConfig() {
    return Map.of();
  }

  /** Rebuilds a built-in schedule from its Keras class name and config (as saved models hold them). */
  static LearningRateSchedule fromConfig(String className, Map<String, ?> config) {
    switch (className) {
      case "ExponentialDecay":
        return new ExponentialDecay(num(config, "initial_learning_rate"), (long) num(config, "decay_steps"),
            num(config, "decay_rate"), bool(config, "staircase"));
      case "InverseTimeDecay":
        return new InverseTimeDecay(num(config, "initial_learning_rate"), (long) num(config, "decay_steps"),
            num(config, "decay_rate"), bool(config, "staircase"));
      case "CosineDecay":
        Object target = config.get("warmup_target");
        return new CosineDecay(num(config, "initial_learning_rate"), (long) num(config, "decay_steps"),
            config.get("alpha") == null ? 0.0 : num(config, "alpha"),
            target == null ? null : ((Number) target).doubleValue(),
            config.get("warmup_steps") == null ? 0 : (long) num(config, "warmup_steps"));
      default:
        throw new IllegalArgumentException("Unknown learning rate schedule '" + className
            + "'. Known: ExponentialDecay, InverseTimeDecay, CosineDecay");
    }
  }

  private static double num(Map<String, ?> c, String key) {
    Object v = c.get(key);
    if (!(v instanceof Number)) {
      throw new IllegalArgumentException("Schedule config needs a number for '" + key + "', got " + v);
    }
    return ((Number) v).doubleValue();
  }

  private static boolean bool(Map<String, ?> c, String key) {
    return Boolean.TRUE.equals(c.get(key));
  }
}
