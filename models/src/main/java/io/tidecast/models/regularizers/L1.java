package io.tidecast.models.regularizers;

import io.tidecast.models.Regularizer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras {@code L1(l1=0.01)}: penalty l1 * sum(|w|). */
public final class L1 implements Regularizer {
  private final double l1;

  public L1() {
    this(0.01);
  }

  public L1(double l1) {
    this.l1 = Penalties.check("l1", l1);
  }

  public double l1() {
    return l1;
  }

  @Override
  public double penalty(double[] w) {
    return Penalties.penalty(w, l1, 0.0);
  }

  @Override
  public void addGradient(double[] w, double[] grad) {
    Penalties.addGradient(w, grad, l1, 0.0);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("l1", l1);
    return c;
  }
}
