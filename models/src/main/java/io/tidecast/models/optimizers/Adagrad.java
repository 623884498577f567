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
      acc[i] += g[i] * g[i];
      w[i] -= lr * g[i] / Math.sqrt(acc[i] + epsilon);
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("initial_accumulator_value", initialAccumulatorValue);
    c.put("epsilon", epsilon);
    return c;
  }
}
