package io.tidecast.models.optimizers;

import java.util.Map;

/**
 * Keras 3 {@code RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)}:
 * {@code v = rho v + (1 - rho) g^2; inc = lr g / sqrt(v + eps)} (centered: {@code a = rho a + (1 - rho) g},
 * {@code inc = lr g / sqrt(v - a^2 + eps)}); {@code w -= inc}, or with momentum {@code mom = momentum mom + inc;
 * w -= mom}. Epsilon is inside the square root (Keras 3 and tfjs).
 */
public class RMSprop extends Optimizer {
  private final double rho;
  private final double momentum;
  private final double epsilon;
  private final boolean centered;

  public RMSprop() {
    this(0.001);
  }

  public RMSprop(double learningRate) {
    this(learningRate, 0.9);
  }

  public RMSprop(double learningRate, double rho) {
    this(learningRate, rho, 0.0);
  }

  public RMSprop(double learningRate, double rho, double momentum) {
    this(learningRate, rho, momentum, 1e-7);
  }

  public RMSprop(double learningRate, double rho, double momentum, double epsilon) {
    this(learningRate, rho, momentum, epsilon, false);
  }

  public RMSprop(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
    super(learningRate);
    Check.beta("rho", rho);
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
    }
    Check.epsilon(epsilon);
    this.rho = rho;
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.centered = centered;
  }

  @Override
  protected int slotsPerVariable() {
    return 1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0); // velocity[, momentum][, average_gradient]
  }

  @Override
  protected void update(double[] w, double[] g, double[][] slots, double lr, long t) {
    double[] v = slots[0];
    double[] mom = momentum > 0 ? slots[1] : null;
    double[] avg = centered ? slots[momentum > 0 ? 2 : 1] : null;
    for (int i = 0; i < w.length; i++) {
      double gi = g[i];
      double vi = rho * v[i] + (1.0 - rho) * gi * gi;
      v[i] = fl(vi);
      double den;
      if (centered) {
        double ai = rho * avg[i] + (1.0 - rho) * gi;
        avg[i] = fl(ai);
        den = vi - ai * ai + epsilon;
      } else {
        den = vi + epsilon;
      }
      double inc = lr * gi / Math.sqrt(den);
      if (mom != null) {
        double mi = momentum * mom[i] + inc;
        mom[i] = fl(mi);
        w[i] = fl(w[i] - mi);
      } else {
        w[i] = fl(w[i] - inc);
      }
    }
  }

  /**
   * With v >= 0, |inc| <= lr |g| / sqrt(eps). Centered: v - avg^2 may round below zero, so no bound is
   * claimed (the step backs up first).
   */
  @Override
  protected double stepBound(double gMax, double sMax, double[] slotMin, double lr, long t) {
    if (centered || !(epsilon > 0) || !(slotMin[0] >= 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.max(Math.max(sMax, gMax * gMax), sMax + lr * gMax / Math.sqrt(epsilon));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("rho", rho);
    c.put("momentum", momentum);
    c.put("epsilon", epsilon);
    c.put("centered", centered);
    return c;
  }
}
