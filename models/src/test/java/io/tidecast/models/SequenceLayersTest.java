package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.layers.BatchNormalization;
import io.tidecast.models.layers.Bidirectional;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.GRU;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.LayerNormalization;
import io.tidecast.models.layers.Layers;
import io.tidecast.models.layers.Masking;
import io.tidecast.models.layers.SimpleRNN;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.TimeDistributed;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.Adam;
import io.tidecast.models.optimizers.SGD;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Keras behaviour of TimeDistributed, Bidirectional, BatchNormalization, LayerNormalization and Masking inside
 * a Sequential: masking semantics, masked loss, training vs inference statistics, summary, save/load, errors.
 */
class SequenceLayersTest {
  @TempDir
  Path dir;

  static Tensor random(long seed, int... shape) {
    return GradientCheck.random(new SplittableRandom(seed), 1.0, shape);
  }

  /** Sample i of x with its first {@code pad} steps (pre) or last (post) set to {@code value}. */
  static Tensor pad(Tensor x, int pad, boolean pre, double value) {
    Tensor p = x.copy();
    int t = x.dim(1);
    int f = x.dim(2);
    for (int i = 0; i < x.dim(0); i++) {
      for (int s = 0; s < pad; s++) {
        int step = pre ? s : t - 1 - s;
        java.util.Arrays.fill(p.data, (i * t + step) * f, (i * t + step + 1) * f, value);
      }
    }
    return p;
  }

  // ---- masking -----------------------------------------------------------------------------------------

  @Test
  void paddedSequencesGiveTheUnpaddedResult() {
    for (String kind : new String[] {"lstm", "gru", "simple_rnn", "bidirectional"}) {
      Sequential m = new Sequential().dtype("float64").seed(3);
      m.add(new Masking(-1.0).inputShape(6, 2));
      switch (kind) {
        case "lstm":
          m.add(new LSTM(4));
          break;
        case "gru":
          m.add(new GRU(4));
          break;
        case "simple_rnn":
          m.add(new SimpleRNN(4));
          break;
        default:
          m.add(new Bidirectional(new LSTM(4)));
      }
      Tensor x = random(1, 3, 4, 2);
      Tensor want = m.predict(x); // 4 real steps
      for (boolean pre : new boolean[] {true, false}) {
        Tensor padded = new Tensor(3, 6, 2);
        for (int i = 0; i < 3; i++) {
          for (int s = 0; s < 6; s++) {
            int src = pre ? s - 2 : s;
            for (int f = 0; f < 2; f++) {
              padded.data[(i * 6 + s) * 2 + f] = src >= 0 && src < 4 ? x.data[(i * 4 + src) * 2 + f] : -1.0;
            }
          }
        }
        Tensor got = m.predict(padded);
        assertArrayEquals(want.data, got.data, 1e-12, kind + (pre ? " pre" : " post") + "-padded");
      }
    }
  }

  @Test
  void maskedStepsRepeatThePreviousOutputAndBidirectionalZeroesThem() {
    Sequential m = new Sequential().dtype("float64");
    m.add(new Masking().inputShape(5, 2));
    m.add(new LSTM(3).returnSequences(true));
    Tensor x = random(2, 1, 5, 2);
    java.util.Arrays.fill(x.data, 0, 2, 0.0);  // step 0 masked: nothing seen yet, output 0
    java.util.Arrays.fill(x.data, 6, 8, 0.0);  // step 3 masked: repeats step 2
    Tensor y = m.predict(x);
    for (int j = 0; j < 3; j++) {
      assertEquals(0.0, y.data[j]);
      assertEquals(y.data[2 * 3 + j], y.data[3 * 3 + j]);
      assertNotEquals(y.data[3 * 3 + j], y.data[4 * 3 + j]);
    }
    Sequential b = new Sequential().dtype("float64");
    b.add(new Masking().inputShape(5, 2));
    b.add(new Bidirectional(new GRU(2).returnSequences(true), "concat"));
    Tensor yb = b.predict(x);
    for (int j = 0; j < 4; j++) {
      assertEquals(0.0, yb.data[j]);
      assertEquals(0.0, yb.data[3 * 4 + j]);
      assertNotEquals(0.0, yb.data[2 * 4 + j]);
    }
  }

