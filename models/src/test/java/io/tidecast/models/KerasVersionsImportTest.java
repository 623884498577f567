package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Files in the layouts Keras 2.0.8, tf.keras 2.10 and Keras 3 write ({@code src/test/resources/import/keras},
 * written by libhdf5 with {@code src/test/oracle/keras-files.mjs}; provenance in its PROVENANCE.md), each
 * predicting what it must: Keras 2's own printed outputs (the Keras.js notebooks), TF.js 4.22's, or a plain
 * double-precision forward pass.
 */
class KerasVersionsImportTest {
  /** float32 maths on both sides (recurrent layers with fast float activations), as ModelImportTest. */
  private static final double TOL = 2e-5;
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path dir() {
    return ModelImportTest.fixtures().resolve("keras");
  }

  static JsonNode models() throws IOException {
    return JSON.readTree(dir().resolve("expected.json").toFile()).path("models");
  }

  static Stream<String> files() throws IOException {
    List<String> names = new ArrayList<>();
    models().fieldNames().forEachRemaining(names::add);
    return names.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void predictsWhatKerasPredicts(String file) throws IOException {
    assertPredicts(dir(), file, models().path(file));
  }

  /** Loads {@code dir/file} and checks its prediction for {@code m.x} against {@code m.expected}. */
  static void assertPredicts(Path dir, String file, JsonNode m) throws IOException {
    JsonNode e = m.path("expected");
    Sequential model = Models.load(dir.resolve(file));
    INDArray got = model.predict(ModelImportTest.tensor(m.path("x")));
    INDArray want = ModelImportTest.tensor(e);
    // Keras's printed outputs are rounded: half a unit of the last printed decimal on top of float32 noise
    double rounding = e.path("places").isMissingNode() || e.path("places").isNull()
        ? 0 : 0.5 * Math.pow(10, -e.path("places").asInt());
    double[] w = want.castTo(DataType.DOUBLE).data().asDouble();
    double[] g = got.castTo(DataType.DOUBLE).data().asDouble();
    assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()), file + " shape");
    double worst = 0;
    for (int i = 0; i < w.length; i++) {
      double diff = Math.abs(w[i] - g[i]);
      worst = Math.max(worst, diff);
      assertEquals(w[i], g[i], TOL * Math.max(1, Math.abs(w[i])) + rounding, file + " [" + i + "] ("
          + e.path("source").asText() + ")");
    }
    System.out.printf("%s: max |difference| %.2e against %s%n", file, worst, e.path("source").asText());
    assertTrue(model.countParams() >= 0);
  }
}
