package io.tidecast.models.layers;

import io.tidecast.models.ActivationFunction;
import io.tidecast.models.Activations;
import io.tidecast.models.Initializer;
import io.tidecast.models.Initializers;
import io.tidecast.models.Regularizer;
import io.tidecast.models.regularizers.L1;
import io.tidecast.models.regularizers.L1L2;
import io.tidecast.models.regularizers.L2;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras {@code keras.layers.deserialize}: a layer from its Keras class name and {@code get_config()}
 * (as saved models and Keras JSON configs hold them), and the {@code {class_name, config}} form of
 * initializers and regularizers that configs nest.
 */
public final class Layers {
  /** Largest dimension accepted from a config; guards against configs that would exhaust memory. */
  static final int MAX_DIM = 1 << 24;

  private Layers() {
  }

  /** A new, unbuilt layer configured from {@code config}. */
  public static Layer<?> fromConfig(String className, Map<String, ?> config) {
    Layer<?> l;
    switch (className) {
      case "Dense": {
        l = kernelConfig(new Dense(dim(config, "units")), config);
        break;
      }
      case "LSTM": {
        LSTM r = recurrent(new LSTM(dim(config, "units")), config);
        r.recurrentActivation(activation(config, "recurrent_activation"));
        r.unitForgetBias(bool(config, "unit_forget_bias", true));
        l = r;
        break;
      }
      case "GRU": {
        GRU r = recurrent(new GRU(dim(config, "units")), config);
        r.recurrentActivation(activation(config, "recurrent_activation"));
        r.resetAfter(bool(config, "reset_after", true));
        l = r;
        break;
      }
      case "SimpleRNN":
        l = recurrent(new SimpleRNN(dim(config, "units")), config);
        break;
      case "Dropout": {
        Dropout d = new Dropout(number(config, "rate", 0.0));
        if (config.get("seed") instanceof Number) {
          d.seed(((Number) config.get("seed")).longValue());
        }
        l = d;
        break;
      }
      case "Activation":
        l = new Activation(activation(config, "activation"));
        break;
      case "ReLU": {
        Object max = config.get("max_value");
        l = new ReLU(max == null ? Double.POSITIVE_INFINITY : number(config, "max_value", 0.0),
            number(config, "negative_slope", 0.0), number(config, "threshold", 0.0));
        break;
      }
      case "LeakyReLU": // Keras 3 says negative_slope, Keras 2 and TF.js alpha; both default to 0.3
        l = new LeakyReLU(number(config, "negative_slope", number(config, "alpha", 0.3)));
        break;
      case "ELU":
        l = new ELU(number(config, "alpha", 1.0));
        break;
      case "ThresholdedReLU":
        l = new ThresholdedReLU(number(config, "theta", 1.0));
        break;
      case "Softmax":
        l = new Softmax(axis(config, "Softmax"));
        break;
      case "PReLU": {
        PReLU p = new PReLU().alphaInitializer(initializer(config.get("alpha_initializer"), "zeros"))
            .alphaRegularizer(regularizer(config.get("alpha_regularizer")));
        Object shared = config.get("shared_axes");
        if (shared instanceof Number) {
          shared = List.of(shared);
        }
        if (shared != null) {
          if (!(shared instanceof List) || ((List<?>) shared).size() > 8) {
            throw new IllegalArgumentException("PReLU shared_axes must be a list of axes, got " + shared);
          }
          int[] axes = new int[((List<?>) shared).size()];
          for (int i = 0; i < axes.length; i++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("shared_axes", ((List<?>) shared).get(i));
            axes[i] = dim(one, "shared_axes");
          }
          p.sharedAxes(axes);
        }
        l = p;
        break;
      }
      case "Masking":
        l = new Masking(number(config, "mask_value", 0.0));
        break;
      case "BatchNormalization": {
        BatchNormalization b = normalization(new BatchNormalization(), config);
        b.momentum(number(config, "momentum", 0.99));
        b.movingMeanInitializer(initializer(config.get("moving_mean_initializer"), "zeros"));
        b.movingVarianceInitializer(initializer(config.get("moving_variance_initializer"), "ones"));
        l = b;
        break;
      }
      case "LayerNormalization":
        l = normalization(new LayerNormalization(), config);
        break;
      case "TimeDistributed":
        l = new TimeDistributed(nested(config, "layer"));
        break;
      case "Bidirectional": {
        Object mode = config.containsKey("merge_mode") ? config.get("merge_mode") : "concat";
        if (mode != null && !(mode instanceof String)) {
          throw new IllegalArgumentException("Bidirectional merge_mode must be a string or null, got " + mode);
        }
        Recurrent<?> backward = config.get("backward_layer") == null ? null : recurrentLayer(config, "backward_layer");
        Recurrent<?> forward = recurrentLayer(config, "layer");
        l = new Bidirectional(forward, (String) mode, backward);
        break;
      }
      case "Conv1D": {
        if (dimOrTuple(config, "groups", 1) != 1) {
          throw new IllegalArgumentException("Conv1D groups=" + config.get("groups") + " is not supported yet: "
              + "only groups=1");
        }
        Conv1D c = new Conv1D(dim(config, "filters"), dimOrTuple(config, "kernel_size", -1));
        c.strides(dimOrTuple(config, "strides", 1));
        c.dilationRate(dimOrTuple(config, "dilation_rate", 1));
        c.padding(config.get("padding") == null ? "valid" : String.valueOf(config.get("padding")));
        c.dataFormat(config.get("data_format") == null ? "channels_last" : String.valueOf(config.get("data_format")));
        l = kernelConfig(c, config);
        break;
      }
      case "MaxPooling1D":
        l = pooling(new MaxPooling1D(dimOrTuple(config, "pool_size", 2)), config);
        break;
      case "AveragePooling1D":
        l = pooling(new AveragePooling1D(dimOrTuple(config, "pool_size", 2)), config);
        break;
      case "GlobalAveragePooling1D":
        channelsLast(config);
        l = new GlobalAveragePooling1D().keepdims(bool(config, "keepdims", false));
        break;
      case "GlobalMaxPooling1D":
        channelsLast(config);
        l = new GlobalMaxPooling1D().keepdims(bool(config, "keepdims", false));
        break;
      case "Flatten":
        channelsLast(config);
        l = new Flatten();
        break;
      case "Reshape": {
        Object t = config.get("target_shape");
        if (!(t instanceof List) || ((List<?>) t).isEmpty() || ((List<?>) t).size() > 8) {
          throw new IllegalArgumentException("Reshape config needs 'target_shape', a list of 1 to 8 dimensions, got "
              + t);
        }
        List<Object> dims = new java.util.ArrayList<>((List<?>) t);
        int unknown = dims.indexOf(-1); // Keras allows one -1 (inferred); shape() checks the others
        if (unknown >= 0) {
          dims.set(unknown, 1);
        }
        int[] ts = shape(dims, false);
        if (unknown >= 0) {
          ts[unknown] = -1;
        }
        l = new Reshape(ts);
        break;
      }
      case "RepeatVector":
        l = new RepeatVector(dim(config, "n"));
        break;
      default:
        throw new IllegalArgumentException("Unknown layer class '" + className
            + "'. Known: " + KNOWN);
    }
    return base(l, config);
  }

