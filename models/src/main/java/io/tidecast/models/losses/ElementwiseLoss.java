package io.tidecast.models.losses;

import io.tidecast.models.Loss;
import io.tidecast.models.layers.Tensor;

/**
 * A loss whose per-sample value is the mean of an element function over the last axis. With equal-sized
 * rows, "mean over the last axis, then mean over the rest" is the mean over all elements.
 */
abstract class ElementwiseLoss implements Loss {
  /** Loss of one element. */
  abstract double value(double y, double p);

  /** d value / d p (the subgradient TensorFlow uses at kinks and clipped points). */
  abstract double derivative(double y, double p);

  @Override
  public double compute(Tensor yTrue, Tensor yPred) {
    LossShapes.requireSame(name(), yTrue, yPred);
    double[] y = yTrue.data;
    double[] p = yPred.data;
    if (p.length == 0) {
      return 0.0;
    }
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += value(y[i], p[i]);
    }
    return s / p.length;
  }

  @Override
  public Tensor gradient(Tensor yTrue, Tensor yPred) {
    LossShapes.requireSame(name(), yTrue, yPred);
    double[] y = yTrue.data;
    double[] p = yPred.data;
    Tensor g = new Tensor(yPred.shape);
    double inv = 1.0 / p.length;
    for (int i = 0; i < p.length; i++) {
      g.data[i] = derivative(y[i], p[i]) * inv;
    }
    return g;
  }

  @Override
  public String toString() {
    return name();
  }
}
