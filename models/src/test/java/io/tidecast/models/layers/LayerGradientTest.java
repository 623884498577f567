package io.tidecast.models.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.Activations;
import io.tidecast.models.GradientCheck;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Gradient checks of the non-recurrent layers: Dense (every registered activation), Activation, Dropout. */
class LayerGradientTest {
  static Stream<String> activations() {
    return Activations.names().stream();
  }

  private static void randomize(Layer<?> layer, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Weight w : layer.weights()) {
      for (int i = 0; i < w.size(); i++) {
        w.value()[i] = (r.nextDouble() * 2 - 1) * 0.8;
      }
    }
  }

  @ParameterizedTest(name = "Dense(4, {0}) on 2-D input")
  @MethodSource("activations")
  void dense2d(String activation) {
    Dense d = new Dense(4, activation);
    d.build("dense", new int[] {5}, new SplittableRandom(1));
    randomize(d, 2);
    Tensor x = GradientCheck.random(new SplittableRandom(3), 1.5, 3, 5);
    new GradientCheck(d, x).run().assertWithin(1e-8, 1e-6);
  }

  @ParameterizedTest(name = "Dense(4, {0}) on 3-D input")
  @MethodSource("activations")
  void dense3d(String activation) {
    Dense d = new Dense(4, activation);
    d.build("dense", new int[] {2, 5}, new SplittableRandom(1));
    randomize(d, 4);
    Tensor x = GradientCheck.random(new SplittableRandom(5), 1.5, 3, 2, 5);
    new GradientCheck(d, x).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void denseWithoutBias() {
    Dense d = new Dense(3).useBias(false).activation("tanh");
    d.build("dense", new int[] {4}, new SplittableRandom(1));
    randomize(d, 6);
    GradientCheck.Report r = new GradientCheck(d, GradientCheck.random(new SplittableRandom(7), 1, 2, 4)).run()
        .assertWithin(1e-8, 1e-6);
    assertTrue(r.entries.size() == 2, r.toString());
  }

  @ParameterizedTest(name = "Activation({0})")
  @MethodSource("activations")
  void activationLayer(String activation) {
    Activation a = new Activation(activation);
    a.build("activation", new int[] {2, 4}, new SplittableRandom(1));
    Tensor x = GradientCheck.random(new SplittableRandom(8), 2.0, 3, 2, 4);
    new GradientCheck(a, x).run().assertWithin(1e-8, 1e-6);
  }

  @Test
  void dropoutInTrainingWithAFixedMask() {
    Dropout d = new Dropout(0.4);
    d.build("dropout", new int[] {6}, new SplittableRandom(1));
    Tensor x = GradientCheck.random(new SplittableRandom(9), 1.0, 4, 6);
    new GradientCheck(d, x).training(true).beforeEachForward(() -> d.seed(3)).run().assertWithin(1e-8, 1e-6);
    // the mask really drops something, so the check covered a non-identity map
    d.seed(3);
    Tensor y = d.forward(x, true);
    int zeros = 0;
    for (double v : y.data) {
      zeros += v == 0 ? 1 : 0;
    }
    assertTrue(zeros > 0 && zeros < y.size(), "zeros: " + zeros);
  }
}
