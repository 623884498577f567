package io.tidecast.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Test fixtures: Keras model files written with jHDF's pure-Java HDF5 writer in the layouts Keras itself
 * writes (no Python here), holding the weights of a TensorFlow.js fixture, so the same expected predictions
 * apply.
 *
 * <ul>
 *   <li>{@code .h5} as tf.keras 2.x {@code model.save("m.h5")}: root attributes {@code backend},
 *       {@code keras_version}, {@code model_config} (an InputLayer first, then the layers with
 *       {@code batch_input_shape} on the first); {@code model_weights} with {@code layer_names}; per layer a
 *       group with {@code weight_names} such as {@code lstm/lstm_cell/kernel:0}, the datasets at those paths
 *       below it.</li>
 *   <li>{@code .keras} as Keras 3 {@code model.save("m.keras")}: zip of {@code metadata.json},
 *       {@code config.json} ({@code module}/{@code class_name}/{@code config}/{@code registered_name}
 *       objects, DTypePolicy dtypes, {@code build_config}s) and {@code model.weights.h5} with
 *       {@code layers/<snake_case class>[_n]/vars/<i>} and {@code .../cell/vars/<i>} for recurrent layers.</li>
 * </ul>
 */
final class KerasFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KerasFiles() {
  }

  /** Writes {@code <name>.h5} and {@code <name>.keras} for every TF.js fixture into {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    for (String name : new String[] {"mlp", "lstm_dense", "gru", "simple_rnn", "stacked_lstm", "conv1d"}) {
      Path json = Path.of("src/test/resources/import", name, "model.json");
      writeH5(json, out.resolve(name + ".h5"));
      writeKeras(json, out.resolve(name + ".keras"));
    }
  }

  /** One layer of a TF.js fixture: class, config and weight arrays (shape + float32 values). */
  record Layer(String className, Map<String, Object> config, List<int[]> shapes, List<float[]> values) {
  }

  @SuppressWarnings("unchecked")
  static List<Layer> readTfjs(Path modelJson) throws IOException {
    Map<String, Object> root = JSON.readValue(modelJson.toFile(), Map.class);
    Map<String, Object> topo = (Map<String, Object>) root.get("modelTopology");
    List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) topo.get("config"))
        .get("layers");
    List<Map<String, Object>> manifest = (List<Map<String, Object>>) root.get("weightsManifest");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<Map<String, Object>> specs = new ArrayList<>();
    for (Map<String, Object> g : manifest) {
      for (Object p : (List<Object>) g.get("paths")) {
        all.write(Files.readAllBytes(modelJson.resolveSibling((String) p)));
      }
      specs.addAll((List<Map<String, Object>>) g.get("weights"));
    }
    ByteBuffer buf = ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    List<Layer> out = new ArrayList<>();
    int w = 0;
    for (Map<String, Object> l : layers) {
      String cls = (String) l.get("class_name");
      int n = switch (cls) {
        case "Dense", "Conv1D" -> 2;
        case "SimpleRNN", "GRU", "LSTM" -> 3;
        default -> 0;
      };
      List<int[]> shapes = new ArrayList<>();
      List<float[]> values = new ArrayList<>();
      for (int k = 0; k < n; k++, w++) {
        int[] shape = ((List<Integer>) specs.get(w).get("shape")).stream().mapToInt(Integer::intValue).toArray();
        float[] v = new float[java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
          v[i] = buf.getFloat();
        }
        shapes.add(shape);
        values.add(v);
      }
      out.add(new Layer(cls, new LinkedHashMap<>((Map<String, Object>) l.get("config")), shapes, values));
    }
    return out;
  }

  /** Keras-style names: {@code dense, dense_1, lstm, ...}. */
  private static List<String> kerasNames(List<Layer> layers) {
    Map<String, Integer> used = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (Layer l : layers) {
      String stem = KerasImport.snakeCase(l.className());
      int n = used.merge(stem, 1, Integer::sum) - 1;
      names.add(n == 0 ? stem : stem + "_" + n);
    }
    return names;
  }

  private static boolean recurrent(Layer l) {
    return l.className().equals("LSTM") || l.className().equals("GRU") || l.className().equals("SimpleRNN");
  }

  private static final String[] RNN_WEIGHTS = {"kernel", "recurrent_kernel", "bias"};
  private static final String[] DENSE_WEIGHTS = {"kernel", "bias"};

  // ---- Keras 2 .h5 ---------------------------------------------------------------------------------

  static void writeH5(Path tfjsModelJson, Path out) throws IOException {
    List<Layer> layers = readTfjs(tfjsModelJson);
    List<String> names = kerasNames(layers);
    List<Object> cfgLayers = new ArrayList<>();
    Object batchShape = layers.get(0).config().get("batch_input_shape");
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("batch_input_shape", batchShape);
    input.put("dtype", "float32");
    input.put("sparse", false);
    input.put("ragged", false);
    input.put("name", names.get(0) + "_input");
    cfgLayers.add(Map.of("class_name", "InputLayer", "config", input));
    for (int i = 0; i < layers.size(); i++) {
      Map<String, Object> c = keras2Config(layers.get(i), names.get(i));
      cfgLayers.add(Map.of("class_name", layers.get(i).className(), "config", c));
    }
    Map<String, Object> mc = new LinkedHashMap<>();
    mc.put("class_name", "Sequential");
    mc.put("config", Map.of("name", "sequential", "layers", cfgLayers));
    mc.put("keras_version", "2.15.0");
    mc.put("backend", "tensorflow");

    try (WritableHdfFile f = HdfFile.write(out)) {
      f.putAttribute("backend", "tensorflow");
      f.putAttribute("keras_version", "2.15.0");
      f.putAttribute("model_config", JSON.writeValueAsString(mc));
      WritableGroup mw = f.putGroup("model_weights");
      mw.putAttribute("backend", "tensorflow");
      mw.putAttribute("keras_version", "2.15.0");
      mw.putAttribute("layer_names", names.toArray(new String[0]));
      Map<String, Integer> cells = new HashMap<>();
      // Keras writes the layer groups sorted by name
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        order.add(i);
      }
      order.sort((a, b) -> names.get(a).compareTo(names.get(b)));
      for (int i : order) {
        Layer l = layers.get(i);
        WritableGroup g = mw.putGroup(names.get(i));
        List<String> weightNames = new ArrayList<>();
        String prefix = names.get(i) + "/";
        if (recurrent(l)) { // TF 2 keeps RNN weights in a cell
          String cell = KerasImport.snakeCase(l.className()) + "_cell";
          int n = cells.merge(cell, 1, Integer::sum) - 1;
          prefix += (n == 0 ? cell : cell + "_" + n) + "/";
        }
        String[] roles = recurrent(l) ? RNN_WEIGHTS : DENSE_WEIGHTS;
        for (int k = 0; k < l.shapes().size(); k++) {
          String wn = prefix + roles[k] + ":0";
          weightNames.add(wn);
          WritableGroup parent = g;
          String[] parts = wn.split("/");
          for (int p = 0; p < parts.length - 1; p++) {
            Node child = parent.getChild(parts[p]);
            parent = child instanceof WritableGroup ? (WritableGroup) child : parent.putGroup(parts[p]);
          }
          parent.putDataset(parts[parts.length - 1], array(l.shapes().get(k), l.values().get(k)));
        }
        if (!weightNames.isEmpty()) {
          g.putAttribute("weight_names", weightNames.toArray(new String[0]));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> keras2Config(Layer l, String name) {
    Map<String, Object> c = new LinkedHashMap<>(l.config());
    c.put("name", name);
    for (String k : List.of("kernel_initializer", "recurrent_initializer", "bias_initializer")) {
      if (c.containsKey(k)) {
        c.put(k, kerasInitializer(k, false));
      }
    }
    Object reg = c.get("kernel_regularizer");
    if (reg instanceof Map) {
      Map<String, Object> rc = (Map<String, Object>) ((Map<String, Object>) reg).get("config");
      c.put("kernel_regularizer", Map.of("class_name", "L2", "config", Map.of("l2", rc.get("l2"))));
    }
    if (c.containsKey("implementation")) {
      c.put("implementation", 2);
      c.put("time_major", false);
    }
    return c;
  }

  private static Map<String, Object> kerasInitializer(String role, boolean keras3) {
    Map<String, Object> cfg = new LinkedHashMap<>();
    String cls;
    if (role.startsWith("kernel")) {
      cls = "GlorotUniform";
      cfg.put("seed", null);
    } else if (role.startsWith("recurrent")) {
      cls = "Orthogonal";
      cfg.put("gain", 1.0);
      cfg.put("seed", null);
    } else {
      cls = "Zeros";
    }
    Map<String, Object> m = new LinkedHashMap<>();
    if (keras3) {
      m.put("module", "keras.initializers");
    }
    m.put("class_name", cls);
    m.put("config", cfg);
    if (keras3) {
      m.put("registered_name", null);
    }
    return m;
  }

  // ---- Keras 3 .keras ------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  static void writeKeras(Path tfjsModelJson, Path out) throws IOException {
    List<Layer> layers = readTfjs(tfjsModelJson);
    List<String> names = kerasNames(layers);
    List<Object> batchShape = (List<Object>) layers.get(0).config().get("batch_input_shape");
    List<Object> cfgLayers = new ArrayList<>();
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("batch_shape", batchShape);
    input.put("dtype", "float32");
    input.put("sparse", false);
    input.put("name", "input_layer");
    cfgLayers.add(keras3Object("keras.layers", "InputLayer", input, null));
    List<Object> shape = batchShape;
    for (int i = 0; i < layers.size(); i++) {
      Map<String, Object> c = keras2Config(layers.get(i), names.get(i));
      c.remove("batch_input_shape");
      c.remove("implementation");
      c.remove("time_major");
      c.put("dtype", dtypePolicy());
      for (String k : List.of("kernel_initializer", "recurrent_initializer", "bias_initializer")) {
        if (c.containsKey(k)) {
          c.put(k, kerasInitializer(k, true));
        }
      }
      if (c.get("kernel_regularizer") instanceof Map) {
        Map<String, Object> r = new LinkedHashMap<>((Map<String, Object>) c.get("kernel_regularizer"));
        c.put("kernel_regularizer", keras3Object("keras.regularizers", "L2", r.get("config"), null));
      }
      if (layers.get(i).className().equals("Dropout") || c.containsKey("recurrent_dropout")) {
        c.put("seed", null);
      }
      cfgLayers.add(keras3Object("keras.layers", layers.get(i).className(), c, Map.of("input_shape", shape)));
      shape = outputShape(layers.get(i), shape);
    }
    Map<String, Object> sc = new LinkedHashMap<>();
    sc.put("name", "sequential");
    sc.put("trainable", true);
    sc.put("dtype", dtypePolicy());
    sc.put("layers", cfgLayers);
    sc.put("build_input_shape", batchShape);
    Map<String, Object> root = keras3Object("keras", "Sequential", sc, Map.of("input_shape", batchShape));

    Path h5 = Files.createTempFile(out.getParent(), "weights", ".h5");
    try (WritableHdfFile f = HdfFile.write(h5)) {
      WritableGroup ls = f.putGroup("layers");
      for (int i = 0; i < layers.size(); i++) {
        Layer l = layers.get(i);
        WritableGroup g = ls.putGroup(names.get(i));
        WritableGroup own = g.putGroup("vars");
        WritableGroup vars = own;
        if (recurrent(l)) {
          vars = g.putGroup("cell").putGroup("vars");
        }
        for (int k = 0; k < l.shapes().size(); k++) {
          vars.putDataset(Integer.toString(k), array(l.shapes().get(k), l.values().get(k)));
        }
      }
      // Keras also writes an empty root group "vars" (the Sequential's own variables); jHDF 0.13.0 writes a
      // corrupt file when an empty group sits at the root beside another, so it is left out (readers ignore it)
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      put(zip, "metadata.json", JSON.writeValueAsBytes(Map.of("keras_version", "3.6.0",
          "date_saved", "2026-11-22@08:00:00")));
      put(zip, "config.json", JSON.writeValueAsBytes(root));
      put(zip, KerasH5.WEIGHTS, Files.readAllBytes(h5));
    } finally {
      Files.delete(h5);
    }
  }

  private static Map<String, Object> keras3Object(String module, String cls, Object config, Object build) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("module", module);
    m.put("class_name", cls);
    m.put("config", config);
    m.put("registered_name", null);
    if (build != null) {
      m.put("build_config", build);
    }
    return m;
  }

  private static Map<String, Object> dtypePolicy() {
    return keras3Object("keras", "DTypePolicy", Map.of("name", "float32"), null);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> outputShape(Layer l, List<Object> in) {
    List<Object> s = new ArrayList<>(in);
    switch (l.className()) { // 'valid' padding, as in these fixtures
      case "Conv1D":
        s.set(1, (Integer) s.get(1) - ((List<Integer>) l.config().get("kernel_size")).get(0) + 1);
        s.set(2, l.config().get("filters"));
        return s;
      case "MaxPooling1D":
        s.set(1, (Integer) s.get(1) / ((List<Integer>) l.config().get("pool_size")).get(0));
        return s;
      case "Flatten":
        return new ArrayList<>(java.util.Arrays.asList(s.get(0), (Integer) s.get(1) * (Integer) s.get(2)));
      default:
        break;
    }
    Object units = l.config().get("units");
    if (units == null) {
      return s;
    }
    if (Boolean.TRUE.equals(l.config().get("return_sequences")) || l.className().equals("Dense")) {
      s.set(s.size() - 1, units);
      return s;
    }
    List<Object> r = new ArrayList<>();
    r.add(s.get(0));
    r.add(units);
    return r;
  }

  private static void put(ZipOutputStream zip, String name, byte[] b) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(b);
    zip.closeEntry();
  }

  /** A Java array in the weight's shape, as jHDF writes datasets. */
  static Object array(int[] shape, float[] v) {
    if (shape.length == 1) {
      return v.clone();
    }
    if (shape.length == 2) {
      float[][] a = new float[shape[0]][shape[1]];
      for (int i = 0; i < shape[0]; i++) {
        System.arraycopy(v, i * shape[1], a[i], 0, shape[1]);
      }
      return a;
    }
    if (shape.length == 3) {
      float[][][] a = new float[shape[0]][shape[1]][shape[2]];
      for (int i = 0; i < shape[0]; i++) {
        for (int j = 0; j < shape[1]; j++) {
          System.arraycopy(v, (i * shape[1] + j) * shape[2], a[i][j], 0, shape[2]);
        }
      }
      return a;
    }
    throw new IllegalArgumentException("only 1-D to 3-D weights in these fixtures");
  }
}
