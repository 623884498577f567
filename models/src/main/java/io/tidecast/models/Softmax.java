package io.tidecast.models;

/** Keras softmax along the last axis: each row of {@code cols} values maps to a probability vector. */
final class Softmax implements ActivationFunction {
  @Override
  public String name() {
    return "softmax";
  }

  static void checkRows(String name, int length, int cols) {
    if (cols <= 0 || length % cols != 0) {
      throw new IllegalArgumentException(
          name + ": block length " + length + " is not a whole number of rows of " + cols + " values");
    }
  }

  @Override
  public void forward(double[] x, double[] y, int offset, int length, int cols) {
    checkRows("softmax", length, cols);
    for (int r = offset, end = offset + length; r < end; r += cols) {
      int e = r + cols;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = r; i < e; i++) {
        max = Math.max(max, x[i]);
      }
      double sum = 0.0;
      for (int i = r; i < e; i++) {
        double v = Math.exp(x[i] - max); // max subtraction: no overflow, largest term is exactly 1
        y[i] = v;
        sum += v;
      }
      double inv = 1.0 / sum;
      for (int i = r; i < e; i++) {
        y[i] *= inv;
      }
    }
  }

  /** dx = dy . J with J = diag(y) - y y^T, i.e. dx_i = y_i (dy_i - sum_j dy_j y_j). */
  @Override
  public void backward(double[] x, double[] y, double[] dy, double[] dx, int offset, int length, int cols) {
    checkRows("softmax", length, cols);
    for (int r = offset, end = offset + length; r < end; r += cols) {
      int e = r + cols;
      double dot = 0.0;
      for (int i = r; i < e; i++) {
        dot += dy[i] * y[i];
      }
      for (int i = r; i < e; i++) {
        dx[i] = y[i] * (dy[i] - dot);
      }
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