  private static Sequential maskedSeq2Seq(String dtype) {
    Sequential m = new Sequential().dtype(dtype).seed(5);
    m.add(new Masking().inputShape(5, 2));
    m.add(new LSTM(4).returnSequences(true));
    m.add(new TimeDistributed(new Dense(1)));
    return m;
  }

  @Test
  void lossIgnoresMaskedTimestepsAsKeras3() {
    Sequential m = maskedSeq2Seq("float64");
    m.compile(new SGD(0.1), "mse", "mae");
    Tensor x = pad(random(3, 2, 5, 2), 2, false, 0.0); // last 2 of 5 steps masked: 6 kept (sample, step) rows
    Tensor y = random(4, 2, 5, 1);
    Tensor p = m.predict(x);
    double sum = 0;
    double abs = 0;
    for (int i = 0; i < 2; i++) {
      for (int s = 0; s < 3; s++) {
        double d = p.data[i * 5 + s] - y.data[i * 5 + s];
        sum += d * d;
        abs += Math.abs(d);
      }
    }
    double[] r = m.evaluate(x.toINDArray(DataType.DOUBLE), y.toINDArray(DataType.DOUBLE));
    assertEquals(sum / (6 + 1e-7), r[0], 1e-15, "Keras 3: sum of kept losses / (kept + epsilon)");
    assertEquals(abs / 6, r[1], 1e-12, "metrics average the kept timesteps");

    // targets at masked steps change neither the loss nor the update
    Tensor y2 = y.copy();
    for (int i = 0; i < 2; i++) {
      y2.data[i * 5 + 3] = 50;
      y2.data[i * 5 + 4] = -50;
    }
    Sequential a = maskedSeq2Seq("float64");
    a.compile(new SGD(0.1), "mse");
    Sequential b = maskedSeq2Seq("float64");
    b.compile(new SGD(0.1), "mse");
    assertEquals(a.trainOnBatch(x, y), b.trainOnBatch(x, y2));
    for (int k = 0; k < a.weights().size(); k++) {
      assertArrayEquals(a.weights().get(k).value(), b.weights().get(k).value(), a.weights().get(k).name());
    }
  }

  @Test
  void maskedLossGradientMatchesFiniteDifferences() {
    Sequential m = new Sequential().dtype("float64").seed(6);
    m.add(new Masking().inputShape(4, 2));
    m.add(new Bidirectional(new LSTM(3).returnSequences(true), "sum"));
    m.add(new LayerNormalization());
    m.add(new TimeDistributed(new Dense(2, "tanh")));
    m.compile(new SGD(0.0), "mse");
    Tensor x = random(7, 3, 4, 2);
    java.util.Arrays.fill(x.data, 2, 4, 0.0);    // sample 0 step 1
    java.util.Arrays.fill(x.data, 12, 16, 0.0);  // sample 1 steps 2, 3
    Tensor y = random(8, 3, 4, 2);
    m.computeGradients(x, y);
    double h = 1e-6;
    for (Weight w : m.weights()) {
      double[] g = w.grad().clone();
      for (int k = 0; k < w.size(); k += 3) {
        double v = w.value()[k];
        w.value()[k] = v + h;
        double plus = m.testOnBatch(x.toINDArray(DataType.DOUBLE), y.toINDArray(DataType.DOUBLE))[0];
        w.value()[k] = v - h;
        double minus = m.testOnBatch(x.toINDArray(DataType.DOUBLE), y.toINDArray(DataType.DOUBLE))[0];
        w.value()[k] = v;
        double num = (plus - minus) / (2 * h);
        assertEquals(num, g[k], 1e-7 + 1e-5 * Math.abs(num), w.name() + "[" + k + "]");
      }
    }
  }

