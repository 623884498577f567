package io.tidecast.models.optimizers.schedules;

/**
 * Keras {@code ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)}:
 * {@code initial_learning_rate * decay_rate ^ (step / decay_steps)}, the exponent floored when
 * {@code staircase}.
 */
public final class ExponentialDecay extends StepDecay {
  public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
    super(initialLearningRate, decaySteps, decayRate, staircase);
  }

  @Override
  double rate(double p) {
    return initialLearningRate * Math.pow(decayRate, p);
  }
}
