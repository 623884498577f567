package io.tidecast.models.optimizers.schedules;

/** Keras {@code LearningRateSchedule}: the learning rate as a function of the optimizer step (0-based). */
@FunctionalInterface
public interface LearningRateSchedule {
  double learningRate(long step);
}
