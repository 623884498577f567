package io.tidecast.models.layers;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.GradientCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks (double precision, central differences) of TimeDistributed, Bidirectional (every merge
 * mode), BatchNormalization (training and inference), LayerNormalization, Masking and masked recurrent layers.
 */
class SequenceLayersGradientTest {
  static final int N = 3;
  static final int T = 4;
  static final int F = 2;
  static final int H = 3;

  static void randomize(Layer<?> layer, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Weight w : layer.weights()) {
      for (int i = 0; i < w.size(); i++) {
        w.value()[i] = (r.nextDouble() * 2 - 1) * 0.8;
      }
    }
  }

  static Tensor x(long seed, int... shape) {
    return GradientCheck.random(new SplittableRandom(seed), 1.0, shape);
  }

  /** Sample 0 keeps every step, sample 1 is padded at the end, sample 2 masked at the start and in the middle. */
  static Tensor mask() {
    return new Tensor(new double[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1}, N, T);
  }

  static List<Supplier<Recurrent<?>>> cells() {
    return List.of(() -> new LSTM(H), () -> new GRU(H), () -> new GRU(H).resetAfter(false),
        () -> new SimpleRNN(H));
  }

  static Stream<Arguments> bidirectionalCases() {
    List<Arguments> out = new ArrayList<>();
    for (Supplier<Recurrent<?>> cell : cells()) {
      for (String mode : new String[] {"concat", "sum", "mul", "ave"}) {
        for (boolean seq : new boolean[] {false, true}) {
          String name = cell.get().className() + (cell.get() instanceof GRU && !((GRU) cell.get()).resetAfter()
              ? "(reset_after=false)" : "");
          out.add(Arguments.of(name, cell, mode, seq));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "Bidirectional({0}, merge_mode={2}, return_sequences={3})")
  @MethodSource("bidirectionalCases")
  void bidirectional(String name, Supplier<Recurrent<?>> cell, String mode, boolean seq) {
    Bidirectional b = new Bidirectional(cell.get().returnSequences(seq), mode);
    b.build("bidirectional", new int[] {T, F}, new SplittableRandom(1));
    randomize(b, 2);
    new GradientCheck(b, x(3, N, T, F)).run().assertWithin(1e-8, 1e-6);
  }

  @ParameterizedTest(name = "Bidirectional({0}, merge_mode={2}, return_sequences={3}) on a masked sequence")
  @MethodSource("bidirectionalCases")
  void bidirectionalMasked(String name, Supplier<Recurrent<?>> cell, String mode, boolean seq) {
    Bidirectional b = new Bidirectional(cell.get().returnSequences(seq), mode);
    b.build("bidirectional", new int[] {T, F}, new SplittableRandom(1));
    randomize(b, 4);
    new GradientCheck(b, x(5, N, T, F)).mask(mask()).run().assertWithin(1e-8, 1e-6);
  }

  /** merge_mode=None has two outputs; the check runs on both, stacked by a test-only adapter. */
  @ParameterizedTest(name = "Bidirectional(LSTM, merge_mode=None, return_sequences={0})")
  @MethodSource("bools")
  void bidirectionalWithoutMerge(boolean seq) {
    Bidirectional b = new Bidirectional(new LSTM(H).returnSequences(seq), null);
    Both both = new Both(b);
    both.build("both", new int[] {T, F}, new SplittableRandom(1));
    randomize(b, 6);
    new GradientCheck(both, x(7, N, T, F)).mask(mask()).run().assertWithin(1e-8, 1e-6);
  }

  static Stream<Boolean> bools() {
    return Stream.of(false, true);
  }

  /** Exposes Bidirectional(merge_mode=None)'s two outputs as one tensor [forward | backward] on the last axis. */
  static final class Both extends Layer<Both> {
    final Bidirectional b;
    int u;

    Both(Bidirectional b) {
      this.b = b;
    }

    @Override
    protected void build(int[] inputShape) {
      b.build("bidirectional", inputShape, rng);
      u = b.forwardLayer().units();
    }

    @Override
    public List<Weight> weights() {
      return b.weights();
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
      return forward(x, training, null);
    }

    @Override
    public Tensor forward(Tensor x, boolean training, Tensor mask) {
      List<Tensor> o = b.call(x, training, mask);
      Tensor f = o.get(0);
      Tensor r = o.get(1);
      int[] shape = f.shape.clone();
      shape[shape.length - 1] *= 2;
      Tensor y = new Tensor(shape);
      for (int k = 0; k < f.size() / u; k++) {
        System.arraycopy(f.data, k * u, y.data, 2 * k * u, u);
        System.arraycopy(r.data, k * u, y.data, 2 * k * u + u, u);
      }
      return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
      int[] shape = dy.shape.clone();
      shape[shape.length - 1] /= 2;
      Tensor df = new Tensor(shape);
      Tensor dr = new Tensor(shape);
      for (int k = 0; k < df.size() / u; k++) {
        System.arraycopy(dy.data, 2 * k * u, df.data, k * u, u);
        System.arraycopy(dy.data, 2 * k * u + u, dr.data, k * u, u);
      }
      return b.backward(List.of(df, dr));
    }
  }

  static Stream<Arguments> maskedRecurrentCases() {
    List<Arguments> out = new ArrayList<>();
    for (Supplier<Recurrent<?>> cell : cells()) {
      for (boolean seq : new boolean[] {false, true}) {
        for (boolean back : new boolean[] {false, true}) {
          String name = cell.get().className() + (cell.get() instanceof GRU && !((GRU) cell.get()).resetAfter()
              ? "(reset_after=false)" : "");
          out.add(Arguments.of(name, cell, seq, back));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} on a masked sequence, return_sequences={2}, go_backwards={3}")
  @MethodSource("maskedRecurrentCases")
  void maskedRecurrent(String name, Supplier<Recurrent<?>> cell, boolean seq, boolean back) {
    Recurrent<?> r = cell.get().returnSequences(seq).goBackwards(back);
    r.build("rnn", new int[] {T, F}, new SplittableRandom(1));
    randomize(r, 8);
    new GradientCheck(r, x(9, N, T, F)).mask(mask()).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void maskedLstmWithDropoutAndInitialState() {
    LSTM r = new LSTM(H).returnSequences(true).dropout(0.3).recurrentDropout(0.2);
    r.build("lstm", new int[] {T, F}, new SplittableRandom(1));
    randomize(r, 10);
    Tensor h0 = x(11, N, H);
    Tensor c0 = x(12, N, H);
    new GradientCheck(r, x(13, N, T, F)).mask(mask()).training(true)
        .beforeEachForward(() -> {
          r.seed(5);
          r.initialState(List.of(h0, c0));
        }).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void maskingLayer() {
    Masking m = new Masking(0.5);
    m.build("masking", new int[] {T, F}, new SplittableRandom(1));
    Tensor x = x(14, N, T, F);
    new GradientCheck(m, x).run().assertWithin(1e-8, 1e-6);
    // a masked step (every feature equals mask_value; not differentiable there) outputs and passes back zeros
    x.data[2] = 0.5;
    x.data[3] = 0.5;
    Tensor y = m.forward(x, false);
    assertTrue(y.data[2] == 0 && y.data[3] == 0 && y.data[4] == x.data[4], y.toString());
    Tensor dx = m.backward(GradientCheck.random(new SplittableRandom(3), 1, N, T, F));
    assertTrue(dx.data[2] == 0 && dx.data[3] == 0 && dx.data[4] != 0, dx.toString());
    assertTrue(m.computeMask(x, null).data[1] == 0 && m.computeMask(x, null).data[0] == 1);
  }

  @Test
  void timeDistributedDense() {
    TimeDistributed td = new TimeDistributed(new Dense(3, "tanh"));
    td.build("time_distributed", new int[] {T, F}, new SplittableRandom(1));
    randomize(td, 15);
    new GradientCheck(td, x(16, N, T, F)).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void timeDistributedOverFourDimensions() {
    TimeDistributed td = new TimeDistributed(new LSTM(2));
    td.build("time_distributed", new int[] {2, T, F}, new SplittableRandom(1));
    randomize(td, 17);
    new GradientCheck(td, x(18, N, 2, T, F)).run().assertWithin(1e-8, 1e-6);
  }

  static Stream<Arguments> normalizationOptions() {
    return Stream.of(Arguments.of(true, true), Arguments.of(false, true), Arguments.of(true, false),
        Arguments.of(false, false));
  }

  @ParameterizedTest(name = "BatchNormalization in training, center={0}, scale={1}")
  @MethodSource("normalizationOptions")
  void batchNormalizationTraining(boolean center, boolean scale) {
    BatchNormalization bn = new BatchNormalization().center(center).scale(scale);
    bn.build("batch_normalization", new int[] {T, F}, new SplittableRandom(1));
    randomize(bn, 19);
    // without center and scale only dL/dx is checked
    new GradientCheck(bn, x(20, N, T, F)).training(true).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void batchNormalizationTrainingOn2dInput() {
    BatchNormalization bn = new BatchNormalization();
    bn.build("batch_normalization", new int[] {5}, new SplittableRandom(1));
    randomize(bn, 21);
    new GradientCheck(bn, x(22, 4, 5)).training(true).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void batchNormalizationTrainingWithMask() {
    BatchNormalization bn = new BatchNormalization();
    bn.build("batch_normalization", new int[] {T, F}, new SplittableRandom(1));
    randomize(bn, 23);
    new GradientCheck(bn, x(24, N, T, F)).training(true).mask(mask()).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void batchNormalizationInference() {
    BatchNormalization bn = new BatchNormalization();
    bn.build("batch_normalization", new int[] {T, F}, new SplittableRandom(1));
    randomize(bn, 25);
    for (Weight w : bn.weights()) {
      if (w.name().endsWith("moving_variance")) {
        for (int i = 0; i < w.size(); i++) {
          w.value()[i] = Math.abs(w.value()[i]) + 0.1;
        }
      }
    }
    new GradientCheck(bn, x(26, N, T, F)).run().assertWithin(1e-8, 1e-6);
  }

  @ParameterizedTest(name = "LayerNormalization, center={0}, scale={1}")
  @MethodSource("normalizationOptions")
  void layerNormalization(boolean center, boolean scale) {
    LayerNormalization ln = new LayerNormalization().center(center).scale(scale);
    ln.build("layer_normalization", new int[] {T, 5}, new SplittableRandom(1));
    randomize(ln, 27);
    new GradientCheck(ln, x(28, N, T, 5)).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void maskChangesTheResult() {
    // guards the masked checks above against a mask that is silently ignored
    LSTM r = new LSTM(H).returnSequences(true);
    r.build("lstm", new int[] {T, F}, new SplittableRandom(1));
    Tensor x = x(29, N, T, F);
    Tensor a = r.forward(x, false);
    Tensor b = r.forward(x, false, mask());
    assertNotEquals(java.util.Arrays.toString(a.data), java.util.Arrays.toString(b.data));
  }
}
