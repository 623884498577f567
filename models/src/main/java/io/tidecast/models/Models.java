package io.tidecast.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/** Keras {@code keras.models}: loading saved models, Tidecast's own and those trained elsewhere. */
public final class Models {
  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private Models() {
  }

  /**
   * Keras {@code load_model}: the model at {@code path}, whatever wrote it (the format is read from the
   * file's content, not its name):
   *
   * <ul>
   *   <li>a model saved with {@link Sequential#save(Path)} (zip or directory), with its optimizer state, so
   *       {@code fit} continues exactly;</li>
   *   <li>a Keras 3 {@code .keras} archive or a Keras 2 {@code .h5} file ({@code model.save(...)});</li>
   *   <li>a TensorFlow.js Layers {@code model.json} (with its weight shards beside it), or the directory
   *       holding it.</li>
   * </ul>
   *
   * <p>Models from Keras and TensorFlow.js come with their architecture and weights but uncompiled (as
   * {@code load_model(path, compile=False)}): call {@link Sequential#compile} before {@code fit}. Only
   * {@code Sequential} models, and Functional ones that are a single chain of layers, with layers Tidecast
   * implements can be imported (Keras 2, tf.keras and Keras 3 files; not Keras 1); anything else fails with a
   * message naming the layer or option.
   *
   * @throws IOException if the files are missing, corrupt or describe an unsupported model
   */
  public static Sequential load(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      boolean tfjs = Files.isRegularFile(path.resolve("model.json"))
          && !Files.isRegularFile(path.resolve(ModelArchive.CONFIG));
      return tfjs ? TfjsModel.load(path.resolve("model.json")) : ModelArchive.load(path);
    }
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no saved model at this path");
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(512);
    }
    if (head.length >= 8 && java.util.Arrays.equals(head, 0, 8, HDF5_SIGNATURE, 0, 8)) {
      return KerasH5.loadH5(path);
    }
    if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
      boolean keras;
      try (ZipFile zip = new ZipFile(path.toFile())) {
        keras = zip.getEntry(KerasH5.WEIGHTS) != null && zip.getEntry(ModelArchive.WEIGHTS) == null;
      }
      return keras ? KerasH5.loadKeras(path) : ModelArchive.load(path);
    }
    if (TfjsModel.looksLike(head)) {
      return TfjsModel.load(path);
    }
    return ModelArchive.load(path);
  }
}
