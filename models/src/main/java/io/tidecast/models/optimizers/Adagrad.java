package io.tidecast.models.optimizers;

import java.util.Map;

/**
 * Keras 3 {@code Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)}:
 * {@code acc += g^2; w -= lr g / sqrt(acc + eps)}.
 */
public class Adagrad extends Optimizer {
  private final double initialAccumulatorValue;
  private final double epsilon;

  public Adagrad() {
    this(0.001);
  }

  public Adagrad(double learningRate) {
    this(learningRate, 0.1);
  }

  public Adagrad(double learningRate, double initialAccumulatorValue) {
    this(learningRate, initialAccumulatorValue, 1e-7);
  }

  public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon) {
    super(learningRate);
    if (!(initialAccumulatorValue >= 0) || Double.isInfinite(initialAccumulatorValue)) {
      throw new IllegalArgumentException(
          "initial_accumulator_value must be a finite number >= 0, got " + initialAccumulatorValue);
    }
    Check.epsilon(epsilon);
    this.initialAccumulatorValue = initialAccumulatorValue;
    this.epsilon = epsilon;
  }

  @Override
  protected int slotsPerVariable() {
    return 1; // accumulator
  }

  @Override
  protected void initSlot(int index, double[] slot) {
    java.util.Arrays.fill(slot, initialAccumulatorValue);
  }

  @Override
  protected void update(double[] w, double[] g, double[][] slots, double lr, long t) {
    double[] acc = slots[0];
    for (int i = 0; i < w.length; i++) {
      double ai = acc[i] + g[i] * g[i];
      acc[i] = fl(ai);
      w[i] = fl(w[i] - lr * g[i] / Math.sqrt(ai + epsilon));
    }
  }

  /** With acc >= 0 the denominator is >= sqrt(eps). */
  @Override
  protected double stepBound(double gMax, double sMax, double[] slotMin, double lr, long t) {
    if (!(epsilon > 0) || !(slotMin[0] >= 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.max(sMax + gMax * gMax, lr * gMax / Math.sqrt(epsilon));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("initial_accumulator_value", initialAccumulatorValue);
    c.put("epsilon", epsilon);
    return c;
  }
}
