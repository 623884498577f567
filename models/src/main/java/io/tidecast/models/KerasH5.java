package io.tidecast.models;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.tidecast.models.layers.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keras model files, read with jHDF (pure-Java HDF5):
 *
 * <ul>
 *   <li>{@code .h5} ({@code model.save("m.h5")}, Keras 2 and Keras 3's legacy format): root attributes
 *       {@code model_config} (JSON), {@code keras_version}, {@code backend}; group {@code model_weights}
 *       with a group per layer name whose {@code weight_names} attribute lists its datasets (e.g.
 *       {@code dense/kernel:0}) relative to it.</li>
 *   <li>{@code .keras} (Keras 3): a zip of {@code config.json}, {@code metadata.json} and
 *       {@code model.weights.h5}, where a layer's arrays are {@code layers/<snake_case class>[_n]/vars/0..}
 *       and those of sub-layers below it (e.g. an LSTM's {@code cell/vars/0..2}).</li>
 * </ul>
 *
 * <p>Attribute and dataset sizes are checked against the model before their data is read, and every jHDF
 * failure on a corrupt file becomes an {@link IOException} naming the file.
 */
final class KerasH5 {
  static final String WEIGHTS = "model.weights.h5";
  /** An attribute split into {@code name0, name1, ...} by Keras when it exceeds HDF5's 64 KiB header. */
  private static final int MAX_ATTRIBUTE_CHUNKS = 4096;

  private KerasH5() {
  }

  /** A Keras 2 / legacy {@code .h5} model file. */
  static Sequential loadH5(Path path) throws IOException {
    String src = path.toString();
    try (HdfFile h5 = new HdfFile(path)) {
      String config = string(h5, "model_config", src);
      if (config == null) {
        throw new IOException(src + " has no model_config attribute: it holds weights only (save_weights), not "
            + "a model. Save the whole model with model.save(\"model.h5\") or model.save(\"model.keras\").");
      }
      KerasImport.Dialect dialect = KerasImport.Dialect.ofVersion(string(h5, "keras_version", src),
          KerasImport.Dialect.KERAS2);
      Sequential m = KerasImport.model(json(config, src + " model_config"), dialect, src);
      Node mw = h5.getChild("model_weights");
      Group weights = mw instanceof Group ? (Group) mw : h5;
      List<List<KerasImport.Array>> perLayer = new ArrayList<>();
      for (Layer<?> l : m.layers()) {
        List<KerasImport.Array> arrays = new ArrayList<>();
        Node g = weights.getChild(l.name());
        if (g instanceof Group) {
          String[] names = strings((Group) g, "weight_names", src);
          for (String n : names == null ? new String[0] : names) {
            Node d = ((Group) g).getByPath(n);
            if (!(d instanceof Dataset)) {
              throw new IOException(src + ": layer \"" + l.name() + "\" lists weight \"" + n + "\" but "
                  + g.getPath() + n + " is not a dataset.");
            }
            arrays.add(new H5Array(n, (Dataset) d, src));
          }
        } else if (!l.weights().isEmpty()) {
          throw new IOException(src + ": no weights for layer \"" + l.name() + "\" (no group "
              + weights.getPath() + l.name() + ").");
        }
        perLayer.add(arrays);
      }
      KerasImport.setWeights(m, perLayer, src);
      return m;
    } catch (RuntimeException e) {
      throw unreadable(src, e);
    }
  }

  /** A Keras 3 {@code .keras} archive. */
  static Sequential loadKeras(Path path) throws IOException {
    String src = path.toString();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Map<String, Object> config = ModelArchive.json(read(zip, "config.json", ModelArchive.MAX_JSON_BYTES, src),
          src + "!config.json");
      Object version = null;
      if (zip.getEntry("metadata.json") != null) {
        version = ModelArchive.json(read(zip, "metadata.json", ModelArchive.MAX_JSON_BYTES, src),
            src + "!metadata.json").get("keras_version");
      }
      KerasImport.Dialect dialect = KerasImport.Dialect.ofVersion(version, KerasImport.Dialect.KERAS3);
      Sequential m = KerasImport.model(config, dialect, src);
      // the weights file holds the model's arrays and the optimizer's (up to two per weight, float64 at worst)
      // plus HDF5 headers (a few KiB per group)
      long cap = (16L << 20) + (16L << 10) * m.layers().size() + 32 * m.countParams();
      byte[] bytes = read(zip, WEIGHTS, cap, src);
      String wsrc = src + "!" + WEIGHTS;
      try (HdfFile h5 = HdfFile.fromBytes(bytes)) {
        Tree groups = tree(h5, wsrc);
        Map<String, Integer> used = new HashMap<>();
        List<List<KerasImport.Array>> perLayer = new ArrayList<>();
        for (Layer<?> l : m.layers()) {
          String key = KerasImport.snakeCase(l.className());
          int n = used.merge(key, 1, Integer::sum) - 1;
          String name = n == 0 ? key : key + "_" + n; // Keras numbers repeated classes, not layer names
          List<KerasImport.Array> arrays = new ArrayList<>();
          if (groups.groups.containsKey("layers/" + name)) {
            collect(groups, "layers/" + name, arrays, wsrc, 0);
          } else if (!l.weights().isEmpty()) {
            throw new IOException(wsrc + ": no group layers/" + name + " for layer \"" + l.name() + "\" ("
                + l.className() + ").");
          }
          perLayer.add(arrays);
        }
        KerasImport.setWeights(m, perLayer, wsrc);
        return m;
      } catch (RuntimeException e) {
        throw unreadable(wsrc, e);
      }
    }
  }

  /** More groups than any model Tidecast can build has: a bound on the walk of a hostile file. */
  private static final int MAX_GROUPS = 200_000;

  /** The groups of a weights file by path (no leading "/") and the names of each path's child groups. */
  private record Tree(Map<String, Group> groups, Map<String, List<String>> children) {
  }

  /**
   * Every group of a Keras 3 weights file by its path, with backslashes read as separators: Keras 3 saving on
   * Windows built the paths with {@code os.path.join}, so such files hold root groups named
   * {@code layers\lstm\cell} (keras-team/keras#18528).
   */
  private static Tree tree(HdfFile h5, String src) throws IOException {
    Map<String, Group> all = new HashMap<>();
    Map<String, List<String>> children = new HashMap<>();
    List<Group> todo = new ArrayList<>(List.of(h5));
    List<String> paths = new ArrayList<>(List.of(""));
    while (!todo.isEmpty()) {
      Group g = todo.remove(todo.size() - 1);
      String path = paths.remove(paths.size() - 1);
      for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
        if (e.getValue() instanceof Group) {
          if (all.size() >= MAX_GROUPS) {
            throw new IOException(src + " has more than " + MAX_GROUPS + " groups; refusing to read it.");
          }
          String p = (path.isEmpty() ? "" : path + "/") + e.getKey().replace('\\', '/');
          if (p.split("/", -1).length > 64) {
            throw new IOException(src + ": group " + p + " nests deeper than 64 levels.");
          }
          all.put(p, (Group) e.getValue());
          int cut = p.lastIndexOf('/');
          children.computeIfAbsent(cut < 0 ? "" : p.substring(0, cut), k -> new ArrayList<>())
              .add(p.substring(cut + 1));
          todo.add((Group) e.getValue());
          paths.add(p);
        }
      }
    }
    return new Tree(all, children);
  }

  /**
   * A layer group's arrays in {@code get_weights} order: its own {@code vars/0..n}, then its sub-layers'
   * (alphabetical, as Keras visits attributes, except that a Bidirectional's forward layer comes first).
   */
  private static void collect(Tree tree, String path, List<KerasImport.Array> out, String src, int depth)
      throws IOException {
    if (depth > 8) {
      throw new IOException(src + ": layer groups nest deeper than 8 levels at " + path);
    }
    Group vars = tree.groups.get(path + "/vars");
    if (vars != null) {
      int count = vars.getChildren().size();
      for (int i = 0; i < count; i++) {
        Node d = vars.getChild(Integer.toString(i));
        if (!(d instanceof Dataset)) {
          throw new IOException(src + ": " + path + "/vars has " + count + " entries but no dataset \"" + i
              + "\".");
        }
        out.add(new H5Array(path + "/vars/" + i, (Dataset) d, src));
      }
    }
    List<String> children = new ArrayList<>(tree.children.getOrDefault(path, List.of()));
    children.remove("vars");
    children.sort(Comparator.comparing((String s) -> s.equals("forward_layer") ? "" : s));
    for (String c : children) {
      collect(tree, path + "/" + c, out, src, depth + 1);
    }
  }

  /** A dataset whose shape is known up front and whose values are read only on demand. */
  private record H5Array(String name, Dataset d, String src) implements KerasImport.Array {
    @Override
    public int[] shape() {
      return d.getDimensions();
    }

    @Override
    public double[] read() throws IOException {
      Object flat;
      try {
        flat = d.getDataFlat();
      } catch (RuntimeException e) {
        throw unreadable(src + " dataset " + d.getPath(), e);
      }
      if (flat instanceof float[]) {
        float[] f = (float[]) flat;
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
          v[i] = f[i];
        }
        return v;
      }
      if (flat instanceof double[]) {
        return (double[]) flat;
      }
      throw new IOException(src + ": dataset " + d.getPath() + " holds " + d.getJavaType() + " values; only "
          + "float32 and float64 weights are supported.");
    }
  }

  // ---- attributes, JSON, zip entries -------------------------------------------------------------

  /** A string attribute (Keras writes them as bytes), or null if absent. */
  private static String string(Node n, String name, String src) throws IOException {
    Attribute a = n.getAttribute(name);
    if (a == null) {
      return null;
    }
    Object v = data(a, src);
    if (v instanceof String[] && ((String[]) v).length == 1) {
      v = ((String[]) v)[0];
    }
    if (!(v instanceof String)) {
      throw new IOException(src + ": attribute " + name + " of " + n.getPath() + " is not a string.");
    }
    return (String) v;
  }

  /** A string-list attribute, joined from its {@code name0, name1, ...} chunks if Keras split it. */
  private static String[] strings(Node n, String name, String src) throws IOException {
    Attribute a = n.getAttribute(name);
    if (a != null) {
      return stringArray(a, src);
    }
    List<String> all = new ArrayList<>();
    for (int i = 0; i < MAX_ATTRIBUTE_CHUNKS && n.getAttribute(name + i) != null; i++) {
      all.addAll(Arrays.asList(stringArray(n.getAttribute(name + i), src)));
    }
    return all.isEmpty() ? null : all.toArray(new String[0]);
  }

  private static String[] stringArray(Attribute a, String src) throws IOException {
    Object v = data(a, src);
    if (v instanceof String) {
      return new String[] {(String) v};
    }
    if (v instanceof String[]) {
      return (String[]) v;
    }
    if (v == null || v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 0) {
      return new String[0]; // Keras writes an empty list as an empty float64 array (np.asarray([]))
    }
    throw new IOException(src + ": attribute " + a.getName() + " is not a list of strings (" + a.getJavaType()
        + " " + java.util.Arrays.toString(a.getDimensions()) + ").");
  }

  private static Object data(Attribute a, String src) throws IOException {
    if (a.getSizeInBytes() > ModelArchive.MAX_JSON_BYTES) {
      throw new IOException(src + ": attribute " + a.getName() + " has " + a.getSizeInBytes() + " bytes (more than "
          + ModelArchive.MAX_JSON_BYTES + "); refusing to read it.");
    }
    return a.getData();
  }

  private static Map<String, Object> json(String s, String what) throws IOException {
    return ModelArchive.json(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), what);
  }

  private static byte[] read(ZipFile zip, String name, long cap, String src) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new IOException(src + " has no " + name + ": it is not a Keras 3 .keras archive.");
    }
    try (InputStream in = zip.getInputStream(e)) {
      return ModelArchive.readAtMost(in, cap, src + ": " + name);
    }
  }

  private static IOException unreadable(String src, RuntimeException e) {
    return new IOException(src + " is not a readable Keras HDF5 file: " + e, e);
  }
}
