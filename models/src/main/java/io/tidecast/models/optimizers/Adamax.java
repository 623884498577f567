package io.tidecast.models.optimizers;

import java.util.Map;

/**
 * Keras 3 {@code Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)}:
 * {@code m += (g - m)(1 - b1); u = max(b2 u, |g|); w -= lr m / ((1 - b1^t)(u + eps))}.
 */
public class Adamax extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;

  public Adamax() {
    this(0.001);
  }

  public Adamax(double learningRate) {
    this(learningRate, 0.9);
  }

  public Adamax(double learningRate, double beta1) {
    this(learningRate, beta1, 0.999);
  }

  public Adamax(double learningRate, double beta1, double beta2) {
    this(learningRate, beta1, beta2, 1e-7);
  }

  public Adamax(double learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate);
    Check.beta("beta_1", beta1);
    Check.beta("beta_2", beta2);
    Check.epsilon(epsilon);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  protected int slotsPerVariable() {
    return 2; // momentum, norm
  }

  @Override
  protected void update(double[] w, double[] g, double[][] slots, double lr, long t) {
    double[] m = slots[0];
    double[] u = slots[1];
    double c1 = 1.0 - Math.pow(beta1, t);
    for (int i = 0; i < w.length; i++) {
      double mi = m[i] + (g[i] - m[i]) * (1.0 - beta1);
      double ui = Math.max(beta2 * u[i], Math.abs(g[i]));
      m[i] = fl(mi);
      u[i] = fl(ui);
      w[i] = fl(w[i] - lr * mi / (c1 * (ui + epsilon)));
    }
  }

  /** u' >= |g| >= 0 whatever u was, so the denominator is >= (1 - b1^t) eps. */
  @Override
  protected double stepBound(double gMax, double sMax, double[] slotMin, double lr, long t) {
    if (!(epsilon > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    double m = Math.max(sMax, gMax);
    return Math.max(m, lr * m / ((1.0 - Math.pow(beta1, t)) * epsilon));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    return c;
  }
}
