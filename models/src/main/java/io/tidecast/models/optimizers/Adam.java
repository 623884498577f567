package io.tidecast.models.optimizers;

import java.util.Map;

/**
 * Keras 3 {@code Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)}:
 * {@code m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}
 * (amsgrad: {@code vhat = max(vhat, v)} in the denominator).
 *
 * <p>{@link #tfjsEpsilon(boolean) tfjsEpsilon(true)} switches to the TensorFlow.js form, where epsilon is
 * added after bias correction: {@code w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}. The two
 * differ only through epsilon (noticeably when |g| is near eps).
 */
public class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean amsgrad;
  private boolean tfjsEpsilon;

  public Adam() {
    this(0.001);
  }

  public Adam(double learningRate) {
    this(learningRate, 0.9);
  }

  public Adam(double learningRate, double beta1) {
    this(learningRate, beta1, 0.999);
  }

  public Adam(double learningRate, double beta1, double beta2) {
    this(learningRate, beta1, beta2, 1e-7);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this(learningRate, beta1, beta2, epsilon, false);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
    super(learningRate);
    Check.beta("beta_1", beta1);
    Check.beta("beta_2", beta2);
    Check.epsilon(epsilon);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.amsgrad = amsgrad;
  }

  /**
   * {@code true}: apply epsilon after bias correction, as TensorFlow.js {@code tf.train.adam} does (for
   * parity with tfjs-trained models). Default {@code false}: the Keras 3 formula.
   */
  public Adam tfjsEpsilon(boolean tfjs) {
    this.tfjsEpsilon = tfjs;
    return this;
  }

  public boolean tfjsEpsilon() {
    return tfjsEpsilon;
  }

  @Override
  protected int slotsPerVariable() {
    return amsgrad ? 3 : 2; // momentum, velocity[, velocity_hat]
  }

  @Override
  protected void update(double[] w, double[] g, double[][] slots, double lr, long t) {
    double[] m = slots[0];
    double[] v = slots[1];
    double[] den = amsgrad ? slots[2] : v;
    double c1 = 1.0 - Math.pow(beta1, t);
    double c2 = 1.0 - Math.pow(beta2, t);
    double alpha = lr * Math.sqrt(c2) / c1;
    for (int i = 0; i < w.length; i++) {
      double gi = g[i];
      double mi = m[i] + (gi - m[i]) * (1.0 - beta1);
      double vi = v[i] + (gi * gi - v[i]) * (1.0 - beta2);
      double di = vi;
      if (amsgrad) {
        di = Math.max(den[i], vi);
        den[i] = fl(di);
      }
      m[i] = fl(mi);
      v[i] = fl(vi);
      if (tfjsEpsilon) {
        w[i] = fl(w[i] - lr * (mi / c1) / (Math.sqrt(di / c2) + epsilon));
      } else {
        w[i] = fl(w[i] - mi * alpha / (Math.sqrt(di) + epsilon));
      }
    }
  }

  /**
   * m' and v' are convex mixes of old values and g, g^2; with v >= 0 the denominator is >= eps, so
   * |step| <= lr max|m'| / ((1 - b1^t) eps) in both epsilon forms.
   */
  @Override
  protected double stepBound(double gMax, double sMax, double[] slotMin, double lr, long t) {
    if (!(epsilon > 0) || !(slotMin[1] >= 0)) {
      return Double.POSITIVE_INFINITY;
    }
    double m = Math.max(sMax, gMax);
    double c1 = 1.0 - Math.pow(beta1, t);
    return Math.max(Math.max(m, gMax * gMax), lr * m / (c1 * epsilon));
  }

  /** Keras config; {@code tfjs_epsilon} is added only when switched on (Keras has no such key). */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    c.put("amsgrad", amsgrad);
    if (tfjsEpsilon) {
      c.put("tfjs_epsilon", true);
    }
    return c;
  }
}
