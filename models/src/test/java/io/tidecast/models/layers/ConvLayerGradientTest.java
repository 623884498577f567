package io.tidecast.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidecast.models.GradientCheck;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Double-precision gradient checks of Conv1D (every padding, strides > 1, dilation > 1, odd and even
 * kernels), the 1-D pooling layers (valid and same, including windows that hang over the ends), and
 * GlobalAveragePooling1D, GlobalMaxPooling1D, Flatten, Reshape, RepeatVector.
 */
class ConvLayerGradientTest {
  private static void randomize(Layer<?> layer, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Weight w : layer.weights()) {
      for (int i = 0; i < w.size(); i++) {
        w.value()[i] = (r.nextDouble() * 2 - 1) * 0.8;
      }
    }
  }

  static Stream<Arguments> convs() {
    return Stream.of(
        // padding, kernel, strides, dilation, timesteps, expected output timesteps
        Arguments.of("valid", 3, 1, 1, 7, 5),
        Arguments.of("valid", 3, 2, 1, 8, 3),
        Arguments.of("valid", 2, 3, 1, 10, 3),
        Arguments.of("valid", 3, 1, 2, 9, 5),
        Arguments.of("same", 3, 1, 1, 7, 7),
        Arguments.of("same", 4, 1, 1, 6, 6),
        Arguments.of("same", 3, 2, 1, 8, 4),
        Arguments.of("same", 4, 3, 1, 10, 4),
        Arguments.of("same", 3, 1, 2, 7, 7),
        Arguments.of("causal", 3, 1, 1, 6, 6),
        Arguments.of("causal", 2, 2, 1, 7, 4),
        Arguments.of("causal", 3, 1, 3, 8, 8));
  }

  @ParameterizedTest(name = "Conv1D(3, {1}, strides={2}, padding={0}, dilation_rate={3}) on {4} steps")
  @MethodSource("convs")
  void conv1d(String padding, int kernel, int strides, int dilation, int steps, int outSteps) {
    Conv1D c = new Conv1D(3, kernel, "tanh").padding(padding).strides(strides).dilationRate(dilation);
    c.build("conv1d", new int[] {steps, 2}, new SplittableRandom(1));
    assertArrayEquals(new int[] {outSteps, 3}, c.computeOutputShape(new int[] {steps, 2}));
    randomize(c, 2);
    Tensor x = GradientCheck.random(new SplittableRandom(3), 1.5, 2, steps, 2);
    new GradientCheck(c, x).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void conv1dWithoutBiasHasOnlyAKernel() {
    Conv1D c = new Conv1D(2, 3).useBias(false).activation("relu").padding("causal");
    c.build("conv1d", new int[] {5, 3}, new SplittableRandom(1));
    randomize(c, 4);
    GradientCheck.Report r = new GradientCheck(c, GradientCheck.random(new SplittableRandom(5), 1, 3, 5, 3)).run()
        .assertWithin(1e-8, 1e-6);
    assertEquals(2, r.entries.size(), r.toString());
  }

  static Stream<Arguments> pools() {
    return Stream.of(
        // padding, pool, strides, timesteps, expected output timesteps
        Arguments.of("valid", 2, 2, 7, 3),
        Arguments.of("valid", 3, 1, 6, 4),
        Arguments.of("valid", 2, 3, 8, 3),
        Arguments.of("same", 2, 2, 7, 4),
        Arguments.of("same", 3, 2, 6, 3),
        Arguments.of("same", 3, 1, 5, 5),
        Arguments.of("same", 4, 3, 7, 3));
  }

  @ParameterizedTest(name = "MaxPooling1D({1}, strides={2}, padding={0}) on {3} steps")
  @MethodSource("pools")
  void maxPooling(String padding, int pool, int strides, int steps, int outSteps) {
    MaxPooling1D p = new MaxPooling1D(pool).strides(strides).padding(padding);
    p.build("max_pooling1d", new int[] {steps, 3}, new SplittableRandom(1));
    assertArrayEquals(new int[] {outSteps, 3}, p.computeOutputShape(new int[] {steps, 3}));
    new GradientCheck(p, GradientCheck.random(new SplittableRandom(6), 1, 2, steps, 3)).run()
        .assertWithin(1e-8, 1e-6);
  }

  @ParameterizedTest(name = "AveragePooling1D({1}, strides={2}, padding={0}) on {3} steps")
  @MethodSource("pools")
  void averagePooling(String padding, int pool, int strides, int steps, int outSteps) {
    AveragePooling1D p = new AveragePooling1D(pool).strides(strides).padding(padding);
    p.build("average_pooling1d", new int[] {steps, 3}, new SplittableRandom(1));
    assertArrayEquals(new int[] {outSteps, 3}, p.computeOutputShape(new int[] {steps, 3}));
    new GradientCheck(p, GradientCheck.random(new SplittableRandom(7), 1, 2, steps, 3)).run()
        .assertWithin(1e-8, 1e-6);
  }

  @Test
  void globalAveragePooling() {
    for (boolean keepdims : new boolean[] {false, true}) {
      GlobalAveragePooling1D g = new GlobalAveragePooling1D().keepdims(keepdims);
      g.build("global_average_pooling1d", new int[] {5, 3}, new SplittableRandom(1));
      new GradientCheck(g, GradientCheck.random(new SplittableRandom(8), 1, 2, 5, 3)).run().assertWithin(1e-8, 1e-6);
    }
  }

  @Test
  void globalMaxPooling() {
    for (boolean keepdims : new boolean[] {false, true}) {
      GlobalMaxPooling1D g = new GlobalMaxPooling1D().keepdims(keepdims);
      g.build("global_max_pooling1d", new int[] {5, 3}, new SplittableRandom(1));
      assertArrayEquals(keepdims ? new int[] {1, 3} : new int[] {3}, g.computeOutputShape(new int[] {5, 3}));
      new GradientCheck(g, GradientCheck.random(new SplittableRandom(12), 1, 2, 5, 3)).run().assertWithin(1e-8, 1e-6);
    }
  }

  @Test
  void flattenReshapeRepeatVector() {
    Flatten f = new Flatten();
    f.build("flatten", new int[] {4, 3}, new SplittableRandom(1));
    new GradientCheck(f, GradientCheck.random(new SplittableRandom(9), 1, 2, 4, 3)).run().assertWithin(1e-8, 1e-6);
    Reshape r = new Reshape(-1, 2);
    r.build("reshape", new int[] {6}, new SplittableRandom(1));
    new GradientCheck(r, GradientCheck.random(new SplittableRandom(10), 1, 2, 6)).run().assertWithin(1e-8, 1e-6);
    RepeatVector v = new RepeatVector(3);
    v.build("repeat_vector", new int[] {4}, new SplittableRandom(1));
    new GradientCheck(v, GradientCheck.random(new SplittableRandom(11), 1, 2, 4)).run().assertWithin(1e-8, 1e-6);
  }
}
