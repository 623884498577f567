package io.tidecast.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.GradientCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 recurrent kernels against the exact double path (float64 layer, same float-rounded weights):
 * outputs, final states, dx and weight gradients over the layer options, plus the fast activations
 * against {@code Math.tanh}. Both layers see the same data, so differences are float rounding and the
 * tanh approximation only.
 */
class FloatKernelTest {
  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    List<Object[]> kinds = List.of(
        new Object[] {"LSTM", (Supplier<Recurrent<?>>) () -> new LSTM(5)},
        new Object[] {"SimpleRNN", (Supplier<Recurrent<?>>) () -> new SimpleRNN(5)});
    List<Object[]> options = List.of(
        new Object[] {"default", (Function<Recurrent<?>, Recurrent<?>>) l -> l},
        new Object[] {"return_sequences", (Function<Recurrent<?>, Recurrent<?>>) l -> l.returnSequences(true)},
        new Object[] {"go_backwards+return_sequences",
            (Function<Recurrent<?>, Recurrent<?>>) l -> l.goBackwards(true).returnSequences(true)},
        new Object[] {"use_bias=false", (Function<Recurrent<?>, Recurrent<?>>) l -> l.useBias(false)},
        new Object[] {"stateful", (Function<Recurrent<?>, Recurrent<?>>) l -> l.stateful(true)
            .batchInputShape(3, 7, 2)});
    for (Object[] k : kinds) {
      for (Object[] o : options) {
        for (int batch : new int[] {1, 3}) {
          if (batch == 1 && o[0].equals("stateful")) {
            continue;
          }
          out.add(Arguments.of(k[0] + " " + o[0] + " batch " + batch, k[1], o[1], batch));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void float32MatchesFloat64(String name, Supplier<Recurrent<?>> kind,
      Function<Recurrent<?>, Recurrent<?>> configure, int batch) {
    Recurrent<?> exact = configure.apply(kind.get()).dtype("float64");
    Recurrent<?> fast = configure.apply(kind.get()).dtype("float32");
    int t = 7;
    int f = 2;
    exact.build("a", new int[] {t, f}, new SplittableRandom(5));
    fast.build("b", new int[] {t, f}, new SplittableRandom(5));
    SplittableRandom r = new SplittableRandom(name.hashCode());
    for (int w = 0; w < exact.weights().size(); w++) {
      double[] a = exact.weights().get(w).value();
      double[] b = fast.weights().get(w).value();
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) ((r.nextDouble() * 2 - 1) * 0.7);
        b[i] = a[i];
      }
    }
    // two batches: the second starts from the carried state when stateful, and reuses the workspaces
    for (int round = 0; round < 2; round++) {
      Tensor x = GradientCheck.random(r, 1.5, batch, t, f);
      Tensor ye = exact.forward(x, true);
      Tensor yf = fast.forward(x, true);
      assertArrayEquals(ye.shape, yf.shape);
      assertClose(ye.data, yf.data, 2e-6, name + " output");
      for (int s = 0; s < exact.states().size(); s++) {
        assertClose(exact.states().get(s).data, fast.states().get(s).data, 4e-6, name + " state " + s);
      }
      Tensor dy = GradientCheck.random(r, 1.0, ye.shape);
      for (Weight w : exact.weights()) {
        w.zeroGrad();
      }
      for (Weight w : fast.weights()) {
        w.zeroGrad();
      }
      Tensor dxe = exact.backward(dy);
      Tensor dxf = fast.backward(dy);
      assertClose(dxe.data, dxf.data, 2e-5, name + " dx");
      for (int w = 0; w < exact.weights().size(); w++) {
        assertClose(exact.weights().get(w).grad(), fast.weights().get(w).grad(), 2e-5,
            name + " grad " + exact.weights().get(w).name());
      }
    }
  }

  /** The same comparison with every step forced through ND4J sgemm (normally only for large steps). */
  @ParameterizedTest(name = "sgemm {0}")
  @MethodSource("cases")
  void nativeGemmPathMatchesFloat64(String name, Supplier<Recurrent<?>> kind,
      Function<Recurrent<?>, Recurrent<?>> configure, int batch) {
    long saved = FloatRecurrentKernel.nativeMinMacs;
    FloatRecurrentKernel.nativeMinMacs = 0;
    try {
      float32MatchesFloat64(name, kind, configure, batch);
    } finally {
      FloatRecurrentKernel.nativeMinMacs = saved;
    }
  }

  @Test
  void nativeGemmPathIsBitReproducible() {
    long saved = FloatRecurrentKernel.nativeMinMacs;
    FloatRecurrentKernel.nativeMinMacs = 0;
    try {
      floatPathIsBitReproducible();
    } finally {
      FloatRecurrentKernel.nativeMinMacs = saved;
    }
  }

  @Test
  void floatPathIsBitReproducible() {
    double[][] runs = new double[2][];
    for (int k = 0; k < 2; k++) {
      LSTM l = new LSTM(16).dtype("float32");
      l.build("l", new int[] {12, 3}, new SplittableRandom(9));
      Tensor x = GradientCheck.random(new SplittableRandom(3), 1.0, 8, 12, 3);
      Tensor y = l.forward(x, true);
      l.backward(GradientCheck.random(new SplittableRandom(4), 1.0, y.shape));
      runs[k] = l.weights().get(1).grad().clone();
    }
    assertArrayEquals(runs[0], runs[1]);
  }

  @Test
  void dropoutFallsBackToTheExactPath() {
    LSTM a = new LSTM(4).dropout(0.3).seed(1).dtype("float32");
    LSTM b = new LSTM(4).dropout(0.3).seed(1).dtype("float64");
    a.build("a", new int[] {5, 2}, new SplittableRandom(2));
    b.build("b", new int[] {5, 2}, new SplittableRandom(2));
    Tensor x = GradientCheck.random(new SplittableRandom(3), 1.0, 3, 5, 2);
    assertArrayEquals(b.forward(x, true).data, a.forward(x, true).data);
  }

  @Test
  void fastTanhAndSigmoidAreAccurate() {
    double worstTanh = 0;
    double worstSigmoid = 0;
    for (int i = -2_000_000; i <= 2_000_000; i++) {
      float x = i * 1e-5f;
      worstTanh = Math.max(worstTanh, Math.abs(FastMath.tanh(x) - Math.tanh(x)));
      worstSigmoid = Math.max(worstSigmoid, Math.abs(FastMath.sigmoid(x) - 1 / (1 + Math.exp(-x))));
    }
    assertTrue(worstTanh < 5e-7, "tanh max abs error " + worstTanh);
    assertTrue(worstSigmoid < 2.5e-7, "sigmoid max abs error " + worstSigmoid);
    assertEquals(1f, FastMath.tanh(1e30f));
    assertEquals(-1f, FastMath.tanh(-1e30f));
    assertEquals(0f, FastMath.tanh(0f));
    assertFalse(Float.isFinite(FastMath.tanh(Float.NaN)));
  }

  static void assertClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]) / Math.max(1.0, Math.abs(expected[i]));
      if (err > worst) {
        worst = err;
        at = i;
      }
    }
    assertTrue(worst <= tol, what + ": max error " + worst + " at " + at + " (tolerance " + tol + ")");
  }
}
