package io.tidecast.models.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Keras's ExponentialDecay and InverseTimeDecay share: the arguments, their check, and the decay progress
 * {@code step / decay_steps} (floored when {@code staircase}). Subclasses turn the progress into a rate.
 */
abstract class StepDecay implements LearningRateSchedule {
  final double initialLearningRate;
  final long decaySteps;
  final double decayRate;
  final boolean staircase;

  StepDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException("Argument `decay_steps` must be > 0. Received: decay_steps=" + decaySteps);
    }
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = decaySteps;
    this.decayRate = decayRate;
    this.staircase = staircase;
  }

  /** The learning rate at decay progress {@code p}. */
  abstract double rate(double p);

  @Override
  public final double learningRate(long step) {
    double p = (double) step / decaySteps;
    return rate(staircase ? Math.floor(p) : p);
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