  private static <L extends KernelLayer<L>> L kernelConfig(L l, Map<String, ?> config) {
    return l.activation(activation(config, "activation")).useBias(bool(config, "use_bias", true))
        .kernelInitializer(initializer(config.get("kernel_initializer"), "glorot_uniform"))
        .biasInitializer(initializer(config.get("bias_initializer"), "zeros"))
        .kernelRegularizer(regularizer(config.get("kernel_regularizer")))
        .biasRegularizer(regularizer(config.get("bias_regularizer")));
  }

  /** The classes {@link #fromConfig} knows, so also the ones a model can be saved with. */
  private static final List<String> KNOWN = List.of("Dense", "LSTM", "GRU", "SimpleRNN", "Dropout", "Activation",
      "ReLU", "LeakyReLU", "ELU", "ThresholdedReLU", "Softmax", "PReLU", "Conv1D", "MaxPooling1D", "AveragePooling1D",
      "GlobalAveragePooling1D", "GlobalMaxPooling1D", "Flatten", "Reshape", "RepeatVector", "Masking",
      "BatchNormalization", "LayerNormalization", "TimeDistributed", "Bidirectional");

  /** A wrapper's inner layer from its {@code {class_name, config}} entry. */
  @SuppressWarnings("unchecked")
  private static Layer<?> nested(Map<String, ?> c, String key) {
    Object o = c.get(key);
    if (!(o instanceof Map) || !(((Map<?, ?>) o).get("class_name") instanceof String)) {
      throw new IllegalArgumentException("Layer config needs '" + key + "' as {class_name, config}, got " + o);
    }
    Map<String, ?> m = (Map<String, ?>) o;
    Map<String, Object> cfg = m.get("config") instanceof Map ? new LinkedHashMap<>((Map<String, ?>) m.get("config"))
        : new LinkedHashMap<>();
    // Keras ignores an input shape on the wrapped layer (tf.keras saves one for Bidirectional(LSTM(...,
    // input_shape=...))): the wrapper's input decides
    cfg.remove("batch_input_shape");
    cfg.remove("batch_shape");
    cfg.remove("input_shape");
    return fromConfig((String) m.get("class_name"), cfg);
  }

