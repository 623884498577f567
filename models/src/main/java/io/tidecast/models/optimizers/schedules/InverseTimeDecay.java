package io.tidecast.models.optimizers.schedules;

/**
 * Keras {@code InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)}:
 * {@code initial_learning_rate / (1 + decay_rate * step / decay_steps)}, the ratio
 * {@code step / decay_steps} floored when {@code staircase}.
 */
public final class InverseTimeDecay extends StepDecay {
  public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
    super(initialLearningRate, decaySteps, decayRate, staircase);
  }

  @Override
  double rate(double p) {
    return initialLearningRate / (1 + decayRate * p);
  }
}
