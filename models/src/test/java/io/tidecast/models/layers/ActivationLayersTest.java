package io.tidecast.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.GradientCheck;
import io.tidecast.models.Models;
import io.tidecast.models.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Keras activation layers (ReLU, LeakyReLU, ELU, ThresholdedReLU, Softmax, PReLU), Conv1D with
 * {@code data_format="channels_first"} and the last-axis {@code axis} forms tf.keras saves: Keras's formulas
 * written out element by element, gradient checks in double precision, and the configs Keras 2, tf.keras and
 * Keras 3 write.
 */
class ActivationLayersTest {
  @TempDir
  Path dir;

  private static Tensor x() {
    return GradientCheck.random(new SplittableRandom(11), 2.0, 3, 4, 5);
  }

  private static void assertElementwise(Layer<?> l, DoubleUnaryOperator keras) {
    l.build("layer", new int[] {4, 5}, new SplittableRandom(1));
    Tensor x = x();
    Tensor y = l.forward(x, false);
    for (int i = 0; i < x.size(); i++) {
      assertEquals(keras.applyAsDouble(x.data[i]), y.data[i], 1e-15, l.className() + " at " + x.data[i]);
    }
    new GradientCheck(l, x).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void reluWithMaxValueSlopeAndThreshold() {
    // tf.keras backend.relu: clip(x * (x > threshold), 0, max_value) - negative_slope * relu(threshold - x)
    assertElementwise(new ReLU(1.0, 0.1, 0.2),
        v -> Math.min(Math.max(v > 0.2 ? v : 0, 0), 1.0) - 0.1 * Math.max(0.2 - v, 0));
    assertElementwise(new ReLU(), v -> Math.max(v, 0));
    assertThrows(IllegalArgumentException.class, () -> new ReLU(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ReLU(Double.POSITIVE_INFINITY, -0.1, 0));
  }

  @Test
  void leakyEluAndThresholded() {
    assertElementwise(new LeakyReLU(), v -> v > 0 ? v : 0.3 * v);
    assertElementwise(new LeakyReLU(0.25), v -> v > 0 ? v : 0.25 * v);
    assertElementwise(new ELU(0.7), v -> v > 0 ? v : 0.7 * (Math.exp(v) - 1));
    assertElementwise(new ThresholdedReLU(0.1), v -> v > 0.1 ? v : 0);
    assertElementwise(new ThresholdedReLU(), v -> v > 1.0 ? v : 0);
  }

  @Test
  void softmaxOverTheLastAxis() {
    for (Softmax s : new Softmax[] {new Softmax(), new Softmax(2)}) {
      s.build("softmax", new int[] {4, 5}, new SplittableRandom(1));
      Tensor x = x();
      Tensor y = s.forward(x, false);
      for (int r = 0; r < x.size() / 5; r++) {
        double sum = 0;
        for (int j = 0; j < 5; j++) {
          sum += Math.exp(x.data[r * 5 + j]);
        }
        for (int j = 0; j < 5; j++) {
          assertEquals(Math.exp(x.data[r * 5 + j]) / sum, y.data[r * 5 + j], 1e-15);
        }
      }
      new GradientCheck(s, x).run().assertWithin(1e-8, 1e-6);
    }
    Softmax wrongAxis = new Softmax(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> wrongAxis.build("softmax", new int[] {4, 5}, new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("axis=2") && e.getMessage().contains("got axis=1"), e.getMessage());
  }

  @Test
  void preluLearnsOneAlphaPerElementOrSharesIt() {
    PReLU p = new PReLU().sharedAxes(1);
    p.build("p_re_lu", new int[] {4, 5}, new SplittableRandom(1));
    assertArrayEquals(new int[] {1, 5}, p.weights().get(0).shape());
    double[] alpha = p.weights().get(0).value();
    for (int j = 0; j < 5; j++) {
      alpha[j] = 0.1 * (j + 1) - 0.2;
    }
    Tensor x = x();
    Tensor y = p.forward(x, false);
    for (int i = 0; i < x.size(); i++) {
      double v = x.data[i];
      assertEquals(v > 0 ? v : alpha[i % 5] * v, y.data[i], 1e-15);
    }
    new GradientCheck(p, x).run().assertWithin(1e-8, 1e-6);

    PReLU full = new PReLU();
    full.build("p_re_lu", new int[] {4, 5}, new SplittableRandom(1));
    assertArrayEquals(new int[] {4, 5}, full.weights().get(0).shape());
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 20; i++) {
      full.weights().get(0).value()[i] = r.nextDouble() - 0.5;
    }
    new GradientCheck(full, x).run().assertWithin(1e-8, 1e-6);

    PReLU bad = new PReLU().sharedAxes(3);
    assertThrows(IllegalArgumentException.class, () -> bad.build("p", new int[] {4, 5}, new SplittableRandom(1)));
  }

  @Test
  void conv1dChannelsFirstIsTheSameConvolutionOnTransposedData() {
    for (String padding : new String[] {"valid", "same", "causal"}) {
      Conv1D first = new Conv1D(3, 3).dataFormat("channels_first").padding(padding).strides(2).activation("tanh");
      first.build("conv1d", new int[] {4, 7}, new SplittableRandom(5)); // 4 channels, 7 steps
      Tensor x = GradientCheck.random(new SplittableRandom(6), 1.0, 2, 4, 7);
      Tensor y = first.forward(x, false);
      int steps = y.dim(2);
      assertArrayEquals(first.computeOutputShape(new int[] {4, 7}), new int[] {3, steps});
      double[] k = first.weights().get(0).value(); // (kernel, channels, filters), as channels_last
      double[] b = first.weights().get(1).value();
      int left = padding.equals("causal") ? 2 : padding.equals("same") ? (Math.max((steps - 1) * 2 + 3 - 7, 0)) / 2 : 0;
      for (int n = 0; n < 2; n++) {
        for (int f = 0; f < 3; f++) {
          for (int t = 0; t < steps; t++) {
            double z = b[f];
            for (int tap = 0; tap < 3; tap++) {
              int s = t * 2 + tap - left;
              for (int c = 0; s >= 0 && s < 7 && c < 4; c++) {
                z += x.data[(n * 4 + c) * 7 + s] * k[(tap * 4 + c) * 3 + f];
              }
            }
            assertEquals(Math.tanh(z), y.data[(n * 3 + f) * steps + t], 1e-12, padding + " [" + n + "," + f + "," + t + "]");
          }
        }
      }
      new GradientCheck(first, x).run().assertWithin(1e-8, 1e-6);
    }
    Conv1D softmax = new Conv1D(2, 2).dataFormat("channels_first").activation("softmax");
    assertThrows(IllegalArgumentException.class, () -> softmax.build("c", new int[] {3, 5}, new SplittableRandom(1)));
  }

  @Test
  void configsAsKeras2TfKerasAndKeras3WriteThem() {
    assertEquals(0.1, ((LeakyReLU) Layers.fromConfig("LeakyReLU", Map.of("negative_slope", 0.1))).getConfig()
        .get("negative_slope")); // Keras 3
    assertEquals(0.25, ((LeakyReLU) Layers.fromConfig("LeakyReLU", Map.of("alpha", 0.25))).getConfig()
        .get("negative_slope")); // Keras 2, tf.keras, TF.js
    assertEquals(0.3, Layers.fromConfig("LeakyReLU", Map.of()).getConfig().get("negative_slope"));
    Map<String, Object> relu = new java.util.HashMap<>(Map.of("negative_slope", 0.0, "threshold", 0.0));
    relu.put("max_value", null);
    assertEquals(null, Layers.fromConfig("ReLU", relu).getConfig().get("max_value"));
    assertEquals(1.0, Layers.fromConfig("ELU", Map.of()).getConfig().get("alpha"));
    assertEquals(1.0, Layers.fromConfig("ThresholdedReLU", Map.of()).getConfig().get("theta"));
    assertEquals(2, Layers.fromConfig("Softmax", Map.of("axis", List.of(2))).getConfig().get("axis"));
    PReLU p = (PReLU) Layers.fromConfig("PReLU", Map.of("shared_axes", List.of(1, 2)));
    p.build("p", new int[] {3, 4}, new SplittableRandom(1));
    assertArrayEquals(new int[] {1, 1}, p.weights().get(0).shape());
  }

  @Test
  void normalisationAxisCountedWithTheBatchAxisAsTfKerasSavesIt() {
    Tensor x = x();
    for (String cls : new String[] {"BatchNormalization", "LayerNormalization"}) {
      Layer<?> last = Layers.fromConfig(cls, Map.of("axis", -1));
      Layer<?> tf = Layers.fromConfig(cls, Map.of("axis", List.of(2))); // (samples, timesteps, features)
      last.build("n", new int[] {4, 5}, new SplittableRandom(1));
      tf.build("n", new int[] {4, 5}, new SplittableRandom(1));
      assertArrayEquals(last.forward(x, false).data, tf.forward(x, false).data, 0.0, cls);
      Layer<?> afterDense = Layers.fromConfig(cls, Map.of("axis", List.of(1))); // (samples, features)
      afterDense.build("n", new int[] {5}, new SplittableRandom(1));
      Layer<?> notLast = Layers.fromConfig(cls, Map.of("axis", List.of(1)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> notLast.build("n", new int[] {4, 5}, new SplittableRandom(1)));
      assertTrue(e.getMessage().contains("axis=-1 or axis=2") && e.getMessage().contains("got axis=1"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Layers.fromConfig("BatchNormalization", Map.of("axis", 0)));
  }

  @Test
  void innerInputShapesOfWrappersAreIgnoredAsKerasDoes() {
    Map<String, Object> lstm = Map.of("units", 3, "batch_input_shape", java.util.Arrays.asList(null, 2048, 1));
    Bidirectional b = (Bidirectional) Layers.fromConfig("Bidirectional",
        Map.of("layer", Map.of("class_name", "LSTM", "config", lstm)));
    assertEquals(null, b.declaredInputShape());
    b.build("bidirectional", new int[] {5, 2}, new SplittableRandom(1));
    assertArrayEquals(new int[] {6}, b.computeOutputShape(new int[] {5, 2}));
  }

  @Test
  void modelsWithTheNewLayersSaveAndLoad() throws IOException {
    Sequential m = new Sequential();
    m.add(new Conv1D(3, 2).dataFormat("channels_first").inputShape(4, 6));
    m.add(new ReLU(2.0, 0.05, 0.1));
    m.add(new PReLU().sharedAxes(2));
    m.add(new LeakyReLU(0.2));
    m.add(new ELU(0.5));
    m.add(new ThresholdedReLU(0.05));
    m.add(new Flatten());
    m.add(new Dense(3));
    m.add(new Softmax());
    INDArray x = Nd4j.rand(new long[] {2, 4, 6}).subi(0.5);
    Path p = dir.resolve("m.zip");
    m.save(p);
    Sequential back = Models.load(p);
    assertEquals(m.predict(x), back.predict(x));
  }
}
