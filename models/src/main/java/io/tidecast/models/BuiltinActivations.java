package io.tidecast.models;

/**
 * The element-wise Keras activations. Derivatives at kinks follow TensorFlow's gradient kernels
 * (e.g. relu'(0) = 0, relu6' = 0 at 0 and 6, clip gradients pass at the clip edges).
 */
final class BuiltinActivations {
  private BuiltinActivations() {
  }

  static final double SELU_ALPHA = 1.6732632423543772848170429916717;
  static final double SELU_SCALE = 1.0507009873554804934193349852946;
  /** 1/sqrt(2 pi), the standard normal density at 0. */
  static final double INV_SQRT_2PI = 0.3989422804014327;
  /** sqrt(2/pi), used by the tanh approximation of gelu. */
  static final double SQRT_2_OVER_PI = 0.7978845608028654;
  static final double SQRT2 = 1.4142135623730951;

  static final class Linear extends ActivationFunction.Elementwise {
    public String name() { return "linear"; }
    public double apply(double x) { return x; }
    public double derivative(double x, double y) { return 1.0; }

    @Override
    public void forward(double[] x, double[] y, int offset, int length, int cols) {
      if (x != y) {
        System.arraycopy(x, offset, y, offset, length);
      }
    }

    @Override
    public void backward(double[] x, double[] y, double[] dy, double[] dx, int offset, int length, int cols) {
      if (dy != dx) {
        System.arraycopy(dy, offset, dx, offset, length);
      }
    }
  }

  static final class Tanh extends ActivationFunction.Elementwise {
    public String name() { return "tanh"; }
    public double apply(double x) { return Math.tanh(x); }
    public double derivative(double x, double y) { return 1.0 - y * y; }

    @Override
    public void forward(double[] x, double[] y, int offset, int length, int cols) {
      for (int i = offset, e = offset + length; i < e; i++) {
        y[i] = Math.tanh(x[i]);
      }
    }

    @Override
    public void backward(double[] x, double[] y, double[] dy, double[] dx, int offset, int length, int cols) {
      for (int i = offset, e = offset + length; i < e; i++) {
        dx[i] = dy[i] * (1.0 - y[i] * y[i]);
      }
    }
  }

  static final class Sigmoid extends ActivationFunction.Elementwise {
    public String name() { return "sigmoid"; }
    public double apply(double x) { return Activations.sigmoid(x); }
    public double derivative(double x, double y) { return y * (1.0 - y); }

    @Override
    public void forward(double[] x, double[] y, int offset, int length, int cols) {
      for (int i = offset, e = offset + length; i < e; i++) {
        y[i] = Activations.sigmoid(x[i]);
      }
    }

    @Override
    public void backward(double[] x, double[] y, double[] dy, double[] dx, int offset, int length, int cols) {
      for (int i = offset, e = offset + length; i < e; i++) {
        dx[i] = dy[i] * y[i] * (1.0 - y[i]);
      }
    }
  }

  static final class Relu extends ActivationFunction.Elementwise {
    public String name() { return "relu"; }
    public double apply(double x) { return x > 0 ? x : 0.0; }
    public double derivative(double x, double y) { return x > 0 ? 1.0 : 0.0; }

    @Override
    public void forward(double[] x, double[] y, int offset, int length, int cols) {
      for (int i = offset, e = offset + length; i < e; i++) {
        y[i] = x[i] > 0 ? x[i] : 0.0;
      }
    }

    @Override
    public void backward(double[] x, double[] y, double[] dy, double[] dx, int offset, int length, int cols) {
      for (int i = offset, e = offset + length; i < e; i++) {
        dx[i] = x[i] > 0 ? dy[i] : 0.0;
      }
    }
  }

  static final class Relu6 extends ActivationFunction.Elementwise {
    public String name() { return "relu6"; }
    public double apply(double x) { return x > 0 ? (x < 6.0 ? x : 6.0) : 0.0; }
    public double derivative(double x, double y) { return x > 0 && x < 6.0 ? 1.0 : 0.0; }
  }

  static final class LeakyRelu extends ActivationFunction.Elementwise {
    final double slope;

    LeakyRelu(double slope) {
      this.slope = slope;
    }

    public String name() { return "leaky_relu"; }
    public double apply(double x) { return x > 0 ? x : slope * x; }
    public double derivative(double x, double y) { return x > 0 ? 1.0 : slope; }

    @Override
    public String toString() {
      return "leaky_relu(negative_slope=" + slope + ")";
    }
  }

  static final class Elu extends ActivationFunction.Elementwise {
    final double alpha;

    Elu(double alpha) {
      this.alpha = alpha;
    }

    public String name() { return "elu"; }
    public double apply(double x) { return x > 0 ? x : alpha * Math.expm1(x); }
    public double derivative(double x, double y) { return x > 0 ? 1.0 : alpha * Math.exp(x); }

