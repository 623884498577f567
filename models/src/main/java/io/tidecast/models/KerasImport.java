package io.tidecast.models;

import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.Layers;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.Weight;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the three foreign formats ({@link TfjsModel}, {@link KerasH5}) share: turning a Keras
 * {@code Sequential} config (or a chain-shaped Functional one, see {@link FunctionalChain}) as Keras 2,
 * tf.keras, Keras 3 or TensorFlow.js writes it into a Tidecast model (through
 * {@link io.tidecast.models.layers.Layers#fromConfig}, so every layer class Tidecast knows is importable),
 * and filling its weights in Keras order after checking every shape.
 */
final class KerasImport {
  /** Who wrote the config: decides what {@code hard_sigmoid} and a missing {@code reset_after} mean. */
  enum Dialect {
    TFJS, KERAS1, KERAS2, KERAS3;

    static Dialect ofVersion(Object kerasVersion, Dialect dflt) {
      if (!(kerasVersion instanceof String)) {
        return dflt;
      }
      String v = (String) kerasVersion;
      if (v.startsWith("tfjs")) {
        return TFJS;
      }
      if (v.startsWith("1.")) {
        return KERAS1;
      }
      if (v.startsWith("2.")) {
        return KERAS2;
      }
      return v.startsWith("3.") ? KERAS3 : dflt;
    }
  }

  static final int MAX_LAYERS = 10_000;

  /** One array in a foreign file: its name and shape are read first, its values only once they fit. */
  interface Array {
    String name();

    int[] shape();

    double[] read() throws IOException;
  }

  private KerasImport() {
  }

  /**
   * The built model a Keras {@code Sequential} config describes (its input shape from an InputLayer, the first
   * layer's {@code batch_input_shape} or the {@code build_config}). {@code source} names the file in errors.
   */
  @SuppressWarnings("unchecked")
  static Sequential model(Map<String, Object> root, Dialect dialect, String source) throws IOException {
    if (dialect == Dialect.KERAS1 || Dialect.ofVersion(root.get("keras_version"), dialect) == Dialect.KERAS1) {
      throw keras1(source, "it was saved by Keras " + root.getOrDefault("keras_version", "1.x"));
    }
    Object cls = root.get("class_name");
    if ("Model".equals(cls) || "Functional".equals(cls)) {
      root = FunctionalChain.asSequential(root, source);
    } else if (!"Sequential".equals(cls)) {
      throw new IOException(source + ": only Sequential models (and Functional models that are a single chain of "
          + "layers) can be imported, this is a " + cls + " model. Rebuild it as a Sequential (a linear stack of "
          + "layers) before saving.");
    }
    Object cfg = root.get("config");
    Map<String, Object> c = cfg instanceof Map ? (Map<String, Object>) cfg : new LinkedHashMap<>();
    Object ls = cfg instanceof List ? cfg : c.get("layers"); // Keras <= 2.2 stored the layer list directly
    if (!(ls instanceof List) || ((List<?>) ls).isEmpty()) {
      throw new IOException(source + ": the model config has no layers.");
    }
    if (((List<?>) ls).size() > MAX_LAYERS) {
      throw new IOException(source + ": the model config has " + ((List<?>) ls).size() + " layers (at most "
          + MAX_LAYERS + " are accepted).");
    }
    List<Object> layers = new ArrayList<>();
    Object inputShape = null;
    int index = 0;
    for (Object o : (List<Object>) ls) {
      if (!(o instanceof Map) || !(((Map<?, ?>) o).get("class_name") instanceof String)) {
        throw new IOException(source + ": layer " + index + " has no class_name.");
      }
      String className = (String) ((Map<?, ?>) o).get("class_name");
      Object lc = ((Map<?, ?>) o).get("config");
      Map<String, Object> lcfg = lc instanceof Map ? new LinkedHashMap<>((Map<String, Object>) lc)
          : new LinkedHashMap<>();
      String where = source + ": layer " + index + " \"" + lcfg.get("name") + "\" (" + className + ")";
      if ("InputLayer".equals(className)) {
        inputShape = lcfg.containsKey("batch_shape") ? lcfg.get("batch_shape") : lcfg.get("batch_input_shape");
        index++;
        continue;
      }
      if (!layers.isEmpty()) { // Keras reads the input shape of the first layer only; later ones may repeat one
        lcfg.remove("batch_input_shape");
        lcfg.remove("batch_shape");
        lcfg.remove("input_shape");
      }
      normalise(className, lcfg, dialect, where, 0);
      try {
        Layers.fromConfig(className, lcfg); // unbuilt, so cheap: says which layer a config error is in
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new IOException(where + ": " + e.getMessage(), e);
      }
      if (layers.isEmpty() && inputShape != null && !lcfg.containsKey("batch_input_shape")
          && !lcfg.containsKey("batch_shape") && !lcfg.containsKey("input_shape")) {
        lcfg.put("batch_input_shape", inputShape);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("class_name", className);
      entry.put("config", lcfg);
      layers.add(entry);
      index++;
    }
    if (layers.isEmpty()) {
      throw new IOException(source + ": the model has only an InputLayer.");
    }
    Map<String, Object> mc = new LinkedHashMap<>();
    mc.put("name", c.get("name") instanceof String ? c.get("name") : "sequential");
    mc.put("dtype", "float32");
    mc.put("layers", layers);
    Map<String, Object> tc = new LinkedHashMap<>();
    tc.put("class_name", "Sequential");
    tc.put("config", mc);
    Object bc = root.get("build_config");
    Object shape = bc instanceof Map ? ((Map<?, ?>) bc).get("input_shape") : null;
    if (shape == null) {
      shape = c.get("build_input_shape");
    }
    if (shape instanceof List) {
      tc.put("build_config", Map.of("input_shape", shape));
    }
    Sequential m;
    try {
      m = ModelArchive.fromConfig(tc, -1, source);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IOException(source + ": cannot import the model: " + e.getMessage(), e);
    }
    if (!m.built()) {
      throw new IOException(source + ": the model config gives no input shape (no InputLayer, batch_input_shape "
          + "or build_config), so its weights cannot be placed.");
    }
    return m;
  }

  /**
   * Brings a foreign layer config to the form {@code Layers.fromConfig} reads, refusing options whose
   * effect Tidecast does not implement (they would change the maths silently).
   */
  @SuppressWarnings("unchecked")
  private static void normalise(String className, Map<String, Object> c, Dialect dialect, String where, int depth)
      throws IOException {
    if (depth > 8) {
      throw new IOException(where + " nests wrapped layers deeper than 8 levels.");
    }
    keras1Keys(className, c, where);
    // the layers inside wrappers are Keras configs of the same dialect: same defaults, same refusals
    for (String k : new String[] {"layer", "backward_layer"}) {
      Object inner = c.get(k);
      if (inner instanceof Map && ((Map<?, ?>) inner).get("class_name") instanceof String
          && ((Map<?, ?>) inner).get("config") instanceof Map) {
        String innerClass = (String) ((Map<?, ?>) inner).get("class_name");
        Map<String, Object> ic = new LinkedHashMap<>((Map<String, Object>) ((Map<?, ?>) inner).get("config"));
        normalise(innerClass, ic, dialect, where + " > " + k + " \"" + ic.get("name") + "\" (" + innerClass + ")",
            depth + 1);
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) inner);
        copy.put("config", ic);
        c.put(k, copy);
      }
    }
    Object dtype = c.remove("dtype");
    if (dtype instanceof Map) { // Keras 3 DTypePolicy {class_name, config: {name}}
      Object pc = ((Map<?, ?>) dtype).get("config");
      dtype = pc instanceof Map ? ((Map<?, ?>) pc).get("name") : null;
    }
    if (dtype != null && !"float32".equals(dtype) && !"float64".equals(dtype)) {
      throw new IOException(where + " has dtype " + dtype + "; supported: float32, float64.");
    }
    for (Map.Entry<String, Object> e : c.entrySet()) {
      String k = e.getKey();
      if ((k.endsWith("_constraint") || k.equals("activity_regularizer")) && e.getValue() != null) {
        throw new IOException(where + " uses " + k + "=" + e.getValue() + ", which Tidecast does not support; "
            + "supported are models without constraints and activity regularizers (remove it and re-save).");
      }
    }
    if (c.get("noise_shape") != null) {
      throw new IOException(where + " uses noise_shape=" + c.get("noise_shape") + "; only noise_shape=None is "
          + "supported.");
    }
    if (Boolean.TRUE.equals(c.get("time_major"))) {
      throw new IOException(where + " uses time_major=True; supported is batch-major input (samples, timesteps, "
          + "features).");
    }
    if (dialect != Dialect.KERAS3) { // Keras 2 and TF.js: hard_sigmoid is clip(0.2x + 0.5, 0, 1)
      for (String k : new String[] {"activation", "recurrent_activation"}) {
        if ("hard_sigmoid".equals(c.get(k))) {
          c.put(k, "hard_sigmoid_keras2");
        }
      }
      if ("GRU".equals(className) && !c.containsKey("reset_after")) {
        c.put("reset_after", false); // TF.js has only this GRU; Keras < 2.3 defaulted to it
      }
    }
  }

  /** Keys that only Keras 1 layer configs have (Keras 2 renamed them: units, kernel_initializer, ...). */
  private static final List<String> KERAS1_KEYS = List.of("init", "inner_init", "inner_activation", "W_regularizer",
      "U_regularizer", "b_regularizer", "W_constraint", "b_constraint", "nb_filter", "filter_length",
      "border_mode", "subsample_length", "consume_less", "dropout_W", "dropout_U");

  /** Refuses a Keras 1 layer config by name: it would otherwise fail on a missing Keras 2 key. */
  private static void keras1Keys(String className, Map<String, Object> c, String where) throws IOException {
    for (String k : KERAS1_KEYS) {
      if (c.containsKey(k)) {
        throw keras1(where, "it uses the Keras 1 argument '" + k + "'");
      }
    }
    boolean units = List.of("Dense", "LSTM", "GRU", "SimpleRNN").contains(className);
    if (units && c.containsKey("output_dim") && !c.containsKey("units")) {
      throw keras1(where, "it gives 'output_dim' where Keras 2 says 'units'");
    }
  }

  private static IOException keras1(String where, String why) {
    return new IOException(where + " is a Keras 1.x model (" + why + "); Keras 1.x files are not supported. Load "
        + "it with Keras 2 (which converts Keras 1 configs) and save it again.");
  }

  /** Keras 3 {@code naming.to_snake_case} of a class name: the weight-file group of a layer. */
  static String snakeCase(String className) {
    String s = className.replaceAll("\\W+", "");
    s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /**
   * Sets the weights of {@code m} from {@code perLayer} (one list per model layer, in Keras
   * {@code get_weights} order). Every count and shape is checked before any value is read, and nothing is
   * changed unless all arrays were read.
   */
  static void setWeights(Sequential m, List<List<Array>> perLayer, String source) throws IOException {
    List<Layer<?>> layers = m.layers();
    for (int i = 0; i < layers.size(); i++) {
      List<Weight> want = layers.get(i).weights();
      List<Array> got = perLayer.get(i);
      if (want.size() != got.size()) {
        throw new IOException(source + ": layer \"" + layers.get(i).name() + "\" (" + layers.get(i).className()
            + ") has " + want.size() + " weights " + want + " but the file holds " + got.size() + " for it "
            + names(got) + ".");
      }
      for (int k = 0; k < want.size(); k++) {
        if (!Arrays.equals(want.get(k).shape(), got.get(k).shape())) {
          throw new IOException(source + ": weight \"" + got.get(k).name() + "\" has shape "
              + Tensor.shapeString(got.get(k).shape()) + " but layer \"" + layers.get(i).name() + "\" expects "
              + want.get(k) + ".");
        }
      }
    }
    List<INDArray> values = new ArrayList<>();
    for (List<Array> l : perLayer) {
      for (Array a : l) {
        double[] v = a.read();
        for (int k = 0; k < v.length; k++) {
          if (!Double.isFinite(v[k])) {
            throw new IOException(source + ": weight \"" + a.name() + "\" holds " + v[k] + " at flat index " + k
                + "; a model with non-finite weights cannot be imported.");
          }
        }
        long[] shape = Arrays.stream(a.shape()).asLongStream().toArray();
        values.add(Nd4j.create(v, shape, 'c'));
      }
    }
    m.setWeights(values);
  }

  /** Splits a flat list of arrays in Keras order into one list per layer of {@code m}. */
  static List<List<Array>> byLayer(Sequential m, List<Array> flat, String source) throws IOException {
    int total = m.weights().size();
    if (flat.size() != total) {
      throw new IOException(source + ": the file holds " + flat.size() + " weight arrays " + names(flat)
          + " but the model has " + total + " " + m.weights() + ".");
    }
    List<List<Array>> r = new ArrayList<>();
    int at = 0;
    for (Layer<?> l : m.layers()) {
      r.add(flat.subList(at, at + l.weights().size()));
      at += l.weights().size();
    }
    return r;
  }

  private static List<String> names(List<Array> as) {
    List<String> n = new ArrayList<>();
    for (Array a : as) {
      n.add(a.name() + Tensor.shapeString(a.shape()));
    }
    return n;
  }

  /** Elements of {@code shape}, or -1 if a dimension is negative or the product overflows. */
  static long elements(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        return -1;
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        return -1;
      }
    }
    return n;
  }
}
