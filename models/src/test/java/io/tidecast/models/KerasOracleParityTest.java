package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.GRU;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.SimpleRNN;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.Adam;
import io.tidecast.models.optimizers.Optimizer;
import io.tidecast.models.optimizers.RMSprop;
import io.tidecast.models.optimizers.SGD;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Keras parity: for every case of an oracle file produced by {@code shared/oracle/gen.js} (TensorFlow.js
 * Layers, a port of Keras), rebuild the model with the case's weights and check forward output, loss, every
 * gradient and the weights after each optimizer's steps. We compute in double, so besides the tfjs float32
 * numbers (loose tolerance) we check the oracle's float64 reference ({@code ref64}) tightly. The file is
 * {@code -Dtidecast.oracle=PATH} (the build points it at {@code ../shared/oracle/oracle.json}).
 */
class KerasOracleParityTest {
  // conventions.suggested_tolerances in the oracle: float32 implementation vs tfjs
  private static final double TFJS_ATOL = 1e-6;
  private static final double TFJS_RTOL = 1e-5;
  private static final double TFJS_ADAM_ATOL = 1e-5;
  // float64 implementation vs ref64
  private static final double REF64_ATOL = 1e-8;

  @TestFactory
  Stream<DynamicTest> everyOracleCase() throws IOException {
    JsonNode root = loadOracle();
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      String name = c.get("name").asText();
      if (c.has("sequence")) {
        tests.add(DynamicTest.dynamicTest(name, () -> checkStatefulCase(c)));
      } else {
        tests.add(DynamicTest.dynamicTest(name + " forward/loss/gradients", () -> checkForwardAndGradients(c)));
        Iterator<String> opts = c.get("training").fieldNames();
        while (opts.hasNext()) {
          String opt = opts.next();
          tests.add(DynamicTest.dynamicTest(name + " training " + opt, () -> checkTraining(c, opt)));
        }
      }
    }
    assertTrue(tests.size() >= root.get("cases").size(), "oracle has no cases");
    return tests.stream();
  }

  static JsonNode loadOracle() throws IOException {
    String path = System.getProperty("tidecast.oracle", "../../shared/oracle/oracle.json");
    File f = new File(path);
    if (!f.isFile()) {
      String msg = "Keras oracle file not found at " + f.getAbsolutePath() + " (set -Dtidecast.oracle=PATH; "
          + "the shared/ folder beside the repo holds it, and shared/oracle/gen.js regenerates it).";
      // Why a skip: ../shared sits beside the repo, not in it, so a user's fresh clone lacks it and these
      // tests cannot run there; CI has it, and under CI=true a missing folder fails instead of skipping.
      if ("true".equals(System.getenv("CI"))) {
        fail(msg);
      }
      Assumptions.assumeTrue(false, msg);
    }
    return new ObjectMapper().readTree(f);
  }

  // ---- model construction from the oracle's Keras config -------------------------------------------------

  static Sequential buildModel(JsonNode c) {
    Sequential m = new Sequential().dtype("float64");
    for (JsonNode l : c.get("model").get("layers")) {
      m.add(layer(l));
    }
    setInitialWeights(m, c.get("initial_weights"));
    m.compile(new SGD(0.0), Losses.get(c.get("model").get("loss").asText()));
    return m;
  }

  /**
   * The model's weights in the order of the file's {@code entries}. tfjs (like Keras 2) lists every trainable
   * weight before the non-trainable ones (BatchNormalization's moving statistics); Keras 3 and this model
   * keep each layer's weights together ({@code gamma, beta, moving_mean, moving_variance}). Trainable weights
   * keep the same order in both; names must match one to one.
   */
  static List<Weight> inOracleOrder(Sequential m, JsonNode entries) {
    List<Weight> ws = m.weights();
    assertEquals(entries.size(), ws.size(), "number of weights " + ws);
    List<Weight> trainable = new ArrayList<>();
    List<Weight> frozen = new ArrayList<>();
    for (Weight w : ws) {
      (w.trainable() ? trainable : frozen).add(w);
    }
    List<Weight> ordered = new ArrayList<>(trainable);
    ordered.addAll(frozen);
    for (int i = 0; i < ordered.size(); i++) {
      assertEquals(entries.get(i).get("name").asText(), ordered.get(i).name(), "weight " + i + " name/order");
    }
    return ordered;
  }

  /** Copies an oracle's weight list into {@code m}, checking Keras names, order, shapes (and trainable flags). */
  static void setInitialWeights(Sequential m, JsonNode init) {
    List<Weight> ws = inOracleOrder(m, init);
    for (int i = 0; i < ws.size(); i++) {
      JsonNode w = init.get(i);
      assertArrayEquals(shape(w), ws.get(i).shape(), "shape of " + w.get("name").asText());
      if (w.has("trainable")) {
        assertEquals(w.get("trainable").asBoolean(), ws.get(i).trainable(), "trainable " + ws.get(i).name());
      }
      double[] d = data(w);
      System.arraycopy(d, 0, ws.get(i).value(), 0, d.length);
    }
  }

  private static Layer<?> layer(JsonNode l) {
    String cls = l.get("class_name").asText();
    Layer<?> layer;
    switch (cls) {
      case "Dense":
        layer = new Dense(l.get("units").asInt()).activation(act(l.get("activation").asText()))
            .useBias(l.get("use_bias").asBoolean());
        break;
      case "LSTM":
        layer = new LSTM(l.get("units").asInt()).activation(act(l.get("activation").asText()))
            .recurrentActivation(act(l.get("recurrent_activation").asText()))
            .useBias(l.get("use_bias").asBoolean()).returnSequences(l.get("return_sequences").asBoolean())
            .stateful(l.get("stateful").asBoolean());
        break;
      case "GRU":
        layer = new GRU(l.get("units").asInt()).activation(act(l.get("activation").asText()))
            .recurrentActivation(act(l.get("recurrent_activation").asText()))
            .useBias(l.get("use_bias").asBoolean()).returnSequences(l.get("return_sequences").asBoolean())
            .resetAfter(l.path("reset_after").asBoolean(false));
        break;
      case "SimpleRNN":
        layer = new SimpleRNN(l.get("units").asInt()).activation(act(l.get("activation").asText()))
            .useBias(l.get("use_bias").asBoolean()).returnSequences(l.get("return_sequences").asBoolean());
        break;
      default:
        throw new IllegalArgumentException("oracle layer " + cls + " not mapped in this test");
    }
    layer.name(l.get("name").asText());
    if (l.has("batch_input_shape")) {
      layer.batchInputShape(ints(l.get("batch_input_shape")));
    } else if (l.has("input_shape")) {
      layer.inputShape(ints(l.get("input_shape")));
    }
    return layer;
  }

  /** tfjs' hard_sigmoid is the Keras 2 form clip(0.2x + 0.5, 0, 1); Keras 3's is relu6(x + 3) / 6. */
  private static String act(String tfjsName) {
    return "hard_sigmoid".equals(tfjsName) ? "hard_sigmoid_keras2" : tfjsName;
  }

  // ---- checks --------------------------------------------------------------------------------------------

  private static void checkForwardAndGradients(JsonNode c) {
    Sequential m = buildModel(c);
    Tensor x = tensor(c.get("input"));
    Tensor y = tensor(c.get("target"));
    Tensor out = m.predict(x);
    assertArrayEquals(shape(c.get("output")), out.shape, "output shape");
    assertClose(data(c.get("output")), out.data, TFJS_ATOL, TFJS_RTOL, "output vs tfjs");
    assertClose(doubles(c.get("ref64").get("output")), out.data, REF64_ATOL, 0, "output vs ref64");

    double loss = m.computeGradients(x, y);
    assertClose(new double[] {c.get("loss").asDouble()}, new double[] {loss}, TFJS_ATOL, TFJS_RTOL, "loss");
    assertClose(new double[] {c.get("ref64").get("loss").asDouble()}, new double[] {loss}, REF64_ATOL, 0,
        "loss vs ref64");
    List<Weight> ws = m.weights();
    JsonNode grads = c.get("gradients");
    JsonNode fd = c.get("ref64").get("gradients_fd");
    for (int i = 0; i < ws.size(); i++) {
      String n = ws.get(i).name();
      assertClose(data(grads.get(i)), ws.get(i).grad(), TFJS_ATOL, TFJS_RTOL, "gradient " + n + " vs tfjs");
      assertClose(doubles(fd.get(i).get("data")), ws.get(i).grad(), REF64_ATOL, 0,
          "gradient " + n + " vs float64 finite differences");
    }
  }

  private static void checkTraining(JsonNode c, String optName) {
    JsonNode t = c.get("training").get(optName);
    int steps = t.get("steps").asInt();
    Tensor x = tensor(c.get("input"));
    Tensor y = tensor(c.get("target"));
    boolean adam = "Adam".equals(t.get("optimizer").get("class_name").asText());

    // float64 maths, compared with the float64 reference of the same formula
    Sequential m = buildModel(c);
    m.compile(optimizer(t.get("optimizer"), false), m.loss());
    double[] losses = new double[steps];
    for (int s = 0; s < steps; s++) {
      losses[s] = m.trainOnBatch(x, y);
    }
    JsonNode ref = adam ? t.get("ref64_keras_formula") : t.get("ref64");
    if (!adam) {
      assertClose(doubles(ref.get("losses_per_step")), losses, REF64_ATOL, 0, optName + " losses vs ref64");
    }
    List<Weight> ws = m.weights();
    // Adam: lr*g/(|g|+eps) makes elements whose |g| is near eps sensitive (see conventions); SGD-like: tight
    double wtol = adam ? 1e-6 : 1e-7;
    for (int i = 0; i < ws.size(); i++) {
      assertClose(doubles(ref.get("weights_after").get(i).get("data")), ws.get(i).value(), wtol, 0,
          optName + " " + ws.get(i).name() + " after " + steps + " steps vs float64 reference");
    }

    // float32 model with tfjs' own epsilon placement, compared with tfjs' numbers
    Sequential m32 = buildModel(c);
    m32.dtype("float32");
    m32.compile(optimizer(t.get("optimizer"), true), m32.loss());
    for (int s = 0; s < steps; s++) {
      losses[s] = m32.trainOnBatch(x, y);
    }
    assertClose(doubles(t.get("losses_per_step")), losses, TFJS_ATOL, TFJS_RTOL, optName + " losses vs tfjs");
    assertClose(new double[] {t.get("loss_after").asDouble()},
        new double[] {m32.computeGradients(x, y)}, TFJS_ATOL, TFJS_RTOL, optName + " loss after vs tfjs");
    List<Weight> ws32 = m32.weights();
    for (int i = 0; i < ws32.size(); i++) {
      assertClose(data(t.get("weights_after").get(i)), ws32.get(i).value(), adam ? TFJS_ADAM_ATOL : TFJS_ATOL,
          TFJS_RTOL, optName + " " + ws32.get(i).name() + " after " + steps + " steps vs tfjs");
    }
  }

  static Optimizer optimizer(JsonNode o, boolean tfjs) {
    double lr = o.get("learning_rate").asDouble();
    switch (o.get("class_name").asText()) {
      case "Adam":
        Adam a = new Adam(lr, o.get("beta_1").asDouble(), o.get("beta_2").asDouble(), o.get("epsilon").asDouble());
        return tfjs ? a.tfjsEpsilon(true) : a;
      case "SGD":
        return new SGD(lr, o.path("momentum").asDouble(0), o.path("nesterov").asBoolean(false));
      case "RMSprop":
        return new RMSprop(lr, o.get("rho").asDouble(), o.get("momentum").asDouble(), o.get("epsilon").asDouble(),
            o.get("centered").asBoolean());
      default:
        throw new IllegalArgumentException("optimizer " + o);
    }
  }

  private static void checkStatefulCase(JsonNode c) {
    Sequential m = buildModel(c);
    LSTM lstm = (LSTM) m.layers().get(0);
    Tensor a = tensor(c.get("input_A"));
    Tensor b = tensor(c.get("input_B"));
    for (JsonNode step : c.get("sequence")) {
      String what = step.get("step").asText();
      if (what.startsWith("reset_states")) {
        m.resetStates();
      }
      Tensor in = what.contains("input_B") ? b : a;
      Tensor out = m.predict(in);
      assertClose(data(step.get("output")), out.data, TFJS_ATOL, TFJS_RTOL, what + ": output");
      List<Tensor> st = lstm.states();
      assertClose(data(step.get("states_after").get("h")), st.get(0).data, TFJS_ATOL, TFJS_RTOL, what + ": h");
      assertClose(data(step.get("states_after").get("c")), st.get(1).data, TFJS_ATOL, TFJS_RTOL, what + ": c");
    }

    // training with carried state: truncated BPTT, the state entering B comes from A before the update
    JsonNode tr = c.get("training_sgd");
    Sequential t = buildModel(c);
    t.compile(new SGD(tr.get("optimizer").get("learning_rate").asDouble()), t.loss());
    LSTM tl = (LSTM) t.layers().get(0);
    for (JsonNode s : tr.get("steps")) {
      boolean isA = "A".equals(s.get("batch").asText());
      double l = t.trainOnBatch(isA ? a : b, tensor(c.get(isA ? "target_A" : "target_B")));
      String what = "stateful SGD on batch " + s.get("batch").asText();
      assertClose(new double[] {s.get("loss").asDouble()}, new double[] {l}, TFJS_ATOL, TFJS_RTOL, what + " loss");
      List<Weight> ws = t.weights();
      for (int i = 0; i < ws.size(); i++) {
        assertClose(data(s.get("weights_after").get(i)), ws.get(i).value(), TFJS_ATOL, TFJS_RTOL,
            what + " " + ws.get(i).name());
      }
      List<Tensor> st = tl.states();
      assertClose(data(s.get("states_after").get("h")), st.get(0).data, TFJS_ATOL, TFJS_RTOL, what + " h");
      assertClose(data(s.get("states_after").get("c")), st.get(1).data, TFJS_ATOL, TFJS_RTOL, what + " c");
    }
  }

  // ---- JSON and comparison helpers --------------------------------------------------------------------

  static Tensor tensor(JsonNode n) {
    return new Tensor(data(n), shape(n));
  }

  static int[] shape(JsonNode n) {
    return ints(n.get("shape"));
  }

  static double[] data(JsonNode n) {
    return doubles(n.get("data"));
  }

  /** Shape lists; Keras's null (the batch axis) becomes -1. */
  static int[] ints(JsonNode a) {
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = a.get(i).isNull() ? -1 : a.get(i).asInt();
    }
    return r;
  }

  static double[] doubles(JsonNode a) {
    double[] r = new double[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = a.get(i).asDouble();
    }
    return r;
  }

  static void assertArrayEquals(int[] expected, int[] actual, String what) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, what);
  }

  static void assertClose(double[] expected, double[] actual, double atol, double rtol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]) - (atol + rtol * Math.abs(expected[i]));
      if (!(err <= worst) || Double.isNaN(actual[i])) {
        worst = Double.isNaN(actual[i]) ? Double.POSITIVE_INFINITY : err;
        at = i;
      }
    }
    if (at >= 0) {
      fail(what + ": element " + at + " expected " + expected[at] + " got " + actual[at] + " (|diff| "
          + Math.abs(expected[at] - actual[at]) + " > atol " + atol + " + rtol " + rtol + ")");
    }
  }
}
