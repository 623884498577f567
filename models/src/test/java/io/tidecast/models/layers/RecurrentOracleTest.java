package io.tidecast.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidecast.models.ActivationFunction;
import io.tidecast.models.Activations;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keras parity of the recurrent layers' forward maths (and their backward, through a hand-written Dense and
 * loss) against the tfjs oracle in /work/shared/oracle/oracle.json: tfjs float32 outputs at atol 1e-6, the
 * oracle's independent float64 re-implementation ({@code ref64}) at atol 1e-8, and the layer weight
 * gradients against its float64 finite differences at 1e-8.
 */
class RecurrentOracleTest {
  private static JsonNode cases;

  @BeforeAll
  static void load() throws IOException {
    String path = System.getProperty("tidecast.oracle", "/work/shared/oracle/oracle.json");
    File f = new File(path);
    assertTrue(f.isFile(), "oracle not found at " + f.getAbsolutePath());
    cases = new ObjectMapper().readTree(f).get("cases");
  }

  static JsonNode kase(String name) {
    for (JsonNode c : cases) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no oracle case " + name);
  }

  static double[] data(JsonNode node) {
    JsonNode d = node.has("data") ? node.get("data") : node;
    double[] out = new double[d.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.get(i).asDouble();
    }
    return out;
  }

  static int[] shape(JsonNode node) {
    return ints(node.get("shape"));
  }

  static int[] ints(JsonNode s) {
    int[] out = new int[s.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.get(i).asInt();
    }
    return out;
  }

  static Tensor tensor(JsonNode node) {
    return new Tensor(data(node), shape(node));
  }

  /** tfjs / Keras 2 hard_sigmoid, clip(0.2x + 0.5, 0, 1); from the registry once it has it. */
  static ActivationFunction hardSigmoidKeras2() {
    if (Activations.names().contains("hard_sigmoid_keras2")) {
      return Activations.get("hard_sigmoid_keras2");
    }
    return new ActivationFunction.Elementwise() {
      public String name() {
        return "hard_sigmoid_keras2";
      }

      public double apply(double x) {
        return Math.min(1.0, Math.max(0.0, 0.2 * x + 0.5));
      }

      public double derivative(double x, double y) {
        return x > -2.5 && x < 2.5 ? 0.2 : 0.0;
      }
    };
  }

  /** Builds {@code layer} under its Keras name and loads the oracle's weights from index {@code from}. */
  static int load(Recurrent<?> layer, String name, int[] sampleShape, JsonNode weights, int from) {
    layer.build(name, sampleShape, new SplittableRandom(1));
    for (Weight w : layer.weights()) {
      JsonNode j = weights.get(from++);
      assertEquals(w.name(), j.get("name").asText());
      assertEquals(java.util.Arrays.toString(w.shape()), java.util.Arrays.toString(shape(j)));
      double[] v = data(j);
      System.arraycopy(v, 0, w.value(), 0, v.length);
    }
    return from;
  }

