package io.tidecast.models.optimizers;

import java.util.Map;

/**
 * Keras {@code SGD(learning_rate=0.01, momentum=0.0, nesterov=False)}:
 * {@code v = momentum*v - lr*g; w += v} (nesterov: {@code w += momentum*v - lr*g}).
 */
public class SGD extends Optimizer {
  private final double momentum;
  private final boolean nesterov;

  public SGD() {
    this(0.01);
  }

  public SGD(double learningRate) {
    this(learningRate, 0.0, false);
  }

  public SGD(double learningRate, double momentum) {
    this(learningRate, momentum, false);
  }

  public SGD(double learningRate, double momentum, boolean nesterov) {
    super(learningRate);
    if (momentum < 0 || momentum > 1) {
      throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
  }

  @Override
  protected int slotsPerVariable() {
    return momentum > 0 ? 1 : 0;
  }

  @Override
  protected void update(double[] w, double[] g, double[][] slots, double lr, long t) {
    if (momentum == 0) {
      for (int i = 0; i < w.length; i++) {
        w[i] = fl(w[i] - lr * g[i]);
      }
      return;
    }
    double[] v = slots[0];
    for (int i = 0; i < w.length; i++) {
      double vi = momentum * v[i] - lr * g[i];
      v[i] = fl(vi);
      w[i] = fl(w[i] + (nesterov ? momentum * vi - lr * g[i] : vi));
    }
  }

  /** |v'| <= |v| + lr|g| (momentum <= 1), and the nesterov step adds at most lr|g| more. */
  @Override
  protected double stepBound(double gMax, double sMax, double[] slotMin, double lr, long t) {
    return momentum == 0 ? lr * gMax : sMax + 2 * lr * gMax;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("momentum", momentum);
    c.put("nesterov", nesterov);
    return c;
  }
}
