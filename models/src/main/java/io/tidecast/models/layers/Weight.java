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
  /** A layer-updated variable (e.g. a moving mean): never trainable. */
  private final boolean state;

  public Weight(String name, int[] shape, Regularizer regularizer, boolean trainable) {
    this.name = name;
    this.shape = shape.clone();
    int n = Math.toIntExact(Tensor.sizeOf(shape));
    this.value = new double[n];
    this.grad = new double[n];
    this.regularizer = regularizer;
    this.trainable = trainable;
    this.state = false;
  }

  private Weight(String name, int[] shape) {
    this.name = name;
    this.shape = shape.clone();
    int n = Math.toIntExact(Tensor.sizeOf(shape));
    this.value = new double[n];
    this.grad = new double[n];
    this.regularizer = null;
    this.trainable = false;
    this.state = true;
  }

  /** A non-trainable weight the layer updates itself (Keras {@code add_weight(trainable=False)}). */
  static Weight state(String name, int[] shape) {
    return new Weight(name, shape);
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

  /** Freezes or unfreezes the weight; a layer-updated (state) weight stays non-trainable. */
  public void trainable(boolean t) {
    this.trainable = t && !state;
  }

  public void zeroGrad() {
    java.util.Arrays.fill(grad, 0.0);
  }

  @Override
  public String toString() {
    return name + Tensor.shapeString(shape);
  }
}
