package io.tidecast.models.callbacks;

import io.tidecast.models.Sequential;
import io.tidecast.models.optimizers.Optimizer;

/** Reading and setting the optimizer's learning rate as Keras callbacks do. */
final class LrControl {
  private LrControl() {
  }

  static Optimizer optimizer(Sequential model, String callback) {
    if (model == null || model.optimizer() == null) {
      throw new IllegalStateException(callback + " needs a compiled model: call compile() before fit().");
    }
    return model.optimizer();
  }

  /** Keras keeps the learning rate in a float32 variable; float32 optimizers round it likewise. */
  static double current(Optimizer o) {
    double lr = o.learningRate();
    return o.float32() ? (float) lr : lr;
  }

  static void set(Optimizer o, double lr) {
    if (o.learningRateSchedule() != null) {
      throw new IllegalStateException("This optimizer was created with a `LearningRateSchedule` object as its "
          + "`learning_rate` constructor argument, hence its learning rate is not settable. If you need the "
          + "learning rate to be settable, you should instantiate the optimizer with a float `learning_rate` "
          + "argument.");
    }
    o.setLearningRate(o.float32() ? (float) lr : lr);
  }
}
