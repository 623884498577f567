package io.tidecast.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.GradientCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BPTT of LSTM, GRU and SimpleRNN against central differences, over their options. */
class RecurrentGradientTest {
  static final int N = 3;
  static final int T = 4;
  static final int F = 2;
  static final int H = 3;

  /** How the state at the start of the checked forward is produced. */
  enum Start { ZEROS, STATEFUL_CARRIED, INITIAL_STATE }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    List<Object[]> kinds = List.of(
        new Object[] {"LSTM", (Supplier<Recurrent<?>>) () -> new LSTM(H)},
        new Object[] {"GRU(reset_after=true)", (Supplier<Recurrent<?>>) () -> new GRU(H)},
        new Object[] {"GRU(reset_after=false)", (Supplier<Recurrent<?>>) () -> new GRU(H).resetAfter(false)},
        new Object[] {"SimpleRNN", (Supplier<Recurrent<?>>) () -> new SimpleRNN(H)});
    List<Object[]> options = List.of(
        new Object[] {"default", (Function<Recurrent<?>, Recurrent<?>>) l -> l, false, Start.ZEROS},
        new Object[] {"return_sequences", (Function<Recurrent<?>, Recurrent<?>>) l -> l.returnSequences(true),
            false, Start.ZEROS},
        new Object[] {"go_backwards", (Function<Recurrent<?>, Recurrent<?>>) l -> l.goBackwards(true), false,
            Start.ZEROS},
        new Object[] {"go_backwards+return_sequences",
            (Function<Recurrent<?>, Recurrent<?>>) l -> l.goBackwards(true).returnSequences(true), false,
            Start.ZEROS},
        new Object[] {"use_bias=false", (Function<Recurrent<?>, Recurrent<?>>) l -> l.useBias(false), false,
            Start.ZEROS},
        new Object[] {"activation=sigmoid", (Function<Recurrent<?>, Recurrent<?>>) l -> l.activation("sigmoid"),
            false, Start.ZEROS},
        new Object[] {"dropout", (Function<Recurrent<?>, Recurrent<?>>) l -> l.dropout(0.3), true,
            Start.ZEROS},
        new Object[] {"dropout+recurrent_dropout",
            (Function<Recurrent<?>, Recurrent<?>>) l -> l.dropout(0.3).recurrentDropout(0.4), true,
            Start.ZEROS},
        new Object[] {"dropout+recurrent_dropout+return_sequences",
            (Function<Recurrent<?>, Recurrent<?>>) l -> l.dropout(0.3).recurrentDropout(0.4)
                .returnSequences(true), true, Start.ZEROS},
        new Object[] {"stateful(carried state)",
            (Function<Recurrent<?>, Recurrent<?>>) l -> l.stateful(true).batchInputShape(N, T, F), false,
            Start.STATEFUL_CARRIED},
        new Object[] {"stateful+dropout+recurrent_dropout+return_sequences",
            (Function<Recurrent<?>, Recurrent<?>>) l -> l.stateful(true).batchInputShape(N, T, F)
                .dropout(0.2).recurrentDropout(0.3).returnSequences(true), true, Start.STATEFUL_CARRIED},
        new Object[] {"initialState", (Function<Recurrent<?>, Recurrent<?>>) l -> l.returnSequences(true), false,
            Start.INITIAL_STATE});
    for (Object[] k : kinds) {
      for (Object[] o : options) {
        out.add(Arguments.of(k[0] + " " + o[0], k[1], o[1], o[2], o[3]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backwardMatchesCentralDifferences(String name, Supplier<Recurrent<?>> kind,
      Function<Recurrent<?>, Recurrent<?>> configure, boolean training, Start start) {
    Recurrent<?> layer = configure.apply(kind.get());
    layer.build("rnn", new int[] {T, F}, new SplittableRandom(11));
    SplittableRandom r = new SplittableRandom(name.hashCode());
    for (Weight w : layer.weights()) {
      for (int i = 0; i < w.size(); i++) {
        w.value()[i] = (r.nextDouble() * 2 - 1) * 0.6;
      }
    }
    Tensor x = GradientCheck.random(r, 1.0, N, T, F);

    List<Tensor> start0 = null;
    if (start == Start.STATEFUL_CARRIED) {
      layer.forward(GradientCheck.random(r, 1.0, N, T, F), false); // leaves a non-zero carried state
      start0 = layer.getStates();
      for (Tensor s : start0) {
        assertTrue(maxAbs(s) > 0.05, "carried state should be non-zero");
      }
    } else if (start == Start.INITIAL_STATE) {
      start0 = new ArrayList<>();
      for (int i = 0; i < layer.stateCount(); i++) {
        start0.add(GradientCheck.random(r, 0.8, N, H));
      }
    }
    final List<Tensor> s0 = start0;
    Runnable before = () -> {
      layer.seed(99); // the same dropout masks for every evaluation
      if (start == Start.STATEFUL_CARRIED) {
        layer.resetStates(s0);
      } else if (start == Start.INITIAL_STATE) {
        layer.initialState(s0);
      }
    };
    GradientCheck.Report report = new GradientCheck(layer, x).training(training).beforeEachForward(before)
        .run().assertWithin(1e-8, 1e-6);
    int expected = 1 + (layer.useBias ? 3 : 2);
    assertEquals(expected, report.entries.size());
  }

  private static double maxAbs(Tensor t) {
    double m = 0;
    for (double v : t.data) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
