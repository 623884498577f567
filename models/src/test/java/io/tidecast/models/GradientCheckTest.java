package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.Weight;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The harness itself: it must pass a correct backward and catch wrong ones, naming the tensor. */
class GradientCheckTest {
  /** y = w * x^2 element-wise with a scalar weight w; {@code mistake} breaks one of the gradients. */
  static final class Toy extends Layer<Toy> {
    final String mistake;
    Weight w;
    Tensor lastX;
    SplittableRandom noise;

    Toy(String mistake) {
      this.mistake = mistake;
    }

    @Override
    protected void build(int[] inputShape) {
      w = addWeight("w", new int[] {1}, (out, shape, r) -> out[0] = 0.7, null);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
      return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
      lastX = x;
      Tensor y = new Tensor(x.shape);
      for (int i = 0; i < x.size(); i++) {
        y.data[i] = w.value()[0] * x.data[i] * x.data[i];
        if (mistake.equals("random")) {
          y.data[i] += noise.nextDouble() * 1e-3;
        }
      }
      return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
      Tensor dx = new Tensor(dy.shape);
      for (int i = 0; i < dy.size(); i++) {
        double xi = lastX.data[i];
        dx.data[i] = dy.data[i] * (mistake.equals("dx") ? 2.001 : 2.0) * w.value()[0] * xi;
        w.grad()[0] += dy.data[i] * xi * xi * (mistake.equals("dw") ? 1.0001 : 1.0);
      }
      return dx;
    }
  }

  static Toy built(String mistake) {
    Toy t = new Toy(mistake);
    t.build("toy", new int[] {4}, new SplittableRandom(1));
    t.noise = new SplittableRandom(5);
    return t;
  }

  static final Tensor X = GradientCheck.random(new SplittableRandom(3), 1.0, 2, 4);

  @Test
  void passesCorrectGradients() {
    GradientCheck.Report r = new GradientCheck(built("none"), X).run().assertWithin(1e-9, 1e-7);
    assertEquals(2, r.entries.size());
    assertTrue(r.maxAbs() < 1e-8, r.toString());
  }

  @Test
  void catchesWrongInputGradient() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> new GradientCheck(built("dx"), X).run().assertWithin(1e-8, 1e-6));
    assertTrue(e.getMessage().contains("input:"), e.getMessage());
  }

  @Test
  void catchesWrongWeightGradientAndNamesIt() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> new GradientCheck(built("dw"), X).run().assertWithin(1e-8, 1e-6));
    assertTrue(e.getMessage().contains("toy/w"), e.getMessage());
  }

  @Test
  void rejectsANonRepeatableForwardUnlessReseeded() {
    Toy t = built("random");
    assertThrows(AssertionError.class, () -> new GradientCheck(t, X).run());
    new GradientCheck(t, X).beforeEachForward(() -> t.noise = new SplittableRandom(5)).run()
        .assertWithin(1e-8, 1e-6);
  }

  @Test
  void rejectsAllZeroGradients() {
    Tensor zeros = new Tensor(2, 4);
    assertThrows(AssertionError.class, () -> new GradientCheck(built("none"), zeros).run()
        .assertWithin(1e-8, 1e-6));
  }
}
