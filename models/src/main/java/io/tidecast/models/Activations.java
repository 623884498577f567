package io.tidecast.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keras {@code keras.activations}: look an activation up by its Keras name (case-insensitive), or build a
 * parametrised one ({@link #relu(double, double, double)}, {@link #leakyRelu}, {@link #elu(double)}).
 *
 * <p>Names: {@code softmax, log_softmax, elu, selu, softplus, softsign, relu, relu6, leaky_relu, tanh,
 * sigmoid, hard_sigmoid, hard_silu, exponential, linear, gelu, silu, mish} as in Keras 3, with Keras'
 * aliases {@code swish} (= silu) and {@code hard_swish} (= hard_silu); plus two Tidecast names:
 * {@code gelu_approximate} (Keras' {@code gelu(x, approximate=True)}) and {@code hard_sigmoid_keras2}
 * (Keras 2 / TensorFlow.js {@code hard_sigmoid}: clip(0.2x + 0.5, 0, 1); a model ported from tfjs that
 * says "hard_sigmoid" means this one, while Keras 3's is relu6(x + 3) / 6).
 *
 * <p>The scalar functions {@link #sigmoid(double)}, {@link #tanh(double)} etc. are static so recurrent
 * kernels can call them without a virtual call.
 */
public final class Activations {
  private static final Map<String, ActivationFunction> BY_NAME = new LinkedHashMap<>();

  private static final ActivationFunction LINEAR = new BuiltinActivations.Linear();
  private static final ActivationFunction RELU = new BuiltinActivations.Relu();

  static {
    register(new Softmax());
    register(new BuiltinActivations.Elu(1.0));
    register(new BuiltinActivations.Selu());
    register(new BuiltinActivations.Softplus());
    register(new BuiltinActivations.Softsign());
    register(RELU);
    register(new BuiltinActivations.Relu6());
    register(new BuiltinActivations.LeakyRelu(0.2));
    register(new BuiltinActivations.Tanh());
    register(new BuiltinActivations.Sigmoid());
    register(new BuiltinActivations.HardSigmoid());
    register(new BuiltinActivations.HardSigmoidKeras2());
    register(new BuiltinActivations.HardSilu());
    register(new BuiltinActivations.Exponential());
    register(LINEAR);
    register(new BuiltinActivations.Gelu());
    register(new BuiltinActivations.GeluApproximate());
    register(new BuiltinActivations.Silu());
    register(new BuiltinActivations.Mish());
    register(new LogSoftmax());
    alias("swish", "silu");
    alias("hard_swish", "hard_silu");
  }

  private Activations() {
  }

  private static void register(ActivationFunction f) {
    BY_NAME.put(f.name(), f);
  }

  private static void alias(String alias, String name) {
    BY_NAME.put(alias, BY_NAME.get(name));
  }

  /**
   * The activation named {@code name} (Keras names, case-insensitive; {@code null} or empty means linear,
   * as Keras' {@code activation=None}).
   *
   * @throws IllegalArgumentException for an unknown name, listing the valid ones
   */
  public static ActivationFunction get(String name) {
    if (name == null || name.isEmpty()) {
      return LINEAR;
    }
    ActivationFunction f = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
    if (f == null) {
      throw new IllegalArgumentException("Unknown activation '" + name + "'. Use one of " + BY_NAME.keySet()
          + ", or a factory such as Activations.leakyRelu(slope) for other parameters.");
    }
    return f;
  }

  /** Every accepted name, aliases included. */
  public static Set<String> names() {
    return Collections.unmodifiableSet(BY_NAME.keySet());
  }

  /** Keras {@code leaky_relu(x, negative_slope)}: x for x > 0, else slope * x. */
  public static ActivationFunction leakyRelu(double negativeSlope) {
    if (!Double.isFinite(negativeSlope)) {
      throw new IllegalArgumentException("leaky_relu: negative_slope must be finite, got " + negativeSlope);
    }
    return new BuiltinActivations.LeakyRelu(negativeSlope);
  }

  /** Keras {@code elu(x, alpha)}: x for x > 0, else alpha * (exp(x) - 1). */
  public static ActivationFunction elu(double alpha) {
    if (!Double.isFinite(alpha)) {
      throw new IllegalArgumentException("elu: alpha must be finite, got " + alpha);
    }
    return new BuiltinActivations.Elu(alpha);
  }

  /**
   * Keras {@code relu(x, negative_slope, max_value, threshold)}. Pass {@code Double.POSITIVE_INFINITY} as
   * {@code maxValue} for Keras' {@code max_value=None}.
   */
  public static ActivationFunction relu(double negativeSlope, double maxValue, double threshold) {
    if (negativeSlope == 0.0 && maxValue == Double.POSITIVE_INFINITY && threshold == 0.0) {
      return RELU;
    }
    return new ParametricRelu(negativeSlope, maxValue, threshold);
  }

  /** Keras {@code gelu(x, approximate)}: the exact erf form, or the tanh approximation. */
  public static ActivationFunction gelu(boolean approximate) {
    return BY_NAME.get(approximate ? "gelu_approximate" : "gelu");
  }

  /** 1 / (1 + exp(-x)), accurate to double precision on both tails (no 1 - tiny cancellation). */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  public static double tanh(double x) {
    return Math.tanh(x);
  }

  /** log(1 + exp(x)) without overflow: log1p(exp(-|x|)) + max(x, 0). */
  public static double softplus(double x) {
    return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0.0);
  }

  /** Keras 3 hard_sigmoid: relu6(x + 3) / 6. */
  public static double hardSigmoid(double x) {
    double t = x + 3.0;
    return (t > 0 ? (t < 6.0 ? t : 6.0) : 0.0) / 6.0;
  }

  /** Keras 2 / TensorFlow.js hard_sigmoid: clip(0.2 x + 0.5, 0, 1). */
  public static double hardSigmoidKeras2(double x) {
    double t = 0.2 * x + 0.5;
    return t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
  }
}
