package io.tidecast.models.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras {@code CosineDecay(initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None,
 * warmup_steps=0)}. Without warmup: {@code lr0 * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)}
 * with {@code s = min(step, decay_steps)}. With a {@code warmup_target}: a linear ramp from {@code lr0}
 * to the target over {@code warmup_steps}, then the cosine decay from the target over the next
 * {@code decay_steps} steps.
 */
public final class CosineDecay implements LearningRateSchedule {
  private final double initialLearningRate;
  private final long decaySteps;
  private final double alpha;
  private final Double warmupTarget;
  private final long warmupSteps;

  public CosineDecay(double initialLearningRate, long decaySteps) {
    this(initialLearningRate, decaySteps, 0.0, null, 0);
  }

  public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
    this(initialLearningRate, decaySteps, alpha, null, 0);
  }

  public CosineDecay(double initialLearningRate, long decaySteps, double alpha, Double warmupTarget,
      long warmupSteps) {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException("Argument `decay_steps` must be > 0. Received: decay_steps=" + decaySteps);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("Argument `warmup_steps` must be >= 0. Received: warmup_steps="
          + warmupSteps);
    }
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = decaySteps;
    this.alpha = alpha;
    this.warmupTarget = warmupTarget;
    this.warmupSteps = warmupSteps;
  }

  @Override
  public double learningRate(long step) {
    if (warmupTarget == null) {
      return decay(Math.min(step, decaySteps), initialLearningRate);
    }
    double s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps) {
      return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
    }
    return decay(s - warmupSteps, warmupTarget);
  }

  private double decay(double s, double from) {
    double cosine = 0.5 * (1.0 + Math.cos(Math.PI * (s / decaySteps)));
    return from * ((1 - alpha) * cosine + alpha);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initialLearningRate);
    c.put("decay_steps", decaySteps);
    c.put("alpha", alpha);
    c.put("warmup_target", warmupTarget);
    c.put("warmup_steps", warmupSteps);
    return c;
  }
}
