package io.tidecast.models.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dense row-major array layers compute on. Users pass and get back {@link INDArray}; layers work on
 * plain {@code double[]} because at streaming sizes ND4J's per-call overhead (10-100 µs) dwarfs the maths.
 * Axis 0 is always the batch ("samples") axis.
 */
public final class Tensor {
  public final int[] shape;
  public final double[] data;

  public Tensor(int... shape) {
    this.shape = shape.clone();
    this.data = new double[Math.toIntExact(sizeOf(shape))];
  }

  public Tensor(double[] data, int... shape) {
    if (data.length != sizeOf(shape)) {
      throw new IllegalArgumentException(
          "data of length " + data.length + " does not fit shape " + shapeString(shape));
    }
    this.shape = shape.clone();
    this.data = data;
  }

  public static long sizeOf(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis < 0 ? shape.length + axis : axis];
  }

  public int size() {
    return data.length;
  }

  /** Number of elements in one sample (everything but axis 0). */
  public int sampleSize() {
    return shape[0] == 0 ? 0 : data.length / shape[0];
  }

  public Tensor copy() {
    return new Tensor(data.clone(), shape);
  }

  public Tensor reshape(int... newShape) {
    return new Tensor(data, newShape);
  }

  /** Samples {@code [from, to)} along axis 0, copied. */
  public Tensor slice(int from, int to) {
    int s = sampleSize();
    int[] sh = shape.clone();
    sh[0] = to - from;
    return new Tensor(Arrays.copyOfRange(data, from * s, to * s), sh);
  }

  /** The samples at {@code index[from..to)} along axis 0, copied, in that order. */
  public Tensor gather(int[] index, int from, int to) {
    int s = sampleSize();
    int[] sh = shape.clone();
    sh[0] = to - from;
    double[] out = new double[(to - from) * s];
    for (int i = from; i < to; i++) {
      System.arraycopy(data, index[i] * s, out, (i - from) * s, s);
    }
    return new Tensor(out, sh);
  }

  public static Tensor from(INDArray a) {
    if (a == null) {
      throw new IllegalArgumentException("array is null");
    }
    long[] ls = a.shape();
    int[] sh = new int[ls.length];
    for (int i = 0; i < ls.length; i++) {
      sh[i] = Math.toIntExact(ls[i]);
    }
    INDArray c = a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
    double[] d = c.ordering() == 'c' && !c.isView() ? c.data().asDouble() : c.dup('c').data().asDouble();
    if (d.length != sizeOf(sh)) {
      d = Arrays.copyOf(c.dup('c').data().asDouble(), Math.toIntExact(sizeOf(sh)));
    }
    return new Tensor(d, sh);
  }

  public INDArray toINDArray(DataType type) {
    long[] ls = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      ls[i] = shape[i];
    }
    if (type == DataType.FLOAT) {
      float[] f = new float[data.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) data[i];
      }
      return Nd4j.create(f, ls, 'c');
    }
    return Nd4j.create(data.clone(), ls, 'c');
  }

  /** Keras-style shape text: {@code (3, 4, 2)}; with {@code batchNone}, {@code (None, 4, 2)}. */
  public static String shapeString(int[] shape) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(shape[i] < 0 ? "None" : Integer.toString(shape[i]));
    }
    if (shape.length == 1) {
      b.append(',');
    }
    return b.append(')').toString();
  }

  public String shapeString() {
    return shapeString(shape);
  }

  @Override
  public String toString() {
    return "Tensor" + shapeString() + Arrays.toString(Arrays.copyOf(data, Math.min(data.length, 8)))
        + (data.length > 8 ? "..." : "");
  }
}
