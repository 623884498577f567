package io.tidecast.models.regularizers;

import io.tidecast.models.Regularizer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras {@code L1L2(l1=0.0, l2=0.0)}: penalty l1 * sum(|w|) + l2 * sum(w^2). */
public final class L1L2 implements Regularizer {
  private final double l1;
  private final double l2;

  public L1L2() {
    this(0.0, 0.0);
  }

  public L1L2(double l1, double l2) {
    this.l1 = Penalties.check("l1", l1);
    this.l2 = Penalties.check("l2", l2);
  }

  public double l1() {
    return l1;
  }

  public double l2() {
    return l2;
  }

  @Override
  public double penalty(double[] w) {
    return Penalties.penalty(w, l1, l2);
  }

  @Override
  public void addGradient(double[] w, double[] grad) {
    Penalties.addGradient(w, grad, l1, l2);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("l1", l1);
    c.put("l2", l2);
    return c;
  }
}
