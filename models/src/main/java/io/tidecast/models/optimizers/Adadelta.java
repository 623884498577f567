package io.tidecast.models.optimizers;

import java.util.Map;

/**
 * Keras 3 {@code Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-7)}:
 * {@code Eg = rho Eg + (1 - rho) g^2; d = -sqrt(Ed + eps) / sqrt(Eg + eps) * g; Ed = rho Ed + (1 - rho) d^2;
 * w += lr d}.
 */
public class Adadelta extends Optimizer {
  private final double rho;
  private final double epsilon;

  public Adadelta() {
    this(0.001);
  }

  public Adadelta(double learningRate) {
    this(learningRate, 0.95);
  }

  public Adadelta(double learningRate, double rho) {
    this(learningRate, rho, 1e-7);
  }

  public Adadelta(double learningRate, double rho, double epsilon) {
    super(learningRate);
    Check.beta("rho", rho);
    Check.epsilon(epsilon);
    this.rho = rho;
    this.epsilon = epsilon;
  }

  @Override
  protected int slotsPerVariable() {
    return 2; // accumulated_grad, accumulated_delta_var
  }

  @Override
  protected void update(double[] w, double[] g, double[][] slots, double lr, long t) {
    double[] eg = slots[0];
    double[] ed = slots[1];
    for (int i = 0; i < w.length; i++) {
      double gi = g[i];
      double egi = rho * eg[i] + (1.0 - rho) * gi * gi;
      eg[i] = fl(egi);
      double d = -(Math.sqrt(ed[i] + epsilon) * gi) / Math.sqrt(egi + epsilon);
      ed[i] = fl(rho * ed[i] + (1.0 - rho) * d * d);
      w[i] = fl(w[i] + lr * d);
    }
  }

  /** With both accumulators >= 0, |d| <= sqrt(max|Ed| + eps) |g| / sqrt(eps). */
  @Override
  protected double stepBound(double gMax, double sMax, double[] slotMin, double lr, long t) {
    if (!(epsilon > 0) || !(slotMin[0] >= 0) || !(slotMin[1] >= 0)) {
      return Double.POSITIVE_INFINITY;
    }
    double d = Math.sqrt(sMax + epsilon) * gMax / Math.sqrt(epsilon);
    return Math.max(Math.max(sMax, gMax * gMax), Math.max(d * d, lr * d));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("rho", rho);
    c.put("epsilon", epsilon);
    return c;
  }
}
