package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.layers.Activation;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.Dropout;
import io.tidecast.models.layers.GRU;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.SimpleRNN;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SequentialTest {

  static INDArray random(long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    double[] d = new double[(int) n];
    for (int i = 0; i < d.length; i++) {
      d[i] = r.nextDouble() * 2 - 1;
    }
    return Nd4j.create(d, shape, 'c');
  }

  @Test
  void theIssueContractCompilesAndRuns() {
    Sequential m = new Sequential();
    m.add(new LSTM(10).inputShape(2, 1));
    m.add(new Dense(2));
    m.add(new Dense(3, "softmax"));
    m.add(new Activation("softmax"));
    m.compile(new SGD(0.1, 0.3), "categorical_crossentropy", "accuracy");
    INDArray x = random(1, 8, 2, 1);
    INDArray y = Nd4j.zeros(8, 3);
    for (int i = 0; i < 8; i++) {
      y.putScalar(i, i % 3, 1.0);
    }
    History h = m.fit(x, y, 3, 4, 0);
    assertEquals(3, h.history().get("loss").size());
    assertEquals(List.of("loss", "accuracy"), m.metricsNames());
    double[] scores = m.evaluate(x, y);
    assertEquals(2, scores.length);
    assertArrayEquals(new long[] {8, 3}, m.predict(x).shape());
    assertArrayEquals(new long[] {8}, m.predictClasses(x).shape());
    assertTrue(m.summary().contains("Total params"));
    m.resetStates();
    Sequential other = new Sequential();
    other.add(new LSTM(5).returnSequences(true).stateful(true).batchInputShape(3, 4, 2));
    other.add(new SimpleRNN(10).returnSequences(true));
    other.add(new GRU(4));
    other.add(new Dropout(0.5));
    assertArrayEquals(new int[] {4}, other.outputShape());

    Sequential bad = new Sequential();
    bad.add(new SimpleRNN(10).inputShape(3, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.add(new GRU(4)));
    assertTrue(e.getMessage().contains("(samples, timesteps, features)"), e.getMessage());
  }

  @Test
  void paramCountsMatchKeras() {
    Sequential lstm = new Sequential();
    lstm.add(new LSTM(300).inputShape(20, 1));
    assertEquals(362_400, lstm.countParams());
    assertTrue(lstm.summary().contains("362,400"), lstm.summary());

    Sequential mnist = new Sequential();
    mnist.add(new Dense(512, "relu").inputShape(784));
    assertEquals(401_920, mnist.countParams());
    mnist.add(new Dropout(0.2));
    mnist.add(new Dense(512, "relu"));
    mnist.add(new Dropout(0.2));
    mnist.add(new Dense(10, "softmax"));
    assertEquals(669_706, mnist.countParams());
    String s = mnist.summary();
    assertTrue(s.contains("Total params: 669,706"), s);
    assertTrue(s.contains("Trainable params: 669,706"), s);
    assertTrue(s.contains("Non-trainable params: 0"), s);
    assertTrue(s.contains("dense (Dense)"), s);
    assertTrue(s.contains("dense_1 (Dense)"), s);
    assertTrue(s.contains("(None, 512)"), s);

    Sequential churn = new Sequential(new Dense(6, "relu").inputShape(11), new Dense(6, "relu"),
        new Dense(1, "sigmoid"));
    assertEquals(121, churn.countParams());
  }

  @Test
  void summaryLooksLikeKeras2() {
    Sequential m = new Sequential();
    m.add(new LSTM(10).inputShape(2, 1));
    m.add(new Dense(1));
    String expected = String.join("\n",
        "Model: \"sequential\"",
        "_________________________________________________________________",
        " Layer (type)                Output Shape              Param #",
        "=================================================================",
        " lstm (LSTM)                 (None, 10)                480",
        "                                                                 ",
        " dense (Dense)               (None, 1)                 11",
        "=================================================================",
        "Total params: 491",
        "Trainable params: 491",
        "Non-trainable params: 0",
        "_________________________________________________________________",
        "");
    assertEquals(expected, m.summary().replace("\r\n", "\n"));
  }

  @Test
  void wrongInputShapeNamesExpectedAndGiven() {
    Sequential m = new Sequential();
    m.add(new LSTM(10).inputShape(2, 1));
    m.add(new Dense(1));
    m.compile("adam", "mse");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(random(1, 100, 1, 2), random(2, 100, 1), 1, 10, 0));
    assertTrue(e.getMessage().contains("(samples, timesteps, features) = (None, 2, 1)"), e.getMessage());
    assertTrue(e.getMessage().contains("(100, 1, 2)"), e.getMessage());
    assertTrue(e.getMessage().contains("reshape"), e.getMessage());

    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> m.predict(random(1, 100, 2)));
    assertTrue(e2.getMessage().contains("(100, 2)"), e2.getMessage());
  }

  @Test
  void nanInputIsRejectedWithPosition() {
    Sequential m = new Sequential(new Dense(1).inputShape(2));
    m.compile("sgd", "mse");
    INDArray x = random(1, 4, 2);
    x.putScalar(2, 1, Double.NaN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.fit(x, random(2, 4, 1), 1, 4, 0));
    assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("sample 2"), e.getMessage());
  }

  @Test
  void statefulBatchSizeChangeIsExplained() {
    Sequential m = new Sequential();
    m.add(new LSTM(4).stateful(true).batchInputShape(3, 4, 2));
    m.add(new Dense(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(random(1, 5, 4, 2)));
    assertTrue(e.getMessage().contains("3"), e.getMessage());
  }

  @Test
  void statefulCarryEqualsConcatenatedSequenceAndResetRestores() {
    Sequential stateful = new Sequential().dtype("float64");
    stateful.add(new LSTM(6).stateful(true).batchInputShape(2, 3, 2));
    stateful.add(new Dense(1));
    Sequential whole = new Sequential().dtype("float64");
    whole.add(new LSTM(6).inputShape(6, 2));
    whole.add(new Dense(1));
    whole.setWeights(stateful.getWeights());

    INDArray a = random(5, 2, 3, 2);
    INDArray b = random(6, 2, 3, 2);
    INDArray first = stateful.predict(a);
    INDArray second = stateful.predict(b);
    INDArray concat = Nd4j.concat(1, a, b);
    INDArray expected = whole.predict(concat);
    assertArrayEquals(expected.toDoubleVector(), second.toDoubleVector(), 1e-12);
    stateful.resetStates();
    assertArrayEquals(first.toDoubleVector(), stateful.predict(a).toDoubleVector(), 0.0);
    assertNotEquals(first.getDouble(0, 0), second.getDouble(0, 0));
  }

  @Test
  void sameSeedSameModelDifferentSeedDifferent() {
    Sequential a = new Sequential().seed(11);
    a.add(new LSTM(8).inputShape(4, 2));
    a.add(new Dense(1));
    Sequential b = new Sequential().seed(11);
    b.add(new LSTM(8).inputShape(4, 2));
    b.add(new Dense(1));
    Sequential c = new Sequential().seed(12);
    c.add(new LSTM(8).inputShape(4, 2));
    c.add(new Dense(1));
    for (int i = 0; i < a.weights().size(); i++) {
      assertArrayEquals(a.weights().get(i).value(), b.weights().get(i).value(), 0.0);
    }
    assertNotEquals(a.weights().get(0).value()[0], c.weights().get(0).value()[0]);
    INDArray x = random(1, 16, 4, 2);
    INDArray y = random(2, 16, 1);
    a.compile("adam", "mse");
    b.compile("adam", "mse");
    a.fit(x, y, 5, 4, 0);
    b.fit(x, y, 5, 4, 0);
    assertArrayEquals(a.predict(x).toDoubleVector(), b.predict(x).toDoubleVector(), 0.0);
  }

  @Test
  void float32ModelKeepsFloatWeights() {
    Sequential m = new Sequential();
    m.add(new Dense(3).inputShape(2));
    m.compile("adam", "mse");
    m.fit(random(1, 8, 2), random(2, 8, 3), 2, 4, 0);
    for (double v : m.weights().get(0).value()) {
      assertEquals((double) (float) v, v, 0.0);
    }
    assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, m.predict(random(1, 2, 2)).dataType());
  }

  @Test
  void validationSplitAndProgressBar() {
    Sequential m = new Sequential(new Dense(4, "tanh").inputShape(3), new Dense(1));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.output(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    m.compile("adam", "mse", "mae");
    History h = m.fit(random(1, 20, 3), random(2, 20, 1),
        new FitOptions().epochs(2).batchSize(4).validationSplit(0.25).verbose(1));
    assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), List.copyOf(h.history().keySet()));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("Epoch 1/2") && out.contains("Epoch 2/2"), out);
    assertTrue(out.contains("4/4 [==============================]"), out);
    assertTrue(out.contains("val_loss"), out);
  }

  @Test
  void unscaledTargetsWarn() {
    Sequential m = new Sequential(new Dense(1).inputShape(1));
    m.compile("sgd", "mse");
    PrintStream err = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      double[] fib = new double[60];
      fib[0] = 1;
      fib[1] = 1;
      for (int i = 2; i < fib.length; i++) {
        fib[i] = fib[i - 1] + fib[i - 2];
      }
      INDArray x = Nd4j.create(java.util.Arrays.copyOf(fib, 59), new long[] {59, 1}, 'c');
      INDArray y = Nd4j.create(java.util.Arrays.copyOfRange(fib, 1, 60), new long[] {59, 1}, 'c');
      History h = m.fit(x, y, 5, 59, 0);
      String msg = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(msg.contains("unscaled") || msg.contains("Scale"), msg);
      // the loss explodes; training must stop with a reason instead of producing NaN weights
      if (h.stopReason() != null) {
        assertTrue(h.stopReason().contains("loss is"), h.stopReason());
      }
      for (double v : m.weights().get(0).value()) {
        assertTrue(Double.isFinite(v));
      }
    } finally {
      System.setErr(err);
    }
  }

  @Test
  void trainOnBatchReturnsLossBeforeUpdate() {
    Sequential m = new Sequential(new Dense(1).inputShape(2));
    m.compile(new SGD(0.1), "mse");
    INDArray x = random(1, 4, 2);
    INDArray y = random(2, 4, 1);
    double before = m.testOnBatch(x, y)[0];
    double reported = m.trainOnBatch(x, y)[0];
    assertEquals(before, reported, 0.0);
    assertTrue(m.testOnBatch(x, y)[0] < before);
    Tensor t = Tensor.from(m.predictOnBatch(x));
    assertArrayEquals(new int[] {4, 1}, t.shape);
  }

  @Test
  void recurrentModelsTakeAnyNumberOfTimesteps() {
    Sequential m = new Sequential().dtype("float64");
    m.add(new LSTM(5).inputShape(4, 2));
    m.add(new Dense(1));
    INDArray longer = random(3, 2, 7, 2);
    assertArrayEquals(new long[] {2, 1}, m.predict(longer).shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(random(3, 2, 7, 3)));
    assertTrue(e.getMessage().contains("(2, 7, 3)"), e.getMessage());
    Sequential dense = new Sequential(new Dense(1).inputShape(4, 2));
    assertThrows(IllegalArgumentException.class, () -> dense.predict(random(3, 2, 7, 2)));
  }
}