    @Override
    public String toString() {
      return "elu(alpha=" + alpha + ")";
    }
  }

  static final class Selu extends ActivationFunction.Elementwise {
    public String name() { return "selu"; }
    public double apply(double x) { return x < 0 ? SELU_SCALE * SELU_ALPHA * Math.expm1(x) : SELU_SCALE * x; }
    public double derivative(double x, double y) { return x < 0 ? SELU_SCALE * SELU_ALPHA * Math.exp(x) : SELU_SCALE; }
  }

  static final class Softplus extends ActivationFunction.Elementwise {
    public String name() { return "softplus"; }
    public double apply(double x) { return Activations.softplus(x); }
    public double derivative(double x, double y) { return Activations.sigmoid(x); }
  }

  static final class Softsign extends ActivationFunction.Elementwise {
    public String name() { return "softsign"; }
    public double apply(double x) { return x / (1.0 + Math.abs(x)); }

    public double derivative(double x, double y) {
      double d = 1.0 + Math.abs(x);
      return 1.0 / (d * d);
    }
  }

  static final class Exponential extends ActivationFunction.Elementwise {
    public String name() { return "exponential"; }
    public double apply(double x) { return Math.exp(x); }
    public double derivative(double x, double y) { return y; }
  }

  /** Keras 3 hard_sigmoid: relu6(x + 3) / 6. */
  static final class HardSigmoid extends ActivationFunction.Elementwise {
    public String name() { return "hard_sigmoid"; }
    public double apply(double x) { return Activations.hardSigmoid(x); }
    public double derivative(double x, double y) { return hardSigmoidDerivative(x); }
  }

  static double hardSigmoidDerivative(double x) {
    double t = x + 3.0;
    return t > 0 && t < 6.0 ? 1.0 / 6.0 : 0.0;
  }

  /**
   * Keras 2 / TensorFlow.js hard sigmoid: clip(0.2 x + 0.5, 0, 1). TensorFlow.js' {@code "hard_sigmoid"}
   * (and Keras 2's) is this function, not the Keras 3 one.
   */
  static final class HardSigmoidKeras2 extends ActivationFunction.Elementwise {
    public String name() { return "hard_sigmoid_keras2"; }
    public double apply(double x) { return Activations.hardSigmoidKeras2(x); }

    public double derivative(double x, double y) {
      double t = 0.2 * x + 0.5;
      return t >= 0.0 && t <= 1.0 ? 0.2 : 0.0; // clip_by_value passes the gradient at the edges
    }
  }

  /** Keras 3 hard_silu (alias hard_swish): x * hard_sigmoid(x). */
  static final class HardSilu extends ActivationFunction.Elementwise {
    public String name() { return "hard_silu"; }
    public double apply(double x) { return x * Activations.hardSigmoid(x); }
    public double derivative(double x, double y) { return Activations.hardSigmoid(x) + x * hardSigmoidDerivative(x); }
  }

  /** Keras 3 gelu with approximate=False: x * Phi(x), Phi the standard normal CDF. */
  static final class Gelu extends ActivationFunction.Elementwise {
    public String name() { return "gelu"; }
    public double apply(double x) { return x * normalCdf(x); }
    public double derivative(double x, double y) { return normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x); }
  }

  /**
   * Phi(x); x / sqrt(2) is a division as in TensorFlow's gelu, and the left tail goes through erfc so it
   * keeps its relative precision.
   */
  static double normalCdf(double x) {
    double z = x / SQRT2;
    return x >= 0 ? 0.5 * (1.0 + Erf.erf(z)) : 0.5 * Erf.erfc(-z);
  }

  /** gelu with approximate=True: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
  static final class GeluApproximate extends ActivationFunction.Elementwise {
    public String name() { return "gelu_approximate"; }

    public double apply(double x) {
      return 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
    }

    public double derivative(double x, double y) {
      double t = Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x));
      return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * SQRT_2_OVER_PI * (1.0 + 3 * 0.044715 * x * x);
    }
  }

  /** Keras 3 silu (alias swish): x * sigmoid(x). */
  static final class Silu extends ActivationFunction.Elementwise {
    public String name() { return "silu"; }
    public double apply(double x) { return x * Activations.sigmoid(x); }

    public double derivative(double x, double y) {
      double s = Activations.sigmoid(x);
      return s * (1.0 + x * (1.0 - s));
    }
  }

  /** mish: x * tanh(softplus(x)). */
  static final class Mish extends ActivationFunction.Elementwise {
    public String name() { return "mish"; }
    public double apply(double x) { return x * Math.tanh(Activations.softplus(x)); }

    public double derivative(double x, double y) {
      double t = Math.tanh(Activations.softplus(x));
      return t + x * (1.0 - t * t) * Activations.sigmoid(x);
    }
  }
}
