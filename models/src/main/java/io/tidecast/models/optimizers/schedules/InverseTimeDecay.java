package io.tidecast.models.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras {@code InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)}:
 * {@code initial_learning_rate / (1 + decay_rate * step / decay_steps)}, the ratio
 * {@code step / decay_steps} floored when {@code staircase}.
 */
public final class InverseTimeDecay implements LearningRateSchedule {
  private final double initialLearningRate;
  private final long decaySteps;
  private final double decayRate;
  private final boolean staircase;

  public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException("Argument `decay_steps` must be > 0. Received: decay_steps=" + decaySteps);
    }
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = decaySteps;
    this.decayRate = decayRate;
    this.staircase = staircase;
  }

  @Override
  public double learningRate(long step) {
    double p = (double) step / decaySteps;
    if (staircase) {
      p = Math.floor(p);
    }
    return initialLearningRate / (1 + decayRate * p);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initialLearningRate);
    c.put("decay_steps", decaySteps);
    c.put("decay_rate", decayRate);
    c.put("staircase", staircase);
    return c;
  }
}
