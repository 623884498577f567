package io.tidecast.models.layers;

import io.tidecast.models.Regularizer;

/**
 * One trainable (or frozen) variable of a layer, e.g. {@code lstm/kernel}. Values are row-major in the
 * Keras shape, so {@code getWeights()/setWeights()} exchange arrays with Keras unchanged.
 */
public final class Weight {
  private final String name;
  private final int[] shape;
  final double[] value;
  final double[] grad;
  private final Regularizer regularizer;
  private boolean trainable;

  public Weight(String name, int[] shape, Regularizer regularizer, boolean trainable) {
    this.name = name;
    this.shape = shape.clone();
    int n = Math.toIntExact(Tensor.sizeOf(shape));
    this.value = new double[n];
    this.grad = new double[n];
    this.regularizer = regularizer;
    this.trainable = trainable;
  }

  public String name() {
    return name;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int size() {
    return value.length;
  }

  /** The live value array (row-major). Optimizers update it in place. */
  public double[] value() {
    return value;
  }

  /** The live gradient array, accumulated by {@code backward} and consumed by the optimizer. */
  public double[] grad() {
    return grad;
  }

  public Regularizer regularizer() {
    return regularizer;
  }

  public boolean trainable() {
    return trainable;
  }

  public void trainable(boolean t) {
    this.trainable = t;
  }

  public void zeroGrad() {
    java.util.Arrays.fill(grad, 0.0);
  }

  @Override
  public String toString() {
    return name + Tensor.shapeString(shape);
  }
}