  @Test
  void aLayerWithoutMaskingDropsTheMaskWithAWarning() {
    Sequential m = new Sequential().dtype("float64");
    m.add(new Masking().inputShape(3, 2));
    m.add(new io.tidecast.models.layers.Flatten());
    m.add(new Dense(1));
    m.compile("sgd", "mse");
    Tensor x = pad(random(9, 2, 3, 2), 1, true, 0.0);
    assertTrue(Double.isFinite(m.trainOnBatch(x, random(10, 2, 1))));
  }

  // ---- BatchNormalization --------------------------------------------------------------------------------

  private static Sequential bnModel(double momentum) {
    Sequential m = new Sequential().dtype("float64").seed(9);
    m.add(new BatchNormalization().momentum(momentum).inputShape(3));
    m.add(new Dense(1));
    return m;
  }

  private static double[] column(Tensor x, int c, int channels) {
    double[] v = new double[x.size() / channels];
    for (int i = 0; i < v.length; i++) {
      v[i] = x.data[i * channels + c];
    }
    return v;
  }

  @Test
  void batchNormalizationTrainsOnBatchStatisticsAndPredictsWithMovingOnes() {
    Sequential m = bnModel(0.9);
    m.compile(new SGD(0.5), "mse");
    BatchNormalization bn = (BatchNormalization) m.layers().get(0);
    Weight gamma = bn.weights().get(0);
    Weight mm = bn.weights().get(2);
    Weight mv = bn.weights().get(3);
    assertEquals("batch_normalization/moving_mean", mm.name());
    assertFalse(mm.trainable() || mv.trainable());
    Tensor x = random(11, 6, 3);
    for (int k = 0; k < 6 * 3; k++) {
      x.data[k] = x.data[k] * 2 + 3;
    }
    Tensor y = random(12, 6, 1);
    // inference before training: moving mean 0, variance 1
    Tensor p0 = m.predict(x);
    double[] before = gamma.value().clone();
    m.trainOnBatch(x, y);
    assertNotEquals(before[0], gamma.value()[0], "gamma is trained");
    for (int c = 0; c < 3; c++) {
      double[] col = column(x, c, 3);
      double mean = java.util.Arrays.stream(col).average().orElseThrow();
      double var = java.util.Arrays.stream(col).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
      assertEquals(0.9 * 0 + 0.1 * mean, mm.value()[c], 1e-12, "moving_mean: momentum rule, no optimizer step");
      assertEquals(0.9 * 1 + 0.1 * var, mv.value()[c], 1e-12, "moving_variance: biased batch variance");
    }
    double[] mean = mm.value().clone();
    double[] variance = mv.value().clone();
    Tensor p = m.predict(x);
    m.evaluate(x.toINDArray(DataType.DOUBLE), y.toINDArray(DataType.DOUBLE));
    assertArrayEquals(mean, mm.value(), "predict/evaluate leave the moving statistics alone");
    assertArrayEquals(variance, mv.value());
    // predict uses the moving statistics: y = dense(gamma * (x - mm) / sqrt(mv + eps) + beta)
    Dense d = (Dense) m.layers().get(1);
    double[] k = d.weights().get(0).value();
    double b = d.weights().get(1).value()[0];
    double[] beta = bn.weights().get(1).value();
    double want = b;
    for (int c = 0; c < 3; c++) {
      want += k[c] * (gamma.value()[c] * (x.data[c] - mean[c]) / Math.sqrt(variance[c] + 1e-3) + beta[c]);
    }
    assertEquals(want, p.data[0], 1e-12);
    assertNotEquals(p0.data[0], p.data[0]);
  }

