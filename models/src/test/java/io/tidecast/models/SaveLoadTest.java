package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.GRU;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.Adam;
import io.tidecast.models.optimizers.Adagrad;
import io.tidecast.models.optimizers.Nadam;
import io.tidecast.models.optimizers.Optimizer;
import io.tidecast.models.optimizers.SGD;
import io.tidecast.models.optimizers.schedules.ExponentialDecay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SaveLoadTest {
  @TempDir
  Path dir;

  private static INDArray data(long seed, int... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble(-1, 1);
    }
    return Nd4j.create(v, new long[] {shape[0], shape.length > 1 ? shape[1] : 1, shape.length > 2 ? shape[2] : 1})
        .reshape(toLong(shape));
  }

  private static long[] toLong(int[] s) {
    long[] l = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      l[i] = s[i];
    }
    return l;
  }

  private static Sequential dense(String dtype, Optimizer o) {
    Sequential m = new Sequential().dtype(dtype).seed(7);
    m.add(new Dense(8, "tanh").inputShape(3).kernelRegularizer(Regularizers.l2(0.01)));
    m.add(new Dense(1));
    m.compile(o, "mse", "mae");
    return m;
  }

  private static Sequential recurrent(String dtype, Optimizer o) {
    Sequential m = new Sequential().dtype(dtype).seed(11);
    m.add(new LSTM(5).inputShape(4, 2).returnSequences(true).recurrentRegularizer(Regularizers.l1(0.001)));
    m.add(new GRU(3));
    m.add(new Dense(1, "sigmoid"));
    m.compile(o, "binary_crossentropy", "accuracy");
    return m;
  }

  private static void train(Sequential m, INDArray x, INDArray y, int from, int steps) {
    for (int s = from; s < from + steps; s++) {
      int i = (s * 4) % (int) x.size(0);
      m.trainOnBatch(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 4)),
          y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 4)));
    }
  }

  private static void assertSameWeights(Sequential a, Sequential b) {
    List<Weight> wa = a.weights();
    List<Weight> wb = b.weights();
    assertEquals(wa.size(), wb.size());
    for (int i = 0; i < wa.size(); i++) {
      assertArrayEquals(wa.get(i).value(), wb.get(i).value(), 0.0, wa.get(i).name());
    }
  }

  /** N steps, save, load, M steps == N + M steps in one model, bit for bit. */
  private void resumesExactly(Supplier<Sequential> make, INDArray x, INDArray y, boolean asDirectory)
      throws IOException {
    Sequential once = make.get();
    train(once, x, y, 0, 10);

    Sequential first = make.get();
    train(first, x, y, 0, 4);
    Path p = dir.resolve("m" + System.identityHashCode(make) + (asDirectory ? "" : ".keras"));
    if (asDirectory) {
      Files.createDirectories(p);
    }
    first.save(p);
    Sequential resumed = Models.load(p);
    assertEquals(first.optimizer().iterations(), resumed.optimizer().iterations());
    assertEquals(first.optimizer().getConfig(), resumed.optimizer().getConfig());
    assertEquals(first.dtype(), resumed.dtype());
    assertEquals(first.summary(), resumed.summary());
    assertEquals(first.predict(x), resumed.predict(x));
    train(resumed, x, y, 4, 6);
    assertSameWeights(once, resumed);
  }

  @Test
  void denseFloat32AdamResumesExactly() throws IOException {
    INDArray x = data(1, 16, 3);
    INDArray y = data(2, 16, 1);
    resumesExactly(() -> dense("float32", new Adam(0.01).clipnorm(1.0)), x, y, false);
  }

  @Test
  void denseFloat64NadamScheduleAndDirectory() throws IOException {
    INDArray x = data(3, 16, 3);
    INDArray y = data(4, 16, 1);
    resumesExactly(() -> dense("float64", new Nadam(0.01)), x, y, true);
    resumesExactly(() -> dense("float64", new SGD(0.1, 0.9, true).learningRateSchedule(
        new ExponentialDecay(0.1, 3, 0.5))), x, y, false);
    // Adagrad's initial accumulator 0.1 is not a float: written as float64, still exact
    resumesExactly(() -> dense("float32", new Adagrad(0.05)), x, y, false);
  }

  @Test
  void recurrentResumesExactly() throws IOException {
    INDArray x = data(5, 16, 4, 2);
    INDArray y = Nd4j.create(new double[] {0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0}, new long[] {16, 1});
    resumesExactly(() -> recurrent("float32", new Adam(0.01)), x, y, false);
    resumesExactly(() -> recurrent("float64", new io.tidecast.models.optimizers.RMSprop(0.01)), x, y, false);
  }

  @Test
  void configRoundTripsLayerSettings() throws IOException {
    Sequential m = new Sequential().name("forecaster");
    m.add(new LSTM(4).batchInputShape(2, 3, 1).stateful(true).recurrentInitializer("glorot_normal")
        .unitForgetBias(false).name("enc"));
    m.add(new io.tidecast.models.layers.Dropout(0.25).seed(3));
    m.add(new Dense(2, "relu").useBias(false));
    m.add(new io.tidecast.models.layers.Activation("softmax"));
    Path p = dir.resolve("c.keras");
    m.save(p);
    Sequential back = Models.load(p);
    assertEquals("forecaster", back.name());
    for (int i = 0; i < m.layers().size(); i++) {
      Layer<?> a = m.layers().get(i);
      Layer<?> b = back.layers().get(i);
      assertEquals(a.className(), b.className());
      assertEquals(String.valueOf(a.getConfig()).replaceAll("\\[I@[0-9a-f]+", ""),
          String.valueOf(b.getConfig()).replaceAll("\\[I@[0-9a-f]+", ""));
    }
    assertTrue(back.layers().get(0).isStateful());
    assertEquals(2, back.layers().get(0).declaredBatchSize());
    assertEquals(null, back.optimizer());
    assertSameWeights(m, back);
  }

  @Test
  void saveWeightsAndLoadWeights() throws IOException {
    Sequential a = dense("float32", new Adam());
    Sequential b = new Sequential().dtype("float32").seed(99);
    b.add(new Dense(8, "tanh").inputShape(3));
    b.add(new Dense(1));
    Path p = dir.resolve("w.bin");
    a.saveWeights(p);
    b.loadWeights(p);
    assertSameWeights(a, b);

    Sequential wrong = new Sequential();
    wrong.add(new Dense(7).inputShape(3));
    wrong.add(new Dense(1));
    double before = wrong.weights().get(0).value()[0];
    IOException e = assertThrows(IOException.class, () -> wrong.loadWeights(p));
    assertTrue(e.getMessage().contains("shape"), e.getMessage());
    assertEquals(before, wrong.weights().get(0).value()[0], "a failed load changes nothing");
  }

  @Test
  void corruptOrHostileFilesGiveClearErrors() throws IOException {
    Sequential m = dense("float32", new Adam());
    Path w = dir.resolve("w.bin");
    m.saveWeights(w);
    byte[] good = Files.readAllBytes(w);

    Path truncated = dir.resolve("t.bin");
    Files.write(truncated, java.util.Arrays.copyOf(good, good.length - 3));
    assertTrue(assertThrows(IOException.class, () -> m.loadWeights(truncated)).getMessage().contains("truncated"));

    Path magic = dir.resolve("magic.bin");
    byte[] bad = good.clone();
    bad[0] = 'X';
    Files.write(magic, bad);
    assertTrue(assertThrows(IOException.class, () -> m.loadWeights(magic)).getMessage().contains("magic"));

    Path trailing = dir.resolve("trail.bin");
    Files.write(trailing, java.util.Arrays.copyOf(good, good.length + 1));
    assertTrue(assertThrows(IOException.class, () -> m.loadWeights(trailing)).getMessage().contains("trailing"));

    // a config asking for a 16M x 16M kernel is refused before anything is allocated
    Path hostile = dir.resolve("hostile");
    Files.createDirectories(hostile);
    m.save(hostile);
    String cfg = Files.readString(hostile.resolve("config.json"));
    Files.writeString(hostile.resolve("config.json"), cfg.replaceFirst("\"units\" : 8", "\"units\" : 16777216")
        .replaceFirst("\"input_shape\" : \\[ null, 3 \\]", "\"input_shape\" : [ null, 16777216 ]"));
    IOException e = assertThrows(IOException.class, () -> Models.load(hostile));
    assertTrue(e.getMessage().contains("parameters"), e.getMessage());

    Files.writeString(hostile.resolve("config.json"), "{ not json");
    assertTrue(assertThrows(IOException.class, () -> Models.load(hostile)).getMessage().contains("JSON"));
    assertThrows(IOException.class, () -> Models.load(dir.resolve("missing.keras")));
  }

  @Test
  void unsaveableModelsSayWhy() {
    Sequential m = new Sequential();
    m.add(new Dense(2).inputShape(3).activation(Activations.leakyRelu(0.2)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.save(dir.resolve("x")));
    assertTrue(e.getMessage().contains("leakyRelu"), e.getMessage());
  }
}
