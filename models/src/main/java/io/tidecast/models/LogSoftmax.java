package io.tidecast.models;

/** Keras log_softmax along the last axis: x - max - log(sum(exp(x - max))) per row. */
final class LogSoftmax implements ActivationFunction {
  @Override
  public String name() {
    return "log_softmax";
  }

  @Override
  public void forward(double[] x, double[] y, int offset, int length, int cols) {
    Softmax.checkRows("log_softmax", length, cols);
    for (int r = offset, end = offset + length; r < end; r += cols) {
      int e = r + cols;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = r; i < e; i++) {
        max = Math.max(max, x[i]);
      }
      double sum = 0.0;
      for (int i = r; i < e; i++) {
        sum += Math.exp(x[i] - max);
      }
      double shift = max + Math.log(sum);
      for (int i = r; i < e; i++) {
        y[i] = x[i] - shift;
      }
    }
  }

  /** dx_i = dy_i - softmax_i * sum_j dy_j, with softmax_i = exp(y_i). */
  @Override
  public void backward(double[] x, double[] y, double[] dy, double[] dx, int offset, int length, int cols) {
    Softmax.checkRows("log_softmax", length, cols);
    for (int r = offset, end = offset + length; r < end; r += cols) {
      int e = r + cols;
      double sum = 0.0;
      for (int i = r; i < e; i++) {
        sum += dy[i];
      }
      for (int i = r; i < e; i++) {
        dx[i] = dy[i] - Math.exp(y[i]) * sum;
      }
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
