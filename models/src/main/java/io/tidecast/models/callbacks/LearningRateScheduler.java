package io.tidecast.models.callbacks;

import io.tidecast.models.optimizers.Optimizer;
import java.util.Map;

/**
 * Keras {@code LearningRateScheduler(schedule)}: at the start of every epoch sets the learning rate to
 * {@code schedule(epoch, lr)} (epoch 0-based, lr the current rate), and logs {@code learning_rate} at
 * the end of the epoch. The seed's step decay:
 * {@code new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1))}.
 */
public class LearningRateScheduler extends Callback {
  /** Keras's {@code schedule(epoch, lr)} function. */
  @FunctionalInterface
  public interface Schedule {
    double apply(int epoch, double lr);
  }

  private final Schedule schedule;
  private int verbose;

  public LearningRateScheduler(Schedule schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException("LearningRateScheduler needs a schedule function (epoch, lr) -> lr");
    }
    this.schedule = schedule;
  }

  public LearningRateScheduler verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    Optimizer o = LrControl.optimizer(model(), "LearningRateScheduler");
    double lr = schedule.apply(epoch, LrControl.current(o));
    if (Double.isNaN(lr)) {
      throw new IllegalArgumentException("The output of the `schedule` function should be a float; got NaN at epoch "
          + epoch + ".");
    }
    LrControl.set(o, lr);
    if (verbose > 0) {
      System.out.println("\nEpoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to "
          + PyFormat.repr(lr) + ".");
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs.put("learning_rate", LrControl.current(LrControl.optimizer(model(), "LearningRateScheduler")));
  }
}
