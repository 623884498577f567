package io.tidecast.models.layers;

import io.tidecast.models.Activations;
import java.util.Map;

/**
 * Keras {@code Softmax(axis=-1)}: softmax over the last axis. The axis may also be given counting the batch
 * axis (as tf.keras saves it); other axes are not supported.
 */
public class Softmax extends FunctionLayer<Softmax> {
  private final int axis;

  public Softmax() {
    this(-1);
  }

  public Softmax(int axis) {
    super(Activations.get("softmax"));
    this.axis = LastAxis.check(axis, "Softmax");
  }

  @Override
  protected void build(int[] inputShape) {
    LastAxis.checkBuilt(axis, inputShape, this);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axis", axis);
    return c;
  }
}
