package io.tidecast.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.Models;
import io.tidecast.models.Regularizers;
import io.tidecast.models.Sequential;
import io.tidecast.models.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conv1D, pooling and reshaping layers inside models: the Q&A seed, defaults, config/save, errors. */
class ConvLayersTest {
  @TempDir
  Path dir;

  private static INDArray random(long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextDouble(-1, 1);
    }
    return Nd4j.create(v, shape, 'c');
  }

  /** The Q&A seed: Conv1D(16, 10, strides=2) -> LSTM(16) -> Dense(1) on input (32, 100, 16). */
  @Test
  void qaSeedConvLstmDenseTrainsWithKerasShapesAndParamCounts() {
    Sequential m = new Sequential();
    m.add(new Conv1D(16, 10).strides(2).inputShape(100, 16));
    m.add(new LSTM(16));
    m.add(new Dense(1));
    m.compile(new Adam(), "mse");
    INDArray x = random(1, 32, 100, 16);
    INDArray y = random(2, 32, 1);
    double before = m.weights().get(0).value()[0];
    double[] loss = m.trainOnBatch(x, y);
    assertTrue(Double.isFinite(loss[0]) && loss[0] > 0, "loss " + loss[0]);
    assertNotEquals(before, m.weights().get(0).value()[0], "the conv kernel was updated");
    assertTrue(m.trainOnBatch(x, y)[0] < loss[0], "a second step on the same batch lowers the loss");

    assertArrayEquals(new long[] {32, 1}, m.predict(x).shape());
    assertEquals(List.of(2576L, 2112L, 17L), List.of(m.layers().get(0).countParams(),
        m.layers().get(1).countParams(), m.layers().get(2).countParams()));
    String s = m.summary();
    assertTrue(s.contains(" conv1d (Conv1D)             (None, 46, 16)            2,576\n"), s);
    assertTrue(s.contains(" lstm (LSTM)                 (None, 16)                2,112\n"), s);
    assertTrue(s.contains(" dense (Dense)               (None, 1)                 17\n"), s);
    assertTrue(s.contains("Total params: 4,705\n"), s);
    assertArrayEquals(new int[] {10, 16, 16}, m.weights().get(0).shape(), "Keras kernel (kernel_size, in, filters)");
  }

  @Test
  void kerasDefaultsAndNames() {
    MaxPooling1D max = new MaxPooling1D();
    assertEquals(2, max.poolSize());
    assertEquals(2, max.strides(), "strides default to pool_size");
    assertEquals(3, new AveragePooling1D(3).strides());
    Sequential m = new Sequential(new Conv1D(4, 3).inputShape(12, 2), new MaxPooling1D(), new AveragePooling1D(),
        new Conv1D(2, 1), new GlobalAveragePooling1D(), new RepeatVector(2), new Flatten(), new Reshape(2, 2));
    String names = m.layers().stream().map(Layer::name).reduce((a, b) -> a + "," + b).orElse("");
    assertEquals("conv1d,max_pooling1d,average_pooling1d,conv1d_1,global_average_pooling1d,repeat_vector,flatten,"
        + "reshape", names);
    assertArrayEquals(new int[] {2, 2}, m.outputShape());
    Map<String, Object> c = new Conv1D(4, 3).getConfig();
    assertEquals("valid", c.get("padding"));
    assertArrayEquals(new int[] {1}, (int[]) c.get("strides"));
    assertArrayEquals(new int[] {1}, (int[]) c.get("dilation_rate"));
    assertEquals("linear", c.get("activation"));
    assertEquals(true, c.get("use_bias"));
  }

  @Test
  void fromConfigTakesKerasTuplesAndIntegers() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("filters", 8);
    c.put("kernel_size", List.of(5));
    c.put("strides", 2);
    c.put("padding", "causal");
    c.put("activation", "relu");
    Conv1D conv = (Conv1D) Layers.fromConfig("Conv1D", c);
    assertArrayEquals(new int[] {10, 8}, conv.computeOutputShape(new int[] {20, 3}));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("pool_size", List.of(3));
    p.put("strides", null);
    p.put("padding", "same");
    MaxPooling1D pool = (MaxPooling1D) Layers.fromConfig("MaxPooling1D", p);
    assertEquals(3, pool.strides());
    Reshape r = (Reshape) Layers.fromConfig("Reshape", Map.of("target_shape", List.of(-1, 4)));
    assertArrayEquals(new int[] {3, 4}, r.computeOutputShape(new int[] {6, 2}));
    assertEquals(5, ((RepeatVector) Layers.fromConfig("RepeatVector", Map.of("n", 5))).n());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Layers.fromConfig("Conv1D",
        Map.of("filters", 2, "kernel_size", 3, "data_format", "NCW")));
    assertTrue(e.getMessage().contains("channels_last") && e.getMessage().contains("channels_first"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Layers.fromConfig("Conv2D", Map.of()));
    assertTrue(e.getMessage().contains("Conv1D") && e.getMessage().contains("RepeatVector"), e.getMessage());
  }

  @Test
  void saveAndLoadRoundTripsEveryNewLayer() throws IOException {
    Sequential m = new Sequential().seed(3);
    m.add(new Conv1D(4, 3, "relu").padding("causal").dilationRate(2).kernelRegularizer(Regularizers.l2(0.01))
        .inputShape(12, 2));
    m.add(new MaxPooling1D(3).strides(1).padding("same"));
    m.add(new AveragePooling1D().padding("same"));
    m.add(new Conv1D(3, 2).useBias(false).strides(2));
    m.add(new Flatten());
    m.add(new RepeatVector(2));
    m.add(new Reshape(-1, 3));
    m.add(new GlobalMaxPooling1D().keepdims(true));
    m.add(new GlobalAveragePooling1D().keepdims(true));
    m.add(new Flatten());
    m.add(new Dense(1));
    m.compile(new Adam(0.01), "mse");
    INDArray x = random(4, 5, 12, 2);
    INDArray y = random(5, 5, 1);
    m.trainOnBatch(x, y);
    Path p = dir.resolve("conv.keras");
    m.save(p);
    Sequential back = Models.load(p);
    assertEquals(m.summary(), back.summary());
    for (int i = 0; i < m.layers().size(); i++) {
      assertEquals(text(m.layers().get(i).getConfig()), text(back.layers().get(i).getConfig()));
    }
    assertEquals(m.predict(x), back.predict(x));
    assertEquals(m.trainOnBatch(x, y)[0], back.trainOnBatch(x, y)[0], 0.0, "training resumes bit for bit");
  }

  private static String text(Map<String, Object> config) {
    StringBuilder b = new StringBuilder();
    config.forEach((k, v) -> b.append(k).append('=').append(v instanceof int[] ? java.util.Arrays.toString((int[]) v)
        : String.valueOf(v)).append(';'));
    return b.toString();
  }

  @Test
  void shapeErrorsSayWhatToDo() {
    // a window longer than the input
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new Conv1D(4, 10).inputShape(6, 3)));
    assertTrue(e.getMessage().contains("kernel_size=10") && e.getMessage().contains("(None, 6, 3)")
        && e.getMessage().contains("padding=\"same\""), e.getMessage());
    // 2-D input to a 1-D convolution
    e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new Conv1D(4, 2).inputShape(16)));
    assertTrue(e.getMessage().contains("expected ndim=3") && e.getMessage().contains("(samples, timesteps, features)")
        && e.getMessage().contains("inputShape(timesteps, features)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new MaxPooling1D().inputShape(16)));
    assertTrue(e.getMessage().contains("found ndim=2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new RepeatVector(3).inputShape(4, 2)));
    assertTrue(e.getMessage().contains("expected ndim=2") && e.getMessage().contains("Flatten"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new Reshape(4, 4).inputShape(6, 2)));
    assertTrue(e.getMessage().contains("multiply to 12"), e.getMessage());
    // data of the wrong length for a built conv model names the expected (samples, timesteps, features)
    Sequential conv = new Sequential(new Conv1D(2, 3).inputShape(20, 4), new Flatten(), new Dense(1));
    conv.compile("adam", "mse");
    e = assertThrows(IllegalArgumentException.class, () -> conv.trainOnBatch(random(1, 8, 10, 4), random(2, 8, 1)));
    assertTrue(e.getMessage().contains("(samples, timesteps, features) = (None, 20, 4)")
        && e.getMessage().contains("(8, 10, 4)"), e.getMessage());
    // Keras's own restriction
    e = assertThrows(IllegalArgumentException.class, () -> new Conv1D(2, 3).strides(2).dilationRate(2));
    assertTrue(e.getMessage().contains("strides > 1 not supported in conjunction with dilation_rate > 1"));
    e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling1D().padding("causal"));
    assertTrue(e.getMessage().contains("\"valid\" or \"same\""), e.getMessage());
  }

  /** A recurrent first layer takes any number of timesteps; the conv and pooling layers after it follow. */
  @Test
  void convAndPoolingFollowVaryingTimesteps() {
    Sequential m = new Sequential(new LSTM(3).returnSequences(true).inputShape(10, 2),
        new Conv1D(2, 3).padding("same").strides(2), new MaxPooling1D(2).padding("same"), new AveragePooling1D(2),
        new GlobalAveragePooling1D(), new Dense(1));
    Sequential seven = new Sequential(new LSTM(3).returnSequences(true).inputShape(7, 2),
        new Conv1D(2, 3).padding("same").strides(2), new MaxPooling1D(2).padding("same"), new AveragePooling1D(2),
        new GlobalAveragePooling1D(), new Dense(1));
    seven.setWeights(m.getWeights());
    INDArray x = random(6, 3, 7, 2);
    assertEquals(seven.predict(x), m.predict(x));
    m.compile("sgd", "mse");
    seven.compile("sgd", "mse");
    INDArray y = random(7, 3, 1);
    assertEquals(seven.trainOnBatch(x, y)[0], m.trainOnBatch(x, y)[0], 0.0);
    assertEquals(seven.getWeights(), m.getWeights(), "same gradients, same update");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(random(8, 3, 1, 2)));
    assertTrue(e.getMessage().contains("pool_size=2") && e.getMessage().contains("(None, 1, 2)"), e.getMessage());

    Sequential flat = new Sequential(new LSTM(3).returnSequences(true).inputShape(10, 2), new Flatten(), new Dense(1));
    e = assertThrows(IllegalArgumentException.class, () -> flat.predict(x));
    assertTrue(e.getMessage().contains("GlobalAveragePooling1D"), e.getMessage());
  }

  @Test
  void causalOutputDependsOnlyOnThePast() {
    Conv1D c = new Conv1D(2, 3).padding("causal").dilationRate(2);
    c.build("conv1d", new int[] {9, 1}, new SplittableRandom(1));
    Tensor x = new Tensor(1, 9, 1);
    Tensor y0 = c.forward(x, false).copy();
    x.data[6] = 1.0; // output t sees steps t, t-2, t-4: only outputs 6 and 8 see step 6
    Tensor y1 = c.forward(x, false);
    for (int t = 0; t < 9; t++) {
      boolean same = y0.data[t * 2] == y1.data[t * 2] && y0.data[t * 2 + 1] == y1.data[t * 2 + 1];
      assertEquals(t != 6 && t != 8, same, "step " + t);
    }
  }
}
