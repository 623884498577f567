package io.tidecast.models;

import java.io.IOException;
import java.nio.file.Path;

/** Keras {@code keras.models}: loading models saved with {@link Sequential#save(Path)}. */
public final class Models {
  private Models() {
  }

  /**
   * Keras {@code load_model}: the model saved at {@code path} (a zip archive or a directory), with its
   * weights and, if it was compiled, its optimizer and optimizer state, so {@code fit} continues exactly.
   *
   * @throws IOException if the files are missing, corrupt or describe an unsupported model
   */
  public static Sequential load(Path path) throws IOException {
    return ModelArchive.load(path);
  }
}
