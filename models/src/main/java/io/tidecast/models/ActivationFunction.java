package io.tidecast.models;

/**
 * Keras activation applied along the last axis of a {@code rows x cols} row-major block. Most are
 * element-wise (see {@link Elementwise}); softmax needs the whole row.
 */
public interface ActivationFunction {
  /** Keras name, e.g. {@code relu}. */
  String name();

  /** {@code y = f(x)}; x and y may be the same array. */
  void forward(double[] x, double[] y, int offset, int length, int cols);

  /**
   * {@code dx = dy * f'(x)} given the forward input x and output y (both still valid); dx may alias dy.
   */
  void backward(double[] x, double[] y, double[] dy, double[] dx, int offset, int length, int cols);

  /** An activation defined element by element. */
  abstract class Elementwise implements ActivationFunction {
    public abstract double apply(double x);

    /** f'(x), given x and y = f(x) (whichever is cheaper). */
    public abstract double derivative(double x, double y);

    @Override
    public void forward(double[] x, double[] y, int offset, int length, int cols) {
      for (int i = offset, e = offset + length; i < e; i++) {
        y[i] = apply(x[i]);
      }
    }

    @Override
    public void backward(double[] x, double[] y, double[] dy, double[] dx, int offset, int length,
        int cols) {
      for (int i = offset, e = offset + length; i < e; i++) {
        dx[i] = dy[i] * derivative(x[i], y[i]);
      }
    }

    @Override
    public String toString() {
      return name();
    }
  }
}