  @Test
  void frozenBatchNormalizationRunsInInferenceAndKeepsItsStatistics() {
    Sequential m = bnModel(0.5);
    BatchNormalization bn = (BatchNormalization) m.layers().get(0);
    bn.trainable(false);
    m.compile(new SGD(0.5), "mse");
    Tensor x = random(13, 4, 3);
    Tensor y = random(14, 4, 1);
    Tensor p = m.predict(x);
    List<double[]> before = bn.weights().stream().map(w -> w.value().clone()).toList();
    assertEquals(m.testOnBatch(x.toINDArray(DataType.DOUBLE), y.toINDArray(DataType.DOUBLE))[0], m.trainOnBatch(x, y),
        1e-15, "training loss is the inference loss");
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(before.get(i), bn.weights().get(i).value(), bn.weights().get(i).name());
    }
    assertNotEquals(p.data[0], m.predict(x).data[0], "the Dense layer still trains");
    bn.trainable(true);
    assertTrue(bn.weights().get(0).trainable());
    assertFalse(bn.weights().get(2).trainable(), "moving statistics never become trainable");
  }

  @Test
  void batchNormalizationRegularizerOnlyTouchesGamma() {
    Sequential m = new Sequential().dtype("float64").seed(1);
    m.add(new BatchNormalization().gammaRegularizer(Regularizers.l2(0.5)).inputShape(2));
    m.compile(new SGD(0.0), "mse");
    Tensor x = random(15, 4, 2);
    double plain = m.loss().compute(x, m.predict(x));
    // gamma = ones: penalty 0.5 * (1 + 1)
    assertEquals(plain + 1.0, m.testOnBatch(x.toINDArray(DataType.DOUBLE), x.toINDArray(DataType.DOUBLE))[0], 1e-12);
  }

  @Test
  void maskedTimestepsDoNotCountInBatchStatistics() {
    BatchNormalization bn = new BatchNormalization().momentum(0.0);
    bn.build("batch_normalization", new int[] {3, 2}, new SplittableRandom(1));
    Tensor x = random(16, 2, 3, 2);
    Tensor mask = new Tensor(new double[] {1, 1, 0, 1, 0, 0}, 2, 3);
    bn.forward(x, true, mask);
    double kept = x.data[0] + x.data[2] + x.data[6];
    assertEquals(kept / (3 + 1e-7), bn.weights().get(2).value()[0], 1e-12);
  }

  // ---- summary, config, save/load ------------------------------------------------------------------------

  private static Sequential everything() {
    Sequential m = new Sequential().seed(21).name("seq");
    m.add(new Masking().inputShape(6, 3));
    m.add(new Bidirectional(new LSTM(4).returnSequences(true), "concat"));
    m.add(new BatchNormalization());
    m.add(new Bidirectional(new GRU(3).returnSequences(true), "ave"));
    m.add(new LayerNormalization());
    m.add(new TimeDistributed(new Dense(2, "tanh")));
    return m;
  }

  @Test
  void summaryShowsKerasShapesAndNonTrainableParams() {
    Sequential m = everything();
    String s = m.summary();
    // Bidirectional(LSTM(4)) on 3 features: 2 * 4*4*(3+4+1) = 256; BN on 8: 4*8 with 16 non-trainable
    assertRow(s, "bidirectional (Bidirectional)", "(None, 6, 8)", "256");
    assertRow(s, "batch_normalization (BatchNormalization)", "(None, 6, 8)", "32");
    // GRU(3) reset_after=True on 8: 3*3*(8+3) + 2*9 = 117, twice
    assertRow(s, "bidirectional_1 (Bidirectional)", "(None, 6, 3)", "234");
    assertRow(s, "layer_normalization (LayerNormalization)", "(None, 6, 3)", "6");
    assertRow(s, "time_distributed (TimeDistributed)", "(None, 6, 2)", "8");
    long total = 256 + 32 + 234 + 6 + 8;
    assertTrue(s.contains(String.format(java.util.Locale.ROOT, "Total params: %,d", total)), s);
    assertTrue(s.contains(String.format(java.util.Locale.ROOT, "Trainable params: %,d", total - 16)), s);
    assertTrue(s.contains("Non-trainable params: 16"), s);
    assertEquals("bidirectional/forward_lstm/kernel", m.weights().get(0).name());
    assertEquals("bidirectional/backward_lstm/kernel", m.weights().get(3).name());
  }

  private static void assertRow(String summary, String layer, String shape, String params) {
    assertTrue(summary.lines().anyMatch(l -> l.startsWith(" " + layer + " ") && l.contains(" " + shape + " ")
        && l.endsWith(" " + params)), layer + " " + shape + " " + params + " in\n" + summary);
  }

  @Test
  void saveLoadRoundTripsEveryLayerAndItsStatistics() throws Exception {
    Sequential m = everything();
    m.compile(new Adam(0.01), "mse");
    Tensor x = pad(random(17, 4, 6, 3), 2, true, 0.0);
    Tensor y = random(18, 4, 6, 2);
    for (int i = 0; i < 3; i++) {
      m.trainOnBatch(x, y);
    }
    Path p = dir.resolve("m.zip");
    m.save(p);
    Sequential back = Models.load(p);
    assertEquals(m.summary(), back.summary());
    assertArrayEquals(m.predict(x).data, back.predict(x).data);
    assertEquals(m.trainOnBatch(x, y), back.trainOnBatch(x, y), "training resumes exactly");
    assertArrayEquals(m.predict(x).data, back.predict(x).data);

    Map<String, Object> bidi = back.layers().get(1).getConfig();
    assertEquals("concat", bidi.get("merge_mode"));
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) bidi.get("layer");
    assertEquals("LSTM", inner.get("class_name"));
    @SuppressWarnings("unchecked")
    Map<String, Object> innerConfig = (Map<String, Object>) inner.get("config");
    assertEquals("forward_lstm", innerConfig.get("name"));
    assertEquals(true, innerConfig.get("return_sequences"));
    Map<String, Object> bn = back.layers().get(2).getConfig();
    assertEquals(0.99, bn.get("momentum"));
    assertEquals(1e-3, bn.get("epsilon"));
    assertEquals(0.0, back.layers().get(0).getConfig().get("mask_value"));
  }

  @Test
  void sameSeedSameModelBitForBit() {
    Tensor x = random(19, 2, 6, 3);
    assertArrayEquals(everything().predict(x).data, everything().predict(x).data);
  }

  @Test
  void statefulBidirectionalCarriesBothStates() {
    Sequential m = new Sequential().dtype("float64");
    m.add(new Bidirectional(new SimpleRNN(2).stateful(true)).batchInputShape(1, 3, 1));
    Tensor x = random(20, 1, 3, 1);
    Tensor a = m.predict(x);
    Tensor b = m.predict(x);
    assertFalse(java.util.Arrays.equals(a.data, b.data), "the second batch starts from the carried states");
    m.resetStates();
    assertArrayEquals(a.data, m.predict(x).data);
    Bidirectional layer = (Bidirectional) m.layers().get(0);
    assertEquals(2, layer.states().size());
  }

  // ---- errors ---------------------------------------------------------------------------------------------

  @Test
  void clearErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(new LSTM(2), "max"));
    assertTrue(e.getMessage().contains("merge mode"), e.getMessage());
    Sequential none = new Sequential();
    none.add(new Bidirectional(new LSTM(2), null).inputShape(3, 1));
    IllegalStateException n = assertThrows(IllegalStateException.class, none::outputShape);
    assertTrue(n.getMessage().contains("merge_mode=None"), n.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().axis(0));
    assertTrue(e.getMessage().contains("axis=-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new BatchNormalization().axis(1).inputShape(3, 4)));
    assertTrue(e.getMessage().contains("axis=-1 or axis=2") && e.getMessage().contains("got axis=1"), e.getMessage());

    Sequential td = new Sequential();
    td.add(new Dense(2).inputShape(3));
    e = assertThrows(IllegalArgumentException.class, () -> td.add(new TimeDistributed(new Dense(1))));
    assertTrue(e.getMessage().contains("(samples, timesteps, ...)") && e.getMessage().contains("(None, 2)"),
        e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> Layers.fromConfig("Bidirectional",
        Map.of("layer", Map.of("class_name", "Dense", "config", Map.of("units", 2)))));
    assertTrue(e.getMessage().contains("LSTM, GRU or SimpleRNN"), e.getMessage());

    Sequential lstm = new Sequential();
    lstm.add(new Masking().inputShape(4, 2));
    lstm.add(new LSTM(2));
    e = assertThrows(IllegalArgumentException.class, () -> lstm.predict(random(1, 2, 4, 3)));
    assertTrue(e.getMessage().contains("(samples, timesteps, features)"), e.getMessage());
  }
}