  private static Recurrent<?> recurrentLayer(Map<String, ?> c, String key) {
    Layer<?> l = nested(c, key);
    if (!(l instanceof Recurrent)) {
      throw new IllegalArgumentException("Bidirectional wraps LSTM, GRU or SimpleRNN; '" + key + "' is a "
          + l.className());
    }
    return (Recurrent<?>) l;
  }

  /** An {@code axis} given as {@code -1}, {@code 2} or {@code [2]} (tf.keras saves lists); -1 if absent. */
  private static int axis(Map<String, ?> c, String layer) {
    Object axis = c.get("axis");
    if (axis instanceof List && ((List<?>) axis).size() == 1) {
      axis = ((List<?>) axis).get(0);
    }
    if (axis == null) {
      return -1;
    }
    if (!(axis instanceof Number) || ((Number) axis).doubleValue() != ((Number) axis).intValue()) {
      throw new IllegalArgumentException(layer + " axis must be an integer (the last axis), got " + axis);
    }
    return ((Number) axis).intValue();
  }

  private static <T extends AffineNormalization<T>> T normalization(T n, Map<String, ?> c) {
    n.axis(axis(c, n.className()));
    n.epsilon(number(c, "epsilon", 1e-3));
    n.center(bool(c, "center", true));
    n.scale(bool(c, "scale", true));
    n.betaInitializer(initializer(c.get("beta_initializer"), "zeros"));
    n.gammaInitializer(initializer(c.get("gamma_initializer"), "ones"));
    n.betaRegularizer(regularizer(c.get("beta_regularizer")));
    n.gammaRegularizer(regularizer(c.get("gamma_regularizer")));
    return n;
  }

  private static <T extends Pooling1D<T>> T pooling(T p, Map<String, ?> c) {
    channelsLast(c);
    if (c.get("strides") != null) {
      p.strides(dimOrTuple(c, "strides", p.poolSize()));
    }
    p.padding(c.get("padding") == null ? "valid" : String.valueOf(c.get("padding")));
    return p;
  }

  /** Only Keras's default layout is implemented: (samples, timesteps, features). */
  private static void channelsLast(Map<String, ?> c) {
    Object f = c.get("data_format");
    if (f != null && !"channels_last".equals(f)) {
      throw new IllegalArgumentException("data_format=\"" + f + "\" is not supported: only \"channels_last\", "
          + "i.e. input (samples, timesteps, features). Transpose channels_first data to that layout.");
    }
  }

