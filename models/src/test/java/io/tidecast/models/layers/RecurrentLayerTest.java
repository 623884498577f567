package io.tidecast.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.GradientCheck;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Shapes, parameter counts, options and state handling of LSTM, GRU and SimpleRNN. */
class RecurrentLayerTest {
  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("LSTM", (Supplier<Recurrent<?>>) () -> new LSTM(3)),
        Arguments.of("GRU", (Supplier<Recurrent<?>>) () -> new GRU(3)),
        Arguments.of("GRU(reset_after=false)", (Supplier<Recurrent<?>>) () -> new GRU(3).resetAfter(false)),
        Arguments.of("SimpleRNN", (Supplier<Recurrent<?>>) () -> new SimpleRNN(3)));
  }

  static <L extends Recurrent<?>> L built(L layer, int timesteps, int features, long seed) {
    layer.build(layer.defaultNameStem(), new int[] {timesteps, features}, new SplittableRandom(seed));
    SplittableRandom r = new SplittableRandom(seed + 1);
    for (Weight w : layer.weights()) {
      for (int i = 0; i < w.size(); i++) {
        w.value()[i] = (r.nextDouble() * 2 - 1) * 0.7;
      }
    }
    return layer;
  }

  /** Copies the weight values of {@code from} into {@code to} (same kind and shapes). */
  static void copyWeights(Recurrent<?> from, Recurrent<?> to) {
    for (int i = 0; i < from.weights().size(); i++) {
      double[] v = from.weights().get(i).value();
      System.arraycopy(v, 0, to.weights().get(i).value(), 0, v.length);
    }
  }

  /** Concatenates two (samples, timesteps, features) tensors along time. */
  static Tensor concatTime(Tensor a, Tensor b) {
    int n = a.dim(0);
    int f = a.dim(2);
    int ta = a.dim(1);
    int tb = b.dim(1);
    Tensor c = new Tensor(n, ta + tb, f);
    for (int i = 0; i < n; i++) {
      System.arraycopy(a.data, i * ta * f, c.data, i * (ta + tb) * f, ta * f);
      System.arraycopy(b.data, i * tb * f, c.data, (i * (ta + tb) + ta) * f, tb * f);
    }
    return c;
  }

  static Tensor reverseTime(Tensor x) {
    int n = x.dim(0);
    int t = x.dim(1);
    int f = x.dim(2);
    Tensor r = new Tensor(x.shape);
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < t; s++) {
        System.arraycopy(x.data, (i * t + s) * f, r.data, (i * t + (t - 1 - s)) * f, f);
      }
    }
    return r;
  }

  static void assertClose(double[] expected, double[] actual, double atol) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], atol, "at [" + i + "]");
    }
  }

  // ---- shapes, parameters, initialisation --------------------------------------------------------------

  @Test
  void parameterCounts() {
    LSTM big = new LSTM(300);
    big.build("lstm", new int[] {20, 1}, new SplittableRandom(1));
    assertEquals(362_400, big.countParams());
    LSTM small = new LSTM(10);
    small.build("lstm", new int[] {2, 1}, new SplittableRandom(1));
    assertEquals(480, small.countParams());
    GRU gru = new GRU(4);
    gru.build("gru", new int[] {5, 2}, new SplittableRandom(1));
    assertEquals(3 * 4 * (2 + 4) + 2 * 3 * 4, gru.countParams());
    assertEquals(96, gru.countParams());
    GRU gru2 = new GRU(4).resetAfter(false);
    gru2.build("gru", new int[] {5, 2}, new SplittableRandom(1));
    assertEquals(3 * 4 * (2 + 4 + 1), gru2.countParams());
    SimpleRNN rnn = new SimpleRNN(10);
    rnn.build("simple_rnn", new int[] {3, 1}, new SplittableRandom(1));
    assertArrayEquals(new int[] {10}, rnn.computeOutputShape(new int[] {3, 1}));
    assertEquals(120, rnn.countParams());
  }

  @Test
  void weightNamesAndShapesFollowKeras() {
    LSTM lstm = new LSTM(4);
    lstm.build("lstm", new int[] {5, 2}, new SplittableRandom(1));
    assertEquals("[lstm/kernel(2, 16), lstm/recurrent_kernel(4, 16), lstm/bias(16,)]",
        lstm.weights().toString());
    GRU gru = new GRU(4);
    gru.build("gru", new int[] {5, 2}, new SplittableRandom(1));
    assertEquals("[gru/kernel(2, 12), gru/recurrent_kernel(4, 12), gru/bias(2, 12)]", gru.weights().toString());
    GRU gru2 = new GRU(4).resetAfter(false).useBias(true);
    gru2.build("gru", new int[] {5, 2}, new SplittableRandom(1));
    assertEquals("[gru/kernel(2, 12), gru/recurrent_kernel(4, 12), gru/bias(12,)]", gru2.weights().toString());
    LSTM noBias = new LSTM(4).useBias(false);
    noBias.build("lstm", new int[] {5, 2}, new SplittableRandom(1));
    assertEquals(2, noBias.weights().size());
    assertEquals("simple_rnn", new SimpleRNN(2).defaultNameStem());
  }

  @Test
  void outputShapes() {
    assertArrayEquals(new int[] {7}, new LSTM(7).computeOutputShape(new int[] {5, 2}));
    assertArrayEquals(new int[] {5, 7}, new GRU(7).returnSequences(true).computeOutputShape(new int[] {5, 2}));
    LSTM l = built(new LSTM(3).returnSequences(true), 5, 2, 1);
    Tensor y = l.forward(GradientCheck.random(new SplittableRandom(2), 1, 4, 5, 2), false);
    assertArrayEquals(new int[] {4, 5, 3}, y.shape);
    assertEquals(2, l.states().size());
    assertArrayEquals(new int[] {4, 3}, l.states().get(1).shape);
  }

  @Test
  void unitForgetBiasInitialisesTheForgetBlockToOnes() {
    LSTM lstm = new LSTM(3);
    lstm.build("lstm", new int[] {2, 2}, new SplittableRandom(1));
    assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, lstm.weights().get(2).value());
    LSTM plain = new LSTM(3).unitForgetBias(false);
    plain.build("lstm", new int[] {2, 2}, new SplittableRandom(1));
    assertArrayEquals(new double[12], plain.weights().get(2).value());
    LSTM ones = new LSTM(2).biasInitializer("ones");
    ones.build("lstm", new int[] {2, 2}, new SplittableRandom(1));
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, ones.weights().get(2).value());
  }

  @Test
  void rankErrorSaysWhatShapeIsExpected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LSTM(4).build("lstm", new int[] {5}, new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("expected ndim=3"), e.getMessage());
    assertTrue(e.getMessage().contains(
        "LSTM expects input shaped (samples, timesteps, features), e.g. inputShape(timesteps, features)"),
        e.getMessage());
    GRU g = built(new GRU(2), 4, 3, 1);
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> g.forward(new Tensor(2, 4, 5), false));
    assertTrue(e2.getMessage().contains("3 features") && e2.getMessage().contains("(2, 4, 5)"), e2.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SimpleRNN(0));
    assertThrows(IllegalArgumentException.class, () -> new LSTM(2).dropout(1.0));
    assertThrows(IllegalArgumentException.class, () -> new LSTM(2).recurrentDropout(-0.1));
  }

  // ---- maths --------------------------------------------------------------------------------------------

  /** GRU reset_after=True (no tfjs oracle) against a direct transcription of Keras' GRUCell.call. */
  @Test
  void gruResetAfterMatchesKerasFormula() {
    int u = 3;
    int f = 2;
    int n = 2;
    int t = 4;
    GRU gru = built(new GRU(u).returnSequences(true), t, f, 21);
    double[] w = gru.weights().get(0).value();
    double[] uk = gru.weights().get(1).value();
    double[] b = gru.weights().get(2).value();
    Tensor x = GradientCheck.random(new SplittableRandom(22), 1, n, t, f);
    Tensor y = gru.forward(x, false);
    for (int i = 0; i < n; i++) {
      double[] h = new double[u];
      for (int s = 0; s < t; s++) {
        double[] hn = new double[u];
        for (int j = 0; j < u; j++) {
          double[] xg = new double[3];
          double[] rg = new double[3];
          for (int g = 0; g < 3; g++) {
            xg[g] = b[g * u + j];
            rg[g] = b[3 * u + g * u + j];
            for (int k = 0; k < f; k++) {
              xg[g] += x.data[(i * t + s) * f + k] * w[k * 3 * u + g * u + j];
            }
            for (int k = 0; k < u; k++) {
              rg[g] += h[k] * uk[k * 3 * u + g * u + j];
            }
          }
          double z = 1 / (1 + Math.exp(-(xg[0] + rg[0])));
          double r = 1 / (1 + Math.exp(-(xg[1] + rg[1])));
          double hh = Math.tanh(xg[2] + r * rg[2]);
          hn[j] = z * h[j] + (1 - z) * hh;
        }
        h = hn;
        for (int j = 0; j < u; j++) {
          assertEquals(h[j], y.data[(i * t + s) * u + j], 1e-12, "sample " + i + " step " + s);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void goBackwardsEqualsForwardOnTheReversedSequence(String name, Supplier<Recurrent<?>> kind) {
    Recurrent<?> back = built(kind.get().goBackwards(true).returnSequences(true), 5, 2, 31);
    Recurrent<?> fwd = built(kind.get().returnSequences(true), 5, 2, 31);
    Tensor x = GradientCheck.random(new SplittableRandom(32), 1, 3, 5, 2);
    Tensor yb = back.forward(x, false);
    Tensor yf = fwd.forward(reverseTime(x), false);
    // Keras returns the sequence in processing order, i.e. for the reversed input
    assertClose(yf.data, yb.data, 1e-15);
    assertFalse(Arrays.equals(yb.data, fwd.forward(x, false).data));
  }

  // ---- dropout ------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void dropoutOnlyActsInTrainingAndIsRepeatableWithASeed(String name, Supplier<Recurrent<?>> kind) {
    Recurrent<?> plain = built(kind.get(), 4, 3, 41);
    Recurrent<?> drop = built(kind.get().dropout(0.5).recurrentDropout(0.5), 4, 3, 41);
    Tensor x = GradientCheck.random(new SplittableRandom(42), 1, 5, 4, 3);
    double[] ref = plain.forward(x, false).data;
    assertArrayEquals(ref, drop.forward(x, false).data);
    assertArrayEquals(ref, plain.forward(x, true).data); // no dropout configured: training changes nothing
    drop.seed(7);
    double[] t1 = drop.forward(x, true).data;
    double[] t2 = drop.forward(x, true).data;
    drop.seed(7);
    double[] t3 = drop.forward(x, true).data;
    assertFalse(Arrays.equals(ref, t1));
    assertFalse(Arrays.equals(t1, t2), "new masks per batch");
    assertArrayEquals(t1, t3, "reseeding repeats the masks");
  }

  /** With W = I, U = 0, no bias and a linear activation, h_t = x_t * inputMask: one mask for all steps. */
  @Test
  void inputMaskIsSampledOncePerBatchAndScaled() {
    int u = 4;
    SimpleRNN rnn = new SimpleRNN(u).activation("linear").useBias(false).returnSequences(true).dropout(0.5);
    rnn.build("simple_rnn", new int[] {6, u}, new SplittableRandom(1));
    double[] w = rnn.weights().get(0).value();
    Arrays.fill(w, 0);
    for (int j = 0; j < u; j++) {
      w[j * u + j] = 1;
    }
    Arrays.fill(rnn.weights().get(1).value(), 0);
    int n = 8;
    Tensor ones = new Tensor(n, 6, u);
    Arrays.fill(ones.data, 1.0);
    Tensor y = rnn.seed(3).forward(ones, true);
    int dropped = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < u; j++) {
        double m = y.data[(i * 6) * u + j];
        assertTrue(m == 0.0 || m == 2.0, "mask value " + m);
        dropped += m == 0 ? 1 : 0;
        for (int s = 1; s < 6; s++) {
          assertEquals(m, y.data[(i * 6 + s) * u + j], "same mask at every timestep");
        }
      }
    }
    assertTrue(dropped > 0 && dropped < n * u);
  }

  /** With U = I, x only at step 0: h1 = x0, h2 = h1 * m, h3 = h2 * m: the same recurrent mask every step. */
  @Test
  void recurrentMaskIsSampledOncePerBatch() {
    int u = 4;
    SimpleRNN rnn = new SimpleRNN(u).activation("linear").useBias(false).returnSequences(true)
        .recurrentDropout(0.5);
    rnn.build("simple_rnn", new int[] {3, u}, new SplittableRandom(1));
    double[] w = rnn.weights().get(0).value();
    double[] rk = rnn.weights().get(1).value();
    Arrays.fill(w, 0);
    Arrays.fill(rk, 0);
    for (int j = 0; j < u; j++) {
      w[j * u + j] = 1;
      rk[j * u + j] = 1;
    }
    int n = 8;
    Tensor x = new Tensor(n, 3, u);
    for (int i = 0; i < n; i++) {
      Arrays.fill(x.data, i * 3 * u, i * 3 * u + u, 1.0);
    }
    Tensor y = rnn.seed(5).forward(x, true);
    int dropped = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < u; j++) {
        assertEquals(1.0, y.data[(i * 3) * u + j]);
        double m = y.data[(i * 3 + 1) * u + j];
        assertTrue(m == 0.0 || m == 2.0, "mask value " + m);
        dropped += m == 0 ? 1 : 0;
        assertEquals(m * m, y.data[(i * 3 + 2) * u + j]);
      }
    }
    assertTrue(dropped > 0 && dropped < n * u);
  }

  // ---- state ----------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void statefulBatchesEqualTheConcatenatedSequence(String name, Supplier<Recurrent<?>> kind) {
    int n = 3;
    Recurrent<?> stateful = built(kind.get().stateful(true).batchInputShape(n, 4, 2).returnSequences(true), 4, 2,
        51);
    Recurrent<?> whole = built(kind.get().returnSequences(true), 7, 2, 51);
    Tensor a = GradientCheck.random(new SplittableRandom(52), 1, n, 4, 2);
    Tensor b = GradientCheck.random(new SplittableRandom(53), 1, n, 3, 2);
    Tensor ya = stateful.forward(a, false);
    Tensor yb = stateful.forward(b, false);
    Tensor yab = whole.forward(concatTime(a, b), false);
    assertClose(yab.data, concatTime(ya, yb).data, 1e-14);
    for (int i = 0; i < whole.states().size(); i++) {
      assertClose(whole.states().get(i).data, stateful.states().get(i).data, 1e-14);
      assertClose(whole.states().get(i).data, stateful.getStates().get(i).data, 1e-14);
    }
    // reset: the next batch starts from zeros again
    stateful.resetStates();
    assertClose(ya.data, stateful.forward(a, false).data, 0);
    for (Tensor s : statefulAfterReset(stateful)) {
      assertArrayEquals(new double[s.size()], s.data);
    }
  }

  private static List<Tensor> statefulAfterReset(Recurrent<?> l) {
    l.resetStates();
    List<Tensor> s = l.getStates();
    assertEquals(l.stateCount(), s.size());
    assertArrayEquals(new int[] {l.declaredBatchSize(), l.units()}, s.get(0).shape);
    return s;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void initialStateContinuesASequenceWithoutBeingStateful(String name, Supplier<Recurrent<?>> kind) {
    Recurrent<?> layer = built(kind.get(), 4, 2, 61);
    Recurrent<?> whole = built(kind.get(), 7, 2, 61);
    Tensor a = GradientCheck.random(new SplittableRandom(62), 1, 2, 4, 2);
    Tensor b = GradientCheck.random(new SplittableRandom(63), 1, 2, 3, 2);
    Tensor fromZeros = layer.forward(b, false);
    layer.forward(a, false);
    List<Tensor> afterA = layer.states();
    layer.initialState(afterA);
    Tensor continued = layer.forward(b, false);
    assertClose(whole.forward(concatTime(a, b), false).data, continued.data, 1e-14);
    for (int i = 0; i < afterA.size(); i++) {
      assertClose(whole.states().get(i).data, layer.states().get(i).data, 1e-14);
    }
    // used once: the next forward starts from zeros again
    assertClose(fromZeros.data, layer.forward(b, false).data, 0);
    assertThrows(IllegalStateException.class, layer::getStates);
    assertThrows(IllegalStateException.class, () -> layer.resetStates(afterA));
  }

  @Test
  void statefulStateCanBeLoadedAndReadBack() {
    LSTM lstm = built(new LSTM(3).stateful(true).batchInputShape(2, 4, 2), 4, 2, 71);
    LSTM whole = built(new LSTM(3), 4, 2, 71);
    Tensor h0 = GradientCheck.random(new SplittableRandom(72), 1, 2, 3);
    Tensor c0 = GradientCheck.random(new SplittableRandom(73), 1, 2, 3);
    lstm.setStates(List.of(h0, c0));
    List<Tensor> got = lstm.getStates();
    assertArrayEquals(h0.data, got.get(0).data);
    assertArrayEquals(c0.data, got.get(1).data);
    got.get(0).data[0] = 99; // a copy: does not touch the layer
    Tensor x = GradientCheck.random(new SplittableRandom(74), 1, 2, 4, 2);
    whole.initialState(List.of(h0, c0));
    assertArrayEquals(whole.forward(x, false).data, lstm.forward(x, false).data);
    assertThrows(IllegalArgumentException.class, () -> lstm.resetStates(List.of(h0)));
    assertThrows(IllegalArgumentException.class, () -> lstm.resetStates(List.of(h0, new Tensor(2, 4))));
  }

  @Test
  void statefulNeedsAFixedBatchSize() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new LSTM(3).stateful(true).build("lstm", new int[] {4, 2}, new SplittableRandom(1)));
    assertEquals("A stateful RNN layer needs a fixed batch size: use batchInputShape(batch, timesteps, features)",
        e.getMessage());
  }

  @Test
  void statefulRejectsADifferentBatchSizeUntilReset() {
    GRU gru = built(new GRU(3).stateful(true).batchInputShape(3, 4, 2), 4, 2, 81);
    gru.forward(GradientCheck.random(new SplittableRandom(82), 1, 3, 4, 2), false);
    Tensor two = GradientCheck.random(new SplittableRandom(83), 1, 2, 4, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gru.forward(two, false));
    String m = e.getMessage();
    assertTrue(m.contains("batch of 3 samples") && m.contains("batch of 2 samples")
        && m.contains("pad or drop the remainder") && m.contains("resetStates()"), m);
    gru.resetStates();
    assertEquals(2, gru.forward(two, false).dim(0));
  }

  @Test
  void statefulCarriedStateIsDetachedFromTheGradient() {
    // Truncated BPTT: after a first batch the gradient of the second equals that of a non-stateful layer
    // started (via initialState) from the same values.
    LSTM stateful = built(new LSTM(3).stateful(true).batchInputShape(2, 4, 2), 4, 2, 91);
    LSTM fresh = built(new LSTM(3), 4, 2, 91);
    Tensor a = GradientCheck.random(new SplittableRandom(92), 1, 2, 4, 2);
    Tensor b = GradientCheck.random(new SplittableRandom(93), 1, 2, 4, 2);
    stateful.forward(a, false);
    fresh.initialState(stateful.getStates());
    Tensor dy = GradientCheck.random(new SplittableRandom(94), 1, 2, 3);
    stateful.forward(b, false);
    fresh.forward(b, false);
    Tensor dx1 = stateful.backward(dy);
    Tensor dx2 = fresh.backward(dy);
    assertArrayEquals(dx2.data, dx1.data);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(fresh.weights().get(i).grad(), stateful.weights().get(i).grad());
    }
    assertNotEquals(0.0, Arrays.stream(dx1.data).map(Math::abs).sum());
  }
}
