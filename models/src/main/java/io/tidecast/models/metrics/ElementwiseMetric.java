package io.tidecast.models.metrics;

import io.tidecast.models.layers.Tensor;

/**
 * Mean of an element function. Rows are equal-sized, so the mean over elements weighs batches exactly as
 * the Keras mean of per-row means does.
 */
abstract class ElementwiseMetric extends MeanMetric {
  ElementwiseMetric(String name) {
    super(name);
  }

  abstract double value(double y, double p);

  @Override
  public void update(Tensor yTrue, Tensor yPred) {
    requireSame(yTrue, yPred);
    double[] y = yTrue.data;
    double[] p = yPred.data;
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += value(y[i], p[i]);
    }
    total += s;
    count += p.length;
  }
}
