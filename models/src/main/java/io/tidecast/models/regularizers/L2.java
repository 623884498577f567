package io.tidecast.models.regularizers;

import io.tidecast.models.Regularizer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras {@code L2(l2=0.01)}: penalty l2 * sum(w^2) (no 1/2 factor, as in Keras). */
public final class L2 implements Regularizer {
  private final double l2;

  public L2() {
    this(0.01);
  }

  public L2(double l2) {
    this.l2 = Penalties.check("l2", l2);
  }

  public double l2() {
    return l2;
  }

  @Override
  public double penalty(double[] w) {
    return Penalties.penalty(w, 0.0, l2);
  }

  @Override
  public void addGradient(double[] w, double[] grad) {
    Penalties.addGradient(w, grad, 0.0, l2);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("l2", l2);
    return c;
  }
}
