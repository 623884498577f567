package io.tidecast.models;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.Layers;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.Optimizer;
import io.tidecast.models.optimizers.Optimizers;
import io.tidecast.models.optimizers.schedules.LearningRateSchedule;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Saving and loading a {@link Sequential} in a Keras-like archive: a zip (or a directory) holding
 * {@code config.json} (Keras {@code class_name}/{@code config} per layer, build and compile config),
 * {@code model.weights.bin} and {@code optimizer.weights.bin} ({@link WeightFile} format, the optimizer's
 * with its iterations and scalars first), so that training resumes exactly where it stopped.
 */
final class ModelArchive {
  static final String CONFIG = "config.json";
  static final String METADATA = "metadata.json";
  static final String WEIGHTS = "model.weights.bin";
  static final String OPTIMIZER = "optimizer.weights.bin";
  static final int FORMAT_VERSION = 1;
  static final int MAX_JSON_BYTES = 16 << 20;
  static final int OPTIMIZER_MAGIC = 0x54434F31; // "TCO1"
  static final int MAX_SCALARS = 1024;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelArchive() {
  }

  // ---- saving --------------------------------------------------------------------------------------

  static void save(Sequential m, Path path) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("format", "tidecast");
    meta.put("format_version", FORMAT_VERSION);
    files.put(METADATA, JSON.writeValueAsBytes(meta));
    files.put(CONFIG, JSON.writeValueAsBytes(config(m)));
    files.put(WEIGHTS, bytes(out -> WeightFile.write(out, modelEntries(m, false))));
    if (m.optimizer() != null) {
      files.put(OPTIMIZER, bytes(out -> writeOptimizer(out, m)));
    }
    if (Files.isDirectory(path)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Files.write(path.resolve(f.getKey()), f.getValue());
      }
      return;
    }
    try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(path)))) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        ZipEntry e = new ZipEntry(f.getKey());
        e.setTime(0L); // the same model gives the same bytes
        zip.putNextEntry(e);
        zip.write(f.getValue());
        zip.closeEntry();
      }
    }
  }

  static void saveWeights(Sequential m, Path path) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path)))) {
      WeightFile.write(out, modelEntries(m, false));
    }
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] bytes(Writer w) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      w.write(out);
    }
    return b.toByteArray();
  }

  static Map<String, Object> config(Sequential m) {
    if (!m.built()) {
      throw new IllegalStateException("The model is not built yet, so it cannot be saved. Give the first layer an "
          + "inputShape or call build(...)/fit(...) first.");
    }
    List<Object> layers = new ArrayList<>();
    for (Layer<?> l : m.layers()) {
      Layers.checkSaveable(l);
      Map<String, Object> lc = new LinkedHashMap<>();
      lc.put("class_name", l.className());
      lc.put("config", l.getConfig());
      layers.add(lc);
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", m.name());
    c.put("dtype", m.dtype());
    c.put("seed", m.seed());
    c.put("layers", layers);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("module", "keras");
    root.put("class_name", "Sequential");
    root.put("config", c);
    List<Object> shape = new ArrayList<>();
    shape.add(null);
    for (int d : m.inputShape()) {
      shape.add(d);
    }
    root.put("build_config", Map.of("input_shape", shape));
    if (m.optimizer() != null) {
      Map<String, Object> cc = new LinkedHashMap<>();
      cc.put("optimizer", optimizerConfig(m.optimizer()));
      cc.put("loss", m.loss().name());
      cc.put("metrics", m.metricsNames().subList(1, m.metricsNames().size()));
      root.put("compile_config", cc);
    }
    return root;
  }

  private static Map<String, Object> optimizerConfig(Optimizer o) {
    Map<String, Object> c = new LinkedHashMap<>(o.getConfig());
    LearningRateSchedule s = o.learningRateSchedule();
    if (s != null) {
      if (s.getConfig().isEmpty()) {
        throw new IllegalArgumentException("The optimizer's learning rate schedule " + s + " has no config, so it "
            + "cannot be saved. Use a built-in schedule (ExponentialDecay, InverseTimeDecay, CosineDecay).");
      }
      Map<String, Object> sc = new LinkedHashMap<>();
      sc.put("class_name", s.className());
      sc.put("config", new LinkedHashMap<>(s.getConfig()));
      c.put("learning_rate", sc);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("class_name", o.className());
    r.put("config", c);
    return r;
  }

  /** The model's weights as entries; {@code scratch} gives fresh arrays to read into. */
  private static List<WeightFile.Entry> modelEntries(Sequential m, boolean scratch) {
    List<WeightFile.Entry> es = new ArrayList<>();
    for (Weight w : m.weights()) {
      es.add(new WeightFile.Entry(w.name(), w.shape(), scratch ? new double[w.size()] : w.value()));
    }
    return es;
  }

  private static List<WeightFile.Entry> slotEntries(Sequential m, boolean scratch) {
    List<WeightFile.Entry> es = new ArrayList<>();
    for (Weight w : m.weights()) {
      if (!w.trainable()) {
        continue;
      }
      double[][] slots = m.optimizer().slots(w);
      for (int i = 0; i < slots.length; i++) {
        es.add(new WeightFile.Entry(w.name() + "/slot_" + i, w.shape(), scratch ? new double[w.size()] : slots[i]));
      }
    }
    return es;
  }

  private static void writeOptimizer(DataOutputStream out, Sequential m) throws IOException {
    Optimizer o = m.optimizer();
    out.writeInt(OPTIMIZER_MAGIC);
    out.writeLong(o.iterations());
    double[] s = o.scalarState();
    out.writeInt(s.length);
    for (double v : s) {
      out.writeDouble(v);
    }
    WeightFile.write(out, slotEntries(m, false));
  }

  // ---- loading -------------------------------------------------------------------------------------

  /** Reads the named files of a zip archive or a directory, each with a size bound. */
  private static final class Source implements AutoCloseable {
    private final Path path;
    private final ZipFile zip;

    Source(Path path) throws IOException {
      this.path = path;
      if (!Files.exists(path)) {
        throw new java.nio.file.NoSuchFileException(path.toString(), null, "no saved model at this path");
      }
      this.zip = Files.isDirectory(path) ? null : new ZipFile(path.toFile());
    }

    boolean has(String name) {
      return zip == null ? Files.isRegularFile(path.resolve(name)) : zip.getEntry(name) != null;
    }

    InputStream open(String name) throws IOException {
      if (!has(name)) {
        throw new IOException(path + " has no " + name + ": it is not a model saved with save().");
      }
      return zip == null ? Files.newInputStream(path.resolve(name)) : zip.getInputStream(zip.getEntry(name));
    }

    /** The stored size of a file (as the archive claims it for zips), or -1 if unknown. */
    long size(String name) throws IOException {
      return zip == null ? Files.size(path.resolve(name)) : zip.getEntry(name).getSize();
    }

    byte[] readSmall(String name) throws IOException {
      try (InputStream in = open(name)) {
        return readAtMost(in, MAX_JSON_BYTES, path + ": " + name);
      }
    }

    @Override
    public void close() throws IOException {
      if (zip != null) {
        zip.close();
      }
    }
  }

  /** At most {@code limit} bytes of {@code in}; {@code what} names it in the error if there are more. */
  static byte[] readAtMost(InputStream in, long limit, String what) throws IOException {
    int cap = (int) Math.min(limit, Integer.MAX_VALUE - 16);
    byte[] b = in.readNBytes(cap + 1);
    if (b.length > cap) {
      throw new IOException(what + " is larger than " + cap + " bytes; refusing to read it.");
    }
    return b;
  }

  /** A JSON object; {@code what} names it in the error if it is not valid JSON. */
  static Map<String, Object> json(byte[] b, String what) throws IOException {
    try {
      return JSON.readValue(b, new TypeReference<Map<String, Object>>() { });
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  static Sequential load(Path path) throws IOException {
    try (Source src = new Source(path)) {
      Map<String, Object> root = json(src.readSmall(CONFIG), path + ": " + CONFIG);
      Sequential m;
      try {
        m = fromConfig(root, src.has(WEIGHTS) ? src.size(WEIGHTS) : -1, path);
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new IOException(path + ": invalid model config: " + e.getMessage(), e);
      }
      if (m.built()) {
        List<WeightFile.Entry> es = modelEntries(m, true);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(src.open(WEIGHTS)))) {
          WeightFile.read(in, es, path + "!" + WEIGHTS);
        }
        commit(es, modelEntries(m, false));
      }
      if (m.optimizer() != null && src.has(OPTIMIZER)) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(src.open(OPTIMIZER)))) {
          readOptimizer(in, m, path + "!" + OPTIMIZER);
        }
      }
      return m;
    }
  }

  static void loadWeights(Sequential m, Path path) throws IOException {
    List<WeightFile.Entry> es = modelEntries(m, true);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
      WeightFile.read(in, es, path.toString());
    }
    commit(es, modelEntries(m, false));
  }

  /** Copies arrays read into scratch space into the live ones, only once the whole file was valid. */
  private static void commit(List<WeightFile.Entry> read, List<WeightFile.Entry> live) {
    for (int i = 0; i < read.size(); i++) {
      double[] src = read.get(i).values;
      System.arraycopy(src, 0, live.get(i).values, 0, src.length);
    }
  }

  private static void readOptimizer(DataInputStream in, Sequential m, String what) throws IOException {
    Optimizer o = m.optimizer();
    long iterations;
    double[] scalars;
    try {
      if (in.readInt() != OPTIMIZER_MAGIC) {
        throw new IOException(what + " is not a Tidecast optimizer state file (bad magic number).");
      }
      iterations = in.readLong();
      int n = in.readInt();
      if (iterations < 0 || n < 0 || n > MAX_SCALARS) {
        throw new IOException(what + " has an invalid header (iterations " + iterations + ", " + n + " scalars).");
      }
      scalars = new double[n];
      for (int i = 0; i < n; i++) {
        scalars[i] = in.readDouble();
      }
    } catch (java.io.EOFException e) {
      throw new IOException(what + " ends early: the file is truncated or corrupt.", e);
    }
    if (scalars.length != o.scalarState().length) {
      throw new IOException(what + " holds " + scalars.length + " optimizer scalars but " + o.className()
          + " keeps " + o.scalarState().length + ".");
    }
    List<WeightFile.Entry> es = slotEntries(m, true);
    WeightFile.read(in, es, what);
    commit(es, slotEntries(m, false));
    o.restoreIterations(iterations);
    o.restoreScalarState(scalars);
  }

  /** The model {@code root} describes; {@code weightBytes} is -1 when the caller checks sizes itself. */
  @SuppressWarnings("unchecked")
  static Sequential fromConfig(Map<String, Object> root, long weightBytes, Object path) {
    if (!"Sequential".equals(root.get("class_name"))) {
      throw new IllegalArgumentException("only Sequential models can be loaded, got class_name="
          + root.get("class_name"));
    }
    Map<String, Object> c = (Map<String, Object>) root.get("config");
    if (c == null) {
      throw new IllegalArgumentException("config.json has no \"config\"");
    }
    Sequential m = new Sequential();
    if (c.get("name") instanceof String) {
      m.name((String) c.get("name"));
    }
    if (c.get("seed") instanceof Number) {
      m.seed(((Number) c.get("seed")).longValue());
    }
    m.dtype(c.get("dtype") instanceof String ? (String) c.get("dtype") : "float32");
    List<Layer<?>> layers = new ArrayList<>();
    Object ls = c.get("layers");
    if (!(ls instanceof List) || ((List<?>) ls).isEmpty()) {
      throw new IllegalArgumentException("config.layers must be a non-empty list");
    }
    for (Object o : (List<Object>) ls) {
      Map<String, Object> lc = (Map<String, Object>) o;
      Object cfg = lc.get("config");
      layers.add(Layers.fromConfig(String.valueOf(lc.get("class_name")),
          cfg instanceof Map ? (Map<String, Object>) cfg : Map.of()));
    }
    int[] inputShape = layers.get(0).declaredInputShape();
    Object bc = root.get("build_config");
    if (bc instanceof Map && ((Map<?, ?>) bc).get("input_shape") != null) {
      int[] s = Layers.shape(((Map<?, ?>) bc).get("input_shape"), true);
      inputShape = java.util.Arrays.copyOfRange(s, 1, s.length);
    }
    if (inputShape != null) {
      checkSize(layers, inputShape, weightBytes, m.dtype(), path);
    }
    for (Layer<?> l : layers) {
      m.add(l);
    }
    if (inputShape != null && !m.built()) {
      m.build(inputShape);
    }
    Object cc = root.get("compile_config");
    if (cc instanceof Map) {
      Map<String, Object> comp = (Map<String, Object>) cc;
      Map<String, Object> oc = (Map<String, Object>) comp.get("optimizer");
      Optimizer opt = Optimizers.fromConfig(String.valueOf(oc.get("class_name")),
          oc.get("config") instanceof Map ? (Map<String, Object>) oc.get("config") : Map.of());
      List<String> metrics = comp.get("metrics") instanceof List ? (List<String>) comp.get("metrics") : List.of();
      m.compile(opt, Losses.get(String.valueOf(comp.get("loss"))), metrics.toArray(new String[0]));
    }
    return m;
  }

  /**
   * Refuses configs whose weights would not fit in the weights file or the heap before anything is
   * allocated: a hostile {@code units=16777216} fails here with a message instead of an OutOfMemoryError.
   */
  private static void checkSize(List<Layer<?>> layers, int[] inputShape, long weightBytes, String dtype, Object path) {
    long params = 0;
    int[] in = inputShape;
    for (Layer<?> l : layers) {
      params += Layers.paramEstimate(l, in);
      in = l.computeOutputShape(in);
    }
    if (weightBytes >= 0 && params > weightBytes / 4) {
      throw new IllegalArgumentException("the config describes about " + params + " parameters but "
          + WEIGHTS + " has only " + weightBytes + " bytes; the archive is corrupt or inconsistent.");
    }
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    // values + gradients + up to three optimizer slots, in doubles
    if (params > free / (8 * 5)) {
      throw new IllegalArgumentException("the model has about " + params + " parameters, which needs more memory "
          + "than the JVM has free (" + (free >> 20) + " MiB). Raise -Xmx to load " + path + ".");
    }
  }
}
