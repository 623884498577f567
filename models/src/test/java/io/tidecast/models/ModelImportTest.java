package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidecast.models.optimizers.SGD;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Models trained by TensorFlow.js (fixtures from {@code src/test/oracle/export-tfjs.js}) imported from
 * model.json, and from Keras .h5 and .keras files holding the same weights in Keras's layouts (written by
 * {@link KerasFiles}): they predict what TensorFlow.js predicted and keep training like it.
 */
class ModelImportTest {
  /** float32 maths on both sides; recurrent layers use fast float activations here. */
  static final double TOL = 2e-5;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  static Path fixtures() {
    try {
      return Path.of(ModelImportTest.class.getResource("/import/expected.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode expected(String name) throws IOException {
    return JSON.readTree(fixtures().resolve("expected.json").toFile()).path("models").path(name);
  }

  static INDArray tensor(JsonNode t) {
    long[] shape = new long[t.path("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = t.path("shape").get(i).asLong();
    }
    double[] v = new double[t.path("data").size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.path("data").get(i).asDouble();
    }
    return Nd4j.create(v, shape, 'c');
  }

  static void assertClose(INDArray want, INDArray got, double tol, String what) {
    assertEquals(List.of(toList(want.shape())), List.of(toList(got.shape())), what + " shape");
    double[] w = want.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    double[] g = got.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i], g[i], tol * Math.max(1, Math.abs(w[i])), what + " [" + i + "]");
    }
  }

  private static String toList(long[] s) {
    return java.util.Arrays.toString(s);
  }

  static Stream<Arguments> tfjsModels() {
    return Stream.of("mlp", "lstm_dense", "gru", "simple_rnn", "stacked_lstm", "conv1d").map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("tfjsModels")
  void tfjsModelPredictsAsTfjsAndKeepsTraining(String name) throws IOException {
    JsonNode e = expected(name);
    Sequential m = Models.load(fixtures().resolve(name).resolve("model.json"));
    INDArray x = tensor(e.path("probe").path("x"));
    assertClose(tensor(e.path("predict")), m.predict(x), TOL, name + " predict");
    assertNull(m.optimizer(), "imported models come uncompiled");
    // the directory works as well (tf.loadLayersModel takes the model.json URL, users often pass the folder)
    assertClose(tensor(e.path("predict")), Models.load(fixtures().resolve(name)).predict(x), TOL, name + " dir");

    INDArray y = tensor(e.path("probe").path("y"));
    m.compile(new SGD(0.1), "mean_squared_error");
    if (e.path("after_sgd_step").isNull()) { // dropout: TF.js's masks cannot be replayed, so check learning
      double before = m.evaluate(x, y)[0];
      m.fit(x, y, 20, 5, 0);
      double after = m.evaluate(x, y)[0];
      assertTrue(after < 0.5 * before, name + ": loss " + before + " -> " + after);
      return;
    }
    double loss = m.trainOnBatch(x, y)[0];
    assertEquals(e.path("sgd_step_loss").asDouble(), loss, TOL, name + " loss of the SGD step");
    assertClose(tensor(e.path("after_sgd_step")), m.predict(x), 1e-4, name + " after one SGD step");
  }

  static Stream<Arguments> kerasFiles() {
    return Stream.of(
        Arguments.of("mlp", "h5"), Arguments.of("lstm_dense", "h5"), Arguments.of("gru", "h5"),
        Arguments.of("simple_rnn", "h5"), Arguments.of("stacked_lstm", "h5"),
        Arguments.of("mlp", "keras"), Arguments.of("lstm_dense", "keras"), Arguments.of("simple_rnn", "keras"),
        Arguments.of("stacked_lstm", "keras"), Arguments.of("conv1d", "h5"), Arguments.of("conv1d", "keras"));
  }

  static Stream<Arguments> h5pyFiles() {
    return Stream.of("mlp", "lstm_dense", "stacked_lstm", "conv1d").flatMap(n -> Stream.of(Arguments.of(n, "h5"),
        Arguments.of(n, "keras")));
  }

  /**
   * The same models as written by h5py/libhdf5 with the calls Keras makes ({@code src/test/oracle/keras-h5py.py}):
   * variable-length string attributes, symbol-table groups, empty float64 {@code weight_names} for Dropout.
   */
  @ParameterizedTest
  @MethodSource("h5pyFiles")
  void filesWrittenByH5pyAsKerasWritesThemLoad(String name, String format) throws IOException {
    Path file = fixtures().resolve("h5py").resolve(name + "." + format);
    JsonNode e = expected(name);
    INDArray x = tensor(e.path("probe").path("x"));
    assertClose(tensor(e.path("predict")), Models.load(file).predict(x), TOL, file.toString());
  }

  /** Keras builds from the first layer's input shape and ignores one repeated on a later layer (even a wrong one). */
  @org.junit.jupiter.api.Test
  void inputShapesOnLaterLayersAreIgnored() throws IOException {
    Path d = java.nio.file.Files.createDirectories(dir.resolve("mlp"));
    try (var files = java.nio.file.Files.list(fixtures().resolve("mlp"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        java.nio.file.Files.copy(f, d.resolve(f.getFileName()));
      }
    }
    com.fasterxml.jackson.databind.node.ObjectNode root =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(d.resolve("model.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("modelTopology").path("config").path("layers").get(2)
        .path("config")).putArray("batch_input_shape").addNull().add(2048).add(1);
    JSON.writeValue(d.resolve("model.json").toFile(), root);
    JsonNode e = expected("mlp");
    assertClose(tensor(e.path("predict")), Models.load(d).predict(tensor(e.path("probe").path("x"))), TOL, "mlp");
  }

  @ParameterizedTest
  @MethodSource("kerasFiles")
  void kerasFileWithTheSameWeightsPredictsTheSame(String name, String format) throws IOException {
    Path file = dir.resolve(name + "." + format);
    if (format.equals("h5")) {
      KerasFiles.writeH5(fixtures().resolve(name).resolve("model.json"), file);
    } else {
      KerasFiles.writeKeras(fixtures().resolve(name).resolve("model.json"), file);
    }
    JsonNode e = expected(name);
    Sequential m = Models.load(file);
    INDArray x = tensor(e.path("probe").path("x"));
    assertClose(tensor(e.path("predict")), m.predict(x), TOL, name + "." + format + " predict");
    assertEquals(Models.load(fixtures().resolve(name)).countParams(), m.countParams());
    m.compile("adam", "mse");
    INDArray y = tensor(e.path("probe").path("y"));
    double before = m.evaluate(x, y)[0];
    m.fit(x, y, 10, 5, 0);
    assertTrue(m.evaluate(x, y)[0] < before, name + "." + format + " keeps training");
  }
}
