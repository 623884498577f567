package io.tidecast.models;

import static io.tidecast.models.KerasOracleParityTest.assertClose;
import static io.tidecast.models.KerasOracleParityTest.doubles;
import static io.tidecast.models.KerasOracleParityTest.ints;
import static io.tidecast.models.KerasOracleParityTest.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.Layers;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.SGD;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Keras parity of single layers against {@code src/test/resources/oracle/layers.json}, written by
 * {@code src/test/oracle/gen-layers.js} (TensorFlow.js Layers 4.22; cases in {@code src/test/oracle/cases}).
 * Each case is rebuilt from its Keras layer configs through {@link Layers#fromConfig}; then its summary
 * (output shapes, parameter counts), forward output, loss, every gradient and the weights after SGD and Adam
 * steps are compared at the tolerances the JSON records (tfjs computes in float32). The file is committed, so
 * this needs neither node nor ../shared.
 */
class LayerOracleTest {
  static final String RESOURCE = "/oracle/layers.json";

  @TestFactory
  Stream<DynamicTest> everyCase() throws IOException {
    JsonNode root = load();
    assertEquals(0, root.get("check_failures").size(), "the generator's self-checks failed: "
        + root.get("check_failures"));
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      String name = c.get("name").asText();
      tests.add(DynamicTest.dynamicTest(name + " data from formulas", () -> checkFormulas(c)));
      tests.add(DynamicTest.dynamicTest(name + " summary", () -> checkSummary(c)));
      tests.add(DynamicTest.dynamicTest(name + " forward/loss/gradients", () -> checkForwardAndGradients(c)));
      if (c.has("training")) {
        Iterator<String> opts = c.get("training").fieldNames();
        while (opts.hasNext()) {
          String opt = opts.next();
          tests.add(DynamicTest.dynamicTest(name + " training " + opt, () -> checkTraining(c, opt)));
        }
      }
    }
    assertTrue(tests.size() > 0, "no oracle cases in " + RESOURCE);
    return tests.stream();
  }

  static JsonNode load() throws IOException {
    try (InputStream in = LayerOracleTest.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new AssertionError(RESOURCE + " is missing from the test resources: regenerate it with "
            + "cd models/src/test/oracle && npm ci && node gen-layers.js ../resources/oracle/layers.json");
      }
      return new ObjectMapper().readTree(in);
    }
  }

  // ---- model from the case's Keras configs -----------------------------------------------------------

  /** The case's model through Layers.fromConfig, with its initial weights, computing in {@code dtype}. */
  static Sequential buildModel(JsonNode c, String dtype) {
    Sequential m = new Sequential().dtype(dtype);
    ObjectMapper om = new ObjectMapper();
    for (JsonNode l : c.get("model").get("layers")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> config = om.convertValue(l.get("config"), Map.class);
      m.add(Layers.fromConfig(l.get("class_name").asText(), config));
    }
    KerasOracleParityTest.setInitialWeights(m, c.get("initial_weights"));
    m.compile(new SGD(0.0), Losses.get(c.get("model").get("loss").asText()));
    return m;
  }

  // ---- checks ------------------------------------------------------------------------------------------

  /** Weights and input are the documented sin formula, bit for bit, so other tools can rebuild them. */
  private static void checkFormulas(JsonNode c) {
    List<JsonNode> tensors = new ArrayList<>();
    c.get("initial_weights").forEach(tensors::add);
    tensors.add(c.get("input"));
    for (JsonNode t : tensors) {
      JsonNode f = t.get("formula");
      double offset = f.get("offset").asDouble();
      double scale = f.get("scale").asDouble();
      double freq = f.get("freq").asDouble();
      double phase = f.get("phase").asDouble();
      JsonNode data = t.get("data");
      int[] shape = ints(t.get("shape"));
      assertEquals(Tensor.sizeOf(shape), data.size(), "size of " + t.path("name").asText("input"));
      boolean[] zero = new boolean[data.size()];
      for (JsonNode bt : f.path("zero_steps")) { // (sample, timestep) pairs zeroed after the formula
        int per = (int) (Tensor.sizeOf(shape) / shape[0] / shape[1]);
        int from = (bt.get(0).asInt() * shape[1] + bt.get(1).asInt()) * per;
        java.util.Arrays.fill(zero, from, from + per, true);
      }
      for (int k = 0; k < data.size(); k++) {
        double v = zero[k] ? 0.0 : (float) (offset + scale * StrictMath.sin(freq * k + phase));
        if (v != data.get(k).asDouble()) {
          fail(t.path("name").asText("input") + "[" + k + "]: formula gives " + v + ", file has " + data.get(k));
        }
      }
    }
  }

  private static void checkSummary(JsonNode c) {
    Sequential m = buildModel(c, "float64");
    JsonNode rows = c.get("summary");
    assertEquals(rows.size(), m.layers().size(), "layers");
    String summary = m.summary();
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      Layer<?> l = m.layers().get(i);
      assertEquals(r.get("name").asText(), l.name(), "layer " + i + " name");
      assertEquals(r.get("class_name").asText(), l.className(), "layer " + i + " class");
      int[] keras = ints(r.get("output_shape"));
      int[] ours = withBatch(l.computeOutputShape(l.builtInputShape()));
      assertArrayEquals(keras, ours, l.name() + " output shape");
      assertEquals(r.get("params").asLong(), l.countParams(), l.name() + " params");
      String row = l.name() + " (" + l.className() + ")";
      assertTrue(summary.lines().anyMatch(s -> s.contains(row) && s.contains(Tensor.shapeString(keras))
          && s.trim().endsWith(String.format(java.util.Locale.ROOT, "%,d", r.get("params").asLong()))),
          "summary() row of " + row + " with " + Tensor.shapeString(keras) + ":\n" + summary);
    }
  }

  private static void checkForwardAndGradients(JsonNode c) {
    Tol tol = new Tol(c.get("tolerances"));
    Sequential m = buildModel(c, "float64");
    Tensor x = tensor(c.get("input"));
    Tensor y = tensor(c.get("target"));
    Tensor out = m.predict(x);
    assertArrayEquals(ints(c.get("output").get("shape")), out.shape, "output shape");
    assertClose(doubles(c.get("output").get("data")), out.data, tol.atol, tol.rtol, "output");
    if (c.path("forward_only").asBoolean(false)) {
      Loss loss = m.loss();
      assertClose(new double[] {c.get("loss").asDouble()}, new double[] {loss.compute(y, out)}, tol.atol, tol.rtol,
          "loss");
      return;
    }
    double loss = m.computeGradients(x, y);
    assertClose(new double[] {c.get("loss").asDouble()}, new double[] {loss}, tol.atol, tol.rtol, "loss");
    List<Weight> trainable = new ArrayList<>();
    for (Weight w : m.weights()) {
      if (w.trainable()) {
        trainable.add(w);
      }
    }
    JsonNode grads = c.get("gradients");
    assertEquals(grads.size(), trainable.size(), "gradients");
    for (int i = 0; i < trainable.size(); i++) {
      Weight w = trainable.get(i);
      assertEquals(grads.get(i).get("name").asText(), w.name(), "gradient " + i);
      assertClose(doubles(grads.get(i).get("data")), w.grad(), tol.atol, tol.rtol, "gradient of " + w.name());
    }
  }

  /** A float32 model (tfjs' Adam epsilon placement) steps as tfjs does. */
  private static void checkTraining(JsonNode c, String key) {
    Tol tol = new Tol(c.get("tolerances"));
    JsonNode t = c.get("training").get(key);
    boolean adam = "Adam".equals(t.get("optimizer").get("class_name").asText());
    Sequential m = buildModel(c, "float32");
    m.compile(KerasOracleParityTest.optimizer(t.get("optimizer"), true), m.loss());
    Tensor x = tensor(c.get("input"));
    Tensor y = tensor(c.get("target"));
    int steps = t.get("steps").asInt();
    double[] losses = new double[steps];
    for (int s = 0; s < steps; s++) {
      losses[s] = m.trainOnBatch(x, y);
    }
    assertClose(doubles(t.get("losses_per_step")), losses, tol.atol, tol.rtol, key + " losses per step");
    Tensor p = m.predict(x);
    assertClose(new double[] {t.get("loss_after").asDouble()}, new double[] {m.loss().compute(y, p)}, tol.atol,
        tol.rtol, key + " loss after");
    JsonNode after = t.get("weights_after");
    List<Weight> ws = KerasOracleParityTest.inOracleOrder(m, after);
    for (int i = 0; i < ws.size(); i++) {
      assertClose(doubles(after.get(i).get("data")), ws.get(i).value(), adam ? tol.adamAtol : tol.atol, tol.rtol,
          key + " " + ws.get(i).name() + " after " + steps + " steps");
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  private static final class Tol {
    final double atol;
    final double rtol;
    final double adamAtol;

    Tol(JsonNode t) {
      atol = t.get("atol").asDouble();
      rtol = t.get("rtol").asDouble();
      adamAtol = t.get("adam_atol").asDouble();
    }
  }

  private static int[] withBatch(int[] sample) {
    int[] s = new int[sample.length + 1];
    s[0] = -1;
    System.arraycopy(sample, 0, s, 1, sample.length);
    return s;
  }
}
