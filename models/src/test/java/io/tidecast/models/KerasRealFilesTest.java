package io.tidecast.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files written by a real Keras 3.15.1 install (JAX backend) with {@code src/test/oracle/keras3-files.py}: each
 * model saved as {@code .keras} and as legacy {@code .h5} after two Adam steps, each predicting what Keras
 * predicted for the same input (float32 on both sides).
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
}
