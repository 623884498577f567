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
import io.tidecast.models.optimizers.SGD;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Files written by a real Keras 3.15.1 install (JAX backend) with {@code src/test/oracle/keras3-files.py}: each
 * model saved as {@code .keras} (most also as legacy {@code .h5}) after two Adam steps, each predicting what Keras
 * predicted for the same input (float32 on both sides), and training on from the file as Keras does: the loss of
 * one SGD step and the predictions after it.
 */
class KerasRealFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path dir() {
    return KerasVersionsImportTest.dir().resolve("keras3-real");
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
  void predictsWhatKerasPredicted(String file) throws IOException {
    KerasVersionsImportTest.assertPredicts(dir(), file, models().path(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void trainsOnAsKerasDoes(String file) throws IOException {
    JsonNode m = models().path(file);
    Sequential model = Models.load(dir().resolve(file));
    model.compile(new SGD(0.1), "mse");
    INDArray x = ModelImportTest.tensor(m.path("x"));
    INDArray y = ModelImportTest.tensor(m.path("y"));
    if (m.path("after_sgd_step").isNull()) { // dropout: Keras's random masks cannot be replayed, so check learning
      double before = model.evaluate(x, y)[0];
      model.fit(x, y, 100, 3, 0);
      double after = model.evaluate(x, y)[0];
      System.out.printf("%s: loss %.4f -> %.4f after 100 SGD epochs%n", file, before, after);
      assertTrue(after < 0.5 * before, file + ": loss " + before + " -> " + after);
      return;
    }
    double loss = model.trainOnBatch(x, y)[0];
    assertEquals(m.path("sgd_step_loss").asDouble(), loss, 2e-5 * Math.max(1, loss), file + " loss of the SGD step");
    INDArray want = ModelImportTest.tensor(m.path("after_sgd_step"));
    INDArray got = model.predict(x);
    ModelImportTest.assertClose(want, got, 1e-4, file + " after one SGD step");
    System.out.printf("%s: SGD step loss |difference| %.2e, predictions after it %.2e%n", file,
        Math.abs(loss - m.path("sgd_step_loss").asDouble()),
        want.castTo(got.dataType()).sub(got).amaxNumber().doubleValue());
  }
}
