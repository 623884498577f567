package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Foreign model files that cannot be imported: each fails with an IOException that says why. */
class ModelImportErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  private int copies;

  /** A copy of a TF.js fixture with its model.json edited by {@code edit}. */
  private Path tfjs(String name, Consumer<ObjectNode> edit) throws IOException {
    Path src = ModelImportTest.fixtures().resolve(name);
    Path d = Files.createDirectories(dir.resolve(name + "-" + copies++));
    try (var files = Files.list(src)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, d.resolve(f.getFileName()));
      }
    }
    ObjectNode root = (ObjectNode) JSON.readTree(d.resolve("model.json").toFile());
    edit.accept(root);
    JSON.writeValue(d.resolve("model.json").toFile(), root);
    return d.resolve("model.json");
  }

  private static ObjectNode layer(ObjectNode root, int i) {
    return (ObjectNode) root.path("modelTopology").path("config").path("layers").get(i);
  }

  private static ObjectNode weight(ObjectNode root, int i) {
    return (ObjectNode) root.path("weightsManifest").get(0).path("weights").get(i);
  }

  private static String fails(Path p) {
    IOException e = assertThrows(IOException.class, () -> Models.load(p));
    return e.getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "expected \"" + p + "\" in: " + message);
    }
  }

  @Test
  void unknownLayerClassNamesTheLayerAndTheKnownOnes() throws IOException {
    Path p = tfjs("lstm_dense", r -> layer(r, 1).put("class_name", "Conv2D"));
    assertContains(fails(p), "layer 1", "Conv2D", "Known:", "Dense");
  }

  @Test
  void unsupportedOptionsAreRefusedByName() throws IOException {
    Path c = tfjs("mlp", r -> ((ObjectNode) layer(r, 2).path("config")).putObject("kernel_constraint")
        .put("class_name", "MaxNorm"));
    assertContains(fails(c), "dense_Dense2", "kernel_constraint", "MaxNorm");
    Path n = tfjs("mlp", r -> ((ObjectNode) layer(r, 1).path("config")).putArray("noise_shape").add(1).add(4));
    assertContains(fails(n), "Dropout", "noise_shape");
    Path d = tfjs("mlp", r -> ((ObjectNode) layer(r, 0).path("config")).put("dtype", "float16"));
    assertContains(fails(d), "dtype float16", "float32");
  }

  /** An .h5 holding only a model_config (and keras_version, unless null): enough to be refused. */
  private Path h5Config(String name, String config, String kerasVersion) throws IOException {
    Path p = dir.resolve(name + ".h5");
    try (WritableHdfFile f = HdfFile.write(p)) {
      if (kerasVersion != null) {
        f.putAttribute("keras_version", kerasVersion);
      }
      f.putAttribute("model_config", config);
    }
    return p;
  }

  @Test
  void keras1FilesAreNamedAsSuch() throws IOException {
    // Keras 1.2.2's Sequential.to_json(): the layer list is the config; Dense says output_dim, init, W_regularizer
    String dense = "{\"class_name\": \"Dense\", \"config\": {\"W_constraint\": null, \"b_constraint\": null, "
        + "\"name\": \"dense_1\", \"activity_regularizer\": null, \"trainable\": true, \"init\": \"glorot_uniform\", "
        + "\"bias\": true, \"input_dtype\": \"float32\", \"input_dim\": 4, \"b_regularizer\": null, "
        + "\"W_regularizer\": null, \"activation\": \"relu\", \"batch_input_shape\": [null, 4], \"output_dim\": 8}}";
    String config = "{\"class_name\": \"Sequential\", \"config\": [" + dense + "]}";
    assertContains(fails(h5Config("k1", config, "1.2.2")), "Keras 1.x", "not supported", "Keras 2");
    assertContains(fails(h5Config("k1-unversioned", config, null)), "Keras 1.x", "not supported", "init");
    String lstm = "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"LSTM\", \"config\": "
        + "{\"name\": \"lstm_1\", \"output_dim\": 8, \"batch_input_shape\": [null, 6, 2]}}]}";
    assertContains(fails(h5Config("k1-lstm", lstm, null)), "Keras 1.x", "output_dim");
    Path wrapped = tfjs("mlp", r -> ((ObjectNode) r.path("modelTopology")).put("keras_version", "1.1.0"));
    assertContains(fails(wrapped), "Keras 1.x");
  }

  @Test
  void functionalModelsMustBeAChain() throws IOException {
    // x -> dense_1 -> {dense_2, dense_3} -> add: a branch
    String layer = "{\"name\": \"%s\", \"class_name\": \"%s\", \"config\": {\"name\": \"%s\", \"units\": 2%s}, "
        + "\"inbound_nodes\": %s}";
    String input = "{\"name\": \"input_1\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": "
        + "[null, 3], \"name\": \"input_1\"}, \"inbound_nodes\": []}";
    String branch = "{\"class_name\": \"Model\", \"config\": {\"name\": \"model_1\", \"layers\": [" + input + ", "
        + String.format(layer, "dense_1", "Dense", "dense_1", "", "[[[\"input_1\", 0, 0, {}]]]") + ", "
        + String.format(layer, "dense_2", "Dense", "dense_2", "", "[[[\"dense_1\", 0, 0, {}]]]") + ", "
        + String.format(layer, "dense_3", "Dense", "dense_3", "", "[[[\"dense_1\", 0, 0, {}]]]") + ", "
        + String.format(layer, "add_1", "Add", "add_1", "", "[[[\"dense_2\", 0, 0, {}], [\"dense_3\", 0, 0, {}]]]")
        + "], \"input_layers\": [[\"input_1\", 0, 0]], \"output_layers\": [[\"add_1\", 0, 0]]}}";
    assertContains(fails(h5Config("branch", branch, "2.2.4")), "single chain", "\"dense_1\" feeds both");
    String twoOut = branch.replace("[[\"add_1\", 0, 0]]", "[[\"dense_2\", 0, 0], [\"dense_3\", 0, 0]]");
    assertContains(fails(h5Config("two-outputs", twoOut, "2.2.4")), "single output");
    String training = "{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": [" + input + ", "
        + String.format(layer, "dense_1", "Dense", "dense_1", "", "[[[\"input_1\", 0, 0, {\"training\": true}]]]")
        + "], \"input_layers\": [[\"input_1\", 0, 0]], \"output_layers\": [[\"dense_1\", 0, 0]]}}";
    assertContains(fails(h5Config("training", training, "2.2.4")), "dense_1", "training=true");
  }

  @Test
  void onlySequentialModels() throws IOException {
    Path p = tfjs("mlp", r -> ((ObjectNode) r.path("modelTopology")).put("class_name", "Subclassed"));
    assertContains(fails(p), "only Sequential", "Subclassed");
    Path g = tfjs("mlp", r -> r.put("format", "graph-model"));
    assertContains(fails(g), "graph model");
  }

  @Test
  void hostileSizesFailBeforeAllocating() throws IOException {
    Path p = tfjs("mlp", r -> {
      ((ObjectNode) layer(r, 0).path("config")).putArray("batch_input_shape").addNull().add(1 << 24);
      ((ObjectNode) layer(r, 0).path("config")).put("units", 1 << 24);
    });
    assertContains(fails(p), "parameters", "memory");
    Path big = tfjs("lstm_dense", r -> ((ArrayNode) weight(r, 0).path("shape")).removeAll().add(1 << 24).add(1 << 24));
    assertContains(fails(big), "lstm_LSTM1/kernel");
  }

  @Test
  void manifestAndShardsMustAgree() throws IOException {
    Path p = tfjs("lstm_dense", r -> { });
    Path bin = p.resolveSibling("weights.bin");
    byte[] b = Files.readAllBytes(bin);
    Files.write(bin, java.util.Arrays.copyOf(b, b.length - 4));
    assertContains(fails(p), "truncated");

    Path shape = tfjs("simple_rnn", r -> ((ArrayNode) weight(r, 0).path("shape")).removeAll().add(5).add(1));
    assertContains(fails(shape), "simple_rnn_SimpleRNN1/kernel", "(5, 1)", "expects");

    Path escape = tfjs("gru", r -> ((ArrayNode) r.path("weightsManifest").get(0).path("paths")).removeAll()
        .add("../../../etc/passwd"));
    assertContains(fails(escape), "outside");

    Path quant = tfjs("gru", r -> weight(r, 0).putObject("quantization").put("dtype", "uint8"));
    assertContains(fails(quant), "quantized");

    Path missing = tfjs("gru", r -> ((ArrayNode) r.path("weightsManifest").get(0).path("paths")).removeAll()
        .add("nope.bin"));
    assertThrows(java.nio.file.NoSuchFileException.class, () -> Models.load(missing));
  }

  @Test
  void nonFiniteWeightsAreRefused() throws IOException {
    Path p = tfjs("simple_rnn", r -> { });
    Path bin = p.resolveSibling("weights.bin");
    byte[] b = Files.readAllBytes(bin);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(8, Float.NaN);
    Files.write(bin, b);
    assertContains(fails(p), "NaN", "simple_rnn_SimpleRNN1/kernel");
  }

  @Test
  void corruptOrIncompleteHdf5FilesGiveIoErrors() throws IOException {
    Path garbage = dir.resolve("garbage.h5");
    byte[] b = new byte[4096];
    new java.util.Random(7).nextBytes(b);
    System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, b, 0, 8);
    Files.write(garbage, b);
    assertContains(fails(garbage), "garbage.h5");

    Path weightsOnly = dir.resolve("weights.h5");
    try (WritableHdfFile f = HdfFile.write(weightsOnly)) {
      f.putGroup("dense").putDataset("kernel:0", new float[] {1, 2});
    }
    assertContains(fails(weightsOnly), "no model_config", "weights only");

    // 8-unit LSTM weights under a config that says 9 units: caught at the first shape, before reading
    Path other = dir.resolve("other.h5");
    KerasFiles.writeH5(tfjs("lstm_dense", r -> ((ObjectNode) layer(r, 0).path("config")).put("units", 9)), other);
    assertContains(fails(other), "lstm/lstm_cell/kernel:0", "(2, 32)", "expects");
  }

  @Test
  void kerasArchiveWithOversizedOrCorruptWeights() throws IOException {
    Path good = dir.resolve("m.keras");
    KerasFiles.writeKeras(ModelImportTest.fixtures().resolve("simple_rnn/model.json"), good);
    byte[] config;
    try (var z = new java.util.zip.ZipFile(good.toFile())) {
      config = z.getInputStream(z.getEntry("config.json")).readAllBytes();
    }
    Path corrupt = dir.resolve("corrupt.keras");
    writeZip(corrupt, config, out -> out.write(new byte[] {(byte) 0x89, 'H', 'D', 'F', 1, 2, 3}));
    assertContains(fails(corrupt), "model.weights.h5");

    Path huge = dir.resolve("huge.keras"); // 17 MiB of zeros, compressed to a few KiB: a zip bomb in small
    writeZip(huge, config, out -> {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 17; i++) {
        out.write(zeros);
      }
    });
    assertContains(fails(huge), "larger than");
  }

  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  private static void writeZip(Path p, byte[] config, Body weights) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(p))) {
      zip.putNextEntry(new ZipEntry("config.json"));
      zip.write(config);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(KerasH5.WEIGHTS));
      weights.write(zip);
      zip.closeEntry();
    }
  }
}
