package io.tidecast.models.metrics;

/**
 * Keras {@code binary_accuracy}: the fraction of elements where {@code (p > threshold)} equals the 0/1 target
 * (default threshold 0.5).
 */
public final class BinaryAccuracy extends ElementwiseMetric {
  private final double threshold;

  public BinaryAccuracy() {
    this("binary_accuracy", 0.5);
  }

  public BinaryAccuracy(String name) {
    this(name, 0.5);
  }

  public BinaryAccuracy(String name, double threshold) {
    super(name);
    this.threshold = threshold;
  }

  public double threshold() {
    return threshold;
  }

  @Override
  double value(double y, double p) {
    return (p > threshold ? 1.0 : 0.0) == y ? 1.0 : 0.0;
  }
}