  /** A Dense layer done by hand: {@code act(h . W + b)} on rows of {@code in}. */
  static double[] dense(double[] h, int in, double[] w, double[] b, int out, String act) {
    int rows = h.length / in;
    double[] y = new double[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int j = 0; j < in; j++) {
          s += h[r * in + j] * w[j * out + o];
        }
        y[r * out + o] = s;
      }
      if (act.equals("sigmoid")) {
        for (int o = 0; o < out; o++) {
          y[r * out + o] = 1 / (1 + Math.exp(-y[r * out + o]));
        }
      } else if (act.equals("softmax")) {
        double max = Double.NEGATIVE_INFINITY;
        for (int o = 0; o < out; o++) {
          max = Math.max(max, y[r * out + o]);
        }
        double sum = 0;
        for (int o = 0; o < out; o++) {
          y[r * out + o] = Math.exp(y[r * out + o] - max);
          sum += y[r * out + o];
        }
        for (int o = 0; o < out; o++) {
          y[r * out + o] /= sum;
        }
      } else {
        assertEquals("linear", act);
      }
    }
    return y;
  }

  /**
   * dLoss/dh through the hand-written Dense: for mse+linear, bce+sigmoid and cce+softmax the derivative
   * wrt the Dense pre-activation is {@code (p - t) * k / count} (k = 2 for mse).
   */
  static double[] lossGradWrtH(double[] p, double[] t, String loss, int in, double[] w, int out) {
    int rows = p.length / out;
    double count = loss.equals("categorical_crossentropy") ? rows : p.length;
    double k = loss.equals("mean_squared_error") ? 2 : 1;
    double[] dh = new double[rows * in];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double dz = k * (p[r * out + o] - t[r * out + o]) / count;
        for (int j = 0; j < in; j++) {
          dh[r * in + j] += dz * w[j * out + o];
        }
      }
    }
    return dh;
  }

  static void assertClose(double[] expected, double[] actual, double atol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(expected[i] - actual[i]);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    assertTrue(worst <= atol, what + ": max abs diff " + worst + " at [" + at + "] (expected "
        + (at < 0 ? "" : expected[at] + ", got " + actual[at]) + "), tolerance " + atol);
  }

  static void assertGradients(JsonNode c, List<Recurrent<?>> layers) {
    int checked = 0;
    for (JsonNode g : c.get("ref64").get("gradients_fd")) {
      for (Recurrent<?> l : layers) {
        for (Weight w : l.weights()) {
          if (w.name().equals(g.get("name").asText())) {
            assertClose(data(g.get("data")), w.grad(), 1e-8, "gradient " + w.name() + " vs ref64 finite diffs");
            checked++;
          }
        }
      }
    }
    int expected = 0;
    for (Recurrent<?> l : layers) {
      expected += l.weights().size();
    }
    assertEquals(expected, checked, "every layer weight compared");
  }

  /** One recurrent layer, then Dense: forward parity with tfjs and ref64, gradients with ref64. */
  void singleLayerCase(String name, Recurrent<?> layer, String layerName) {
    JsonNode c = kase(name);
    JsonNode model = c.get("model");
    JsonNode lc = model.get("layers").get(0);
    JsonNode dc = model.get("layers").get(1);
    assertEquals(lc.get("units").asInt(), layer.units());
    assertEquals(lc.get("return_sequences").asBoolean(), layer.returnSequences());
    Tensor x = tensor(c.get("input"));
    int[] sample = {x.dim(1), x.dim(2)};
    int next = load(layer, layerName, sample, c.get("initial_weights"), 0);
    int units = layer.units();
    int out = dc.get("units").asInt();
    double[] wd = data(c.get("initial_weights").get(next++));
    double[] bd = dc.get("use_bias").asBoolean() ? data(c.get("initial_weights").get(next++)) : null;
    assertEquals(c.get("initial_weights").size(), next, "all weights used");

    Tensor h = layer.forward(x, false);
    double[] y = dense(h.data, units, wd, bd, out, dc.get("activation").asText());
    assertClose(data(c.get("output")), y, 1e-6, name + " output vs tfjs");
    assertClose(data(c.get("ref64").get("output")), y, 1e-8, name + " output vs ref64");

    for (Weight w : layer.weights()) {
      w.zeroGrad();
    }
    layer.backward(new Tensor(lossGradWrtH(y, data(c.get("target")), model.get("loss").asText(), units, wd,
        out), h.shape));
    assertGradients(c, List.of(layer));
  }

  @Test
  void lstm4Dense1() {
    singleLayerCase("lstm4_dense1_mse", new LSTM(4), "lstm");
  }

  @Test
  void gru4ResetBeforeDense1() {
    singleLayerCase("gru4_dense1_mse", new GRU(4).resetAfter(false), "gru");
  }

  @Test
  void simpleRnnReluDenseSigmoid() {
    singleLayerCase("simplernn3relu_dense1sigmoid_bce", new SimpleRNN(3).activation("relu"), "simple_rnn");
  }

  @Test
  void lstmNoBiasHardSigmoid() {
    singleLayerCase("lstm3_nobias_hardsigmoid_dense1_mse",
        new LSTM(3).useBias(false).recurrentActivation(hardSigmoidKeras2()), "lstm");
  }

  @Test
  void lstmReturnSequencesDensePerTimestep() {
    singleLayerCase("lstm3seq_dense1_mse_per_timestep", new LSTM(3).returnSequences(true), "lstm");
  }

  @Test
  void stackedLstmsDenseSoftmax() {
    JsonNode c = kase("lstm5seq_lstm3_dense2softmax_cce");
    JsonNode weights = c.get("initial_weights");
    Tensor x = tensor(c.get("input"));
    LSTM first = new LSTM(5).returnSequences(true);
    LSTM second = new LSTM(3);
    int next = load(first, "lstm", new int[] {x.dim(1), x.dim(2)}, weights, 0);
    next = load(second, "lstm_1", new int[] {x.dim(1), 5}, weights, next);
    double[] wd = data(weights.get(next++));
    double[] bd = data(weights.get(next++));
    Tensor h = second.forward(first.forward(x, false), false);
    double[] y = dense(h.data, 3, wd, bd, 2, "softmax");
    assertClose(data(c.get("output")), y, 1e-6, "output vs tfjs");
    assertClose(data(c.get("ref64").get("output")), y, 1e-8, "output vs ref64");
    for (Weight w : first.weights()) {
      w.zeroGrad();
    }
    for (Weight w : second.weights()) {
      w.zeroGrad();
    }
    first.backward(second.backward(new Tensor(lossGradWrtH(y, data(c.get("target")),
        "categorical_crossentropy", 3, wd, 2), h.shape)));
    assertGradients(c, List.of(first, second));
  }

  @Test
  void statefulPredictABResetA() {
    JsonNode c = kase("lstm4_stateful_dense1_mse");
    JsonNode weights = c.get("initial_weights");
    int[] bis = ints(c.get("model").get("layers").get(0).get("batch_input_shape"));
    LSTM lstm = new LSTM(4).stateful(true).batchInputShape(bis);
    int next = load(lstm, "lstm", new int[] {bis[1], bis[2]}, weights, 0);
    double[] wd = data(weights.get(next++));
    double[] bd = data(weights.get(next));
    Tensor a = tensor(c.get("input_A"));
    Tensor b = tensor(c.get("input_B"));
    List<Tensor> inputs = List.of(a, b, a);
    JsonNode seq = c.get("sequence");
    assertEquals(3, seq.size());
    List<double[]> outputs = new ArrayList<>();
    for (int step = 0; step < 3; step++) {
      if (step == 2) {
        lstm.resetStates();
      }
      Tensor h = lstm.forward(inputs.get(step), false);
      double[] y = dense(h.data, 4, wd, bd, 1, "linear");
      outputs.add(y);
      JsonNode expect = seq.get(step);
      String what = expect.get("step").asText();
      assertClose(data(expect.get("output")), y, 1e-6, what + ": output");
      assertClose(data(expect.get("states_after").get("h")), lstm.states().get(0).data, 1e-6, what + ": h");
      assertClose(data(expect.get("states_after").get("c")), lstm.states().get(1).data, 1e-6, what + ": c");
      assertClose(lstm.states().get(0).data, lstm.getStates().get(0).data, 0, what + ": carried h");
      assertClose(lstm.states().get(1).data, lstm.getStates().get(1).data, 0, what + ": carried c");
    }
    assertClose(outputs.get(0), outputs.get(2), 0, "A after reset equals A from zeros");
  }

}
