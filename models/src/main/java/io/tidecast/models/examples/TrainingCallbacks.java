package io.tidecast.models.examples;

import io.tidecast.models.callbacks.Callback;
import io.tidecast.models.callbacks.ModelCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A user-written callback next to a built-in one, as in the Keras Q&amp;A seed that times every epoch:
 *
 * <pre>
 * class TimeHistory(keras.callbacks.Callback):
 *     def on_train_begin(self, logs={}):
 *         self.times = []
 *     def on_epoch_begin(self, batch, logs={}):
 *         self.epoch_time_start = time.time()
 *     def on_epoch_end(self, batch, logs={}):
 *         self.times.append(time.time() - self.epoch_time_start)
 *
 * checkpoint = ModelCheckpoint('churn.{epoch:02d}-{val_loss:.4f}.keras', save_best_only=True)
 * model.fit(X_train, y_train, validation_data=(X_test, y_test), callbacks=[time_callback, checkpoint])
 * </pre>
 *
 * on the {@link Churn} classifier.
 */
public final class TrainingCallbacks {
  private TrainingCallbacks() {
  }

  /** The seed's callback, line for line. */
  public static final class TimeHistory extends Callback {
    public List<Double> times;
    private long epochTimeStart;

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
      times = new ArrayList<>();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
      epochTimeStart = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      times.add((System.nanoTime() - epochTimeStart) / 1e9);
    }
  }

  /** The churn run, its epoch times and the checkpoints written into {@code dir} (sorted by name). */
  public record Result(Churn.Result churn, List<Double> times, List<Path> checkpoints) {
  }

  public static Result run(int rows, int epochs, Path dir) {
    TimeHistory timeCallback = new TimeHistory();
    ModelCheckpoint checkpoint = new ModelCheckpoint(dir.resolve("churn.{epoch:02d}-{val_loss:.4f}.keras"))
        .monitor("val_loss").saveBestOnly(true);
    Churn.Result r = Churn.run(rows, epochs, 10, timeCallback, checkpoint);
    try (Stream<Path> files = Files.list(dir)) {
      return new Result(r, timeCallback.times, files.filter(p -> p.getFileName().toString().startsWith("churn."))
          .sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tidecast-checkpoints");
    Files.createDirectories(dir);
    Result r = run(4000, 10, dir);
    for (int i = 0; i < r.times().size(); i++) {
      System.out.printf("epoch %2d: %.3f s, val_loss %.4f%n", i + 1, r.times().get(i),
          r.churn().history().history().get("val_loss").get(i));
    }
    System.out.println("best checkpoints (save_best_only) in " + dir + ":");
    r.checkpoints().forEach(p -> System.out.println("  " + p.getFileName()));
  }
}