  /** A positive integer given as {@code 3} or as Keras 3 stores it, {@code [3]}; {@code dflt} < 0: required. */
  private static int dimOrTuple(Map<String, ?> c, String key, int dflt) {
    Object v = c.get(key);
    if (v == null && dflt > 0) {
      return dflt;
    }
    if (v instanceof List && ((List<?>) v).size() == 1) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put(key, ((List<?>) v).get(0));
      return dim(one, key);
    }
    return dim(c, key);
  }

  private static <T extends Recurrent<T>> T recurrent(T r, Map<String, ?> c) {
    r.activation(activation(c, "activation"));
    r.useBias(bool(c, "use_bias", true));
    r.kernelInitializer(initializer(c.get("kernel_initializer"), "glorot_uniform"));
    r.recurrentInitializer(initializer(c.get("recurrent_initializer"), "orthogonal"));
    r.biasInitializer(initializer(c.get("bias_initializer"), "zeros"));
    r.kernelRegularizer(regularizer(c.get("kernel_regularizer")));
    r.recurrentRegularizer(regularizer(c.get("recurrent_regularizer")));
    r.biasRegularizer(regularizer(c.get("bias_regularizer")));
    r.dropout(number(c, "dropout", 0.0));
    r.recurrentDropout(number(c, "recurrent_dropout", 0.0));
    if (c.get("seed") instanceof Number) {
      r.seed(((Number) c.get("seed")).longValue());
    }
    r.returnSequences(bool(c, "return_sequences", false));
    r.returnState(bool(c, "return_state", false));
    r.goBackwards(bool(c, "go_backwards", false));
    r.stateful(bool(c, "stateful", false));
    return r;
  }

  private static Layer<?> base(Layer<?> l, Map<String, ?> c) {
    if (c.get("name") instanceof String) {
      l.name((String) c.get("name"));
    }
    l.trainable(bool(c, "trainable", true));
    Object batch = c.containsKey("batch_input_shape") ? c.get("batch_input_shape") : c.get("batch_shape");
    if (batch != null) {
      int[] s = shape(batch, true);
      int[] sample = java.util.Arrays.copyOfRange(s, 1, s.length);
      l.inputShape(sample);
      if (s[0] > 0) {
        l.batchSize(s[0]);
      }
    } else if (c.get("input_shape") != null) {
      l.inputShape(shape(c.get("input_shape"), false));
    }
    return l;
  }

  /** A shape from a JSON list; a leading null (Keras's unknown batch) becomes -1 when allowed. */
  public static int[] shape(Object o, boolean batchFirst) {
    if (!(o instanceof List) || ((List<?>) o).size() > 8) {
      throw new IllegalArgumentException("A shape must be a list of at most 8 dimensions, got " + o);
    }
    List<?> list = (List<?>) o;
    int[] s = new int[list.size()];
    for (int i = 0; i < s.length; i++) {
      Object d = list.get(i);
      if (d == null && batchFirst && i == 0) {
        s[i] = -1;
      } else if (d instanceof Number && ((Number) d).longValue() > 0 && ((Number) d).longValue() <= MAX_DIM) {
        s[i] = ((Number) d).intValue();
      } else {
        throw new IllegalArgumentException("Invalid dimension " + d + " in shape " + o + " (dimensions must be "
            + "positive integers up to " + MAX_DIM + ")");
      }
    }
    return s;
  }

  private static int dim(Map<String, ?> c, String key) {
    Object v = c.get(key);
    if (!(v instanceof Number) || ((Number) v).doubleValue() != ((Number) v).longValue()
        || ((Number) v).longValue() <= 0 || ((Number) v).longValue() > MAX_DIM) {
      throw new IllegalArgumentException("Layer config needs a positive integer '" + key + "' up to " + MAX_DIM
          + ", got " + v);
    }
    return ((Number) v).intValue();
  }

  private static double number(Map<String, ?> c, String key, double dflt) {
    Object v = c.get(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number)) {
      throw new IllegalArgumentException("Layer config needs a number for '" + key + "', got " + v);
    }
    return ((Number) v).doubleValue();
  }

  private static boolean bool(Map<String, ?> c, String key, boolean dflt) {
    Object v = c.get(key);
    return v instanceof Boolean ? (Boolean) v : dflt;
  }

  private static ActivationFunction activation(Map<String, ?> c, String key) {
    Object v = c.get(key);
    if (v != null && !(v instanceof String)) {
      throw new IllegalArgumentException("Activation '" + key + "' must be a name, got " + v);
    }
    return Activations.get((String) v);
  }

  // ---- nested objects ------------------------------------------------------------------------------

  /** {@code {class_name, config}} of an initializer or regularizer, or null. */
  public static Map<String, Object> serialize(Object o) {
    if (o == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    if (o instanceof Initializer) {
      m.put("class_name", ((Initializer) o).className());
      m.put("config", new LinkedHashMap<>(((Initializer) o).getConfig()));
    } else if (o instanceof Regularizer) {
      m.put("class_name", ((Regularizer) o).className());
      m.put("config", new LinkedHashMap<>(((Regularizer) o).getConfig()));
    } else {
      throw new IllegalArgumentException("Cannot serialize " + o);
    }
    return m;
  }

  /**
   * The initializer named by a config entry (a name or {@code {class_name, config}}). Only the class is
   * used: a loaded model's weights replace whatever the initializer would draw.
   */
  static Initializer initializer(Object o, String dflt) {
    if (o == null) {
      return Initializers.get(dflt);
    }
    if (o instanceof String) {
      return Initializers.get((String) o);
    }
    if (o instanceof Map && ((Map<?, ?>) o).get("class_name") instanceof String) {
      return Initializers.get((String) ((Map<?, ?>) o).get("class_name"));
    }
    throw new IllegalArgumentException("Invalid initializer config " + o);
  }

  static Regularizer regularizer(Object o) {
    if (o == null) {
      return null;
    }
    if (!(o instanceof Map) || !(((Map<?, ?>) o).get("class_name") instanceof String)) {
      throw new IllegalArgumentException("Invalid regularizer config " + o + ": expected {class_name, config}");
    }
    String cls = (String) ((Map<?, ?>) o).get("class_name");
    Object cfg = ((Map<?, ?>) o).get("config");
    Map<?, ?> c = cfg instanceof Map ? (Map<?, ?>) cfg : Map.of();
    double l1 = c.get("l1") instanceof Number ? ((Number) c.get("l1")).doubleValue() : 0.0;
    double l2 = c.get("l2") instanceof Number ? ((Number) c.get("l2")).doubleValue() : 0.0;
    switch (cls) {
      case "L1":
        return new L1(l1);
      case "L2":
        return new L2(l2);
      case "L1L2":
        return new L1L2(l1, l2);
      default:
        throw new IllegalArgumentException("Unknown regularizer class '" + cls + "'. Known: [L1, L2, L1L2]");
    }
  }

  /** An upper bound on the parameters {@code l} will create for {@code inputShape}, before building it. */
  public static long paramEstimate(Layer<?> l, int[] inputShape) {
    long in = inputShape.length == 0 ? 1 : inputShape[inputShape.length - 1];
    if (l instanceof Dense) {
      long u = ((Dense) l).units();
      return in * u + u;
    }
    if (l instanceof Conv1D) { // in double, saturating: a hostile kernel_size * features * filters overflows a long
      double f = ((Conv1D) l).filters();
      double channels = ((Conv1D) l).channelsFirst() && inputShape.length == 2 ? inputShape[0] : in;
      return (long) Math.min(Long.MAX_VALUE / 64.0, ((Conv1D) l).kernelSize() * channels * f + f);
    }
    if (l instanceof PReLU) { // at most one alpha per sample element
      double n = 1;
      for (int d : inputShape) {
        n *= d;
      }
      return (long) Math.min(Long.MAX_VALUE / 64.0, n);
    }
    if (l instanceof Recurrent) {
      Recurrent<?> r = (Recurrent<?>) l;
      return (long) r.gates * r.units * (in + r.units + 2);
    }
    if (l instanceof AffineNormalization) {
      return 4 * in;
    }
    if (l instanceof Bidirectional) {
      Bidirectional b = (Bidirectional) l;
      return paramEstimate(b.forwardLayer(), inputShape) + paramEstimate(b.backwardLayer(), inputShape);
    }
    if (l instanceof TimeDistributed && inputShape.length > 1) {
      return paramEstimate(((TimeDistributed) l).layer(),
          java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length));
    }
    return 0;
  }

  /**
   * Throws with a clear message unless {@code l} round-trips through {@link #fromConfig}: a known class
   * whose activations are the named Keras ones.
   */
  public static void checkSaveable(Layer<?> l) {
    fromConfigName(l.className());
    if (l instanceof Dense) {
      activationName(((Dense) l).activation(), l.name());
    } else if (l instanceof Conv1D) {
      activationName(((Conv1D) l).activation(), l.name());
    } else if (l instanceof Recurrent) {
      activationName(((Recurrent<?>) l).activation, l.name());
      activationName(((Recurrent<?>) l).recurrentActivation, l.name());
    } else if (l instanceof Activation) {
      activationName(((Activation) l).function(), l.name());
    } else if (l instanceof TimeDistributed) {
      checkSaveable(((TimeDistributed) l).layer());
    } else if (l instanceof Bidirectional) {
      checkSaveable(((Bidirectional) l).forwardLayer());
      checkSaveable(((Bidirectional) l).backwardLayer());
    }
  }

  private static void fromConfigName(String className) {
    if (!KNOWN.contains(className)) {
      throw new IllegalArgumentException("Layer class '" + className + "' cannot be saved yet. Known: " + KNOWN);
    }
  }

  /** Checks that an activation survives saving by name (parametrised ones would silently change). */
  static String activationName(ActivationFunction f, String layer) {
    String n = f.name();
    ActivationFunction back;
    try {
      back = Activations.get(n);
    } catch (IllegalArgumentException e) {
      back = null;
    }
    if (back != f) {
      throw new IllegalArgumentException("Layer \"" + layer + "\" uses activation " + f + " which cannot be "
          + "saved by name (only the named Keras activations can, e.g. \"relu\", \"tanh\"; parametrised ones such "
          + "as Activations.leakyRelu(0.2) are not supported by save() yet).");
    }
    return n;
  }
}
