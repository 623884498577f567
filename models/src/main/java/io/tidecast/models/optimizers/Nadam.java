package io.tidecast.models.optimizers;

import java.util.Map;

/**
 * Keras 3 {@code Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)} with the momentum
 * schedule {@code u_t = b1 (1 - 0.5 * 0.96^t)} (Keras 3 uses {@code 0.96^t}; Keras 2 had {@code 0.96^(0.004 t)}).
 * Before step t, {@code prod *= u_t}; then per element {@code m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2);
 * mhat = u_{t+1} m / (1 - prod u_{t+1}) + (1 - u_t) g / (1 - prod); vhat = v / (1 - b2^t);
 * w -= lr mhat / (sqrt(vhat) + eps)}. The running product is optimizer state ({@link #scalarState()}), so
 * a step costs O(1) regardless of t.
 */
public class Nadam extends Optimizer {
  private static final double DECAY = 0.96;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private double uProduct = 1.0;

  public Nadam() {
    this(0.001);
  }

  public Nadam(double learningRate) {
    this(learningRate, 0.9);
  }

  public Nadam(double learningRate, double beta1) {
    this(learningRate, beta1, 0.999);
  }

  public Nadam(double learningRate, double beta1, double beta2) {
    this(learningRate, beta1, beta2, 1e-7);
  }

  public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate);
    Check.beta("beta_1", beta1);
    Check.beta("beta_2", beta2);
    Check.epsilon(epsilon);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  private double u(long t) {
    return beta1 * (1.0 - 0.5 * Math.pow(DECAY, t));
  }

  @Override
  protected int slotsPerVariable() {
    return 2; // momentum, velocity
  }

  @Override
  protected void beforeStep(long t) {
    uProduct *= u(t);
  }

  @Override
  protected void update(double[] w, double[] g, double[][] slots, double lr, long t) {
    double[] m = slots[0];
    double[] v = slots[1];
    double ut = u(t);
    double ut1 = u(t + 1);
    double prod1 = uProduct * ut1;
    double c2 = 1.0 - Math.pow(beta2, t);
    for (int i = 0; i < w.length; i++) {
      double gi = g[i];
      double mi = m[i] + (gi - m[i]) * (1.0 - beta1);
      double vi = v[i] + (gi * gi - v[i]) * (1.0 - beta2);
      m[i] = fl(mi);
      v[i] = fl(vi);
      double mHat = ut1 * mi / (1.0 - prod1) + (1.0 - ut) * gi / (1.0 - uProduct);
      double vHat = vi / c2;
      w[i] = fl(w[i] - mHat * lr / (Math.sqrt(vHat) + epsilon));
    }
  }

  /**
   * Called before {@link #beforeStep}, so it forms this step's products itself; with v >= 0 the denominator
   * is >= eps and |mHat| <= u_{t+1} max|m'| / (1 - prod u_{t+1}) + (1 - u_t) |g| / (1 - prod).
   */
  @Override
  protected double stepBound(double gMax, double sMax, double[] slotMin, double lr, long t) {
    double prod = uProduct * u(t);
    double prod1 = prod * u(t + 1);
    if (!(epsilon > 0) || !(slotMin[1] >= 0) || !(prod < 1) || !(prod1 < 1)) {
      return Double.POSITIVE_INFINITY;
    }
    double m = Math.max(sMax, gMax);
    double mHat = u(t + 1) * m / (1.0 - prod1) + (1.0 - u(t)) * gMax / (1.0 - prod);
    return Math.max(Math.max(m, gMax * gMax), lr * mHat / epsilon);
  }

  /** {@code [u_product]}, the running product of the momentum schedule (1 before the first step). */
  @Override
  public double[] scalarState() {
    return new double[] {uProduct};
  }

  @Override
  public void restoreScalarState(double[] s) {
    uProduct = s == null || s.length == 0 ? 1.0 : s[0];
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
