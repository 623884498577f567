package io.tidecast.models.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.Models;
import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Weight;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remaining seed tutorials: they learn (held-out accuracy well above chance) with Keras's shapes. */
class TutorialExamplesTest {
  @TempDir
  Path dir;

  @Test
  void churnMlpBeatsAlwaysSayingStays() {
    Churn.Result r = Churn.run(4000, 10, 10);
    assertEquals(6 * 11 + 6 + 6 * 6 + 6 + 6 + 1, r.model().countParams(), r.model().summary());
    assertTrue(r.majorityRate() > 0.6 && r.majorityRate() < 0.9, "synthetic churn rate " + (1 - r.majorityRate()));
    assertTrue(r.testAccuracy() > r.majorityRate() + 0.03, "held-out accuracy " + r.testAccuracy()
        + " vs majority " + r.majorityRate());
    assertTrue(r.confusion()[1][1] > 0, "some churners are found");
  }

  @Test
  void mnistMlpHasKerasParamCountsAndLearnsInEveryVariant() {
    for (MnistMlp.Variant v : MnistMlp.Variant.values()) {
      Sequential m = MnistMlp.model(v);
      assertEquals(669_706, m.countParams(), v.name());
      assertTrue(m.summary().contains("Total params: 669,706"), m.summary());
    }
    assertTrue(MnistMlp.model(MnistMlp.Variant.DROPOUT).summary().contains("dropout (Dropout)"));

    MnistMlp.Result plain = MnistMlp.run(MnistMlp.Variant.PLAIN, 120, 2, 20);
    MnistMlp.Result l1 = MnistMlp.run(MnistMlp.Variant.L1, 120, 2, 20);
    MnistMlp.Result l2 = MnistMlp.run(MnistMlp.Variant.L2, 120, 2, 20);
    MnistMlp.Result dropout = MnistMlp.run(MnistMlp.Variant.DROPOUT, 120, 2, 20);
    for (MnistMlp.Result r : List.of(plain, l1, l2, dropout)) {
      assertTrue(r.testAccuracy() > 0.5, r.variant() + " held-out accuracy " + r.testAccuracy() + " (chance 0.1)");
    }
    // the penalties shrink the hidden kernels they are put on
    assertTrue(kernelNorm(l1.model(), 1) < 0.9 * kernelNorm(plain.model(), 1), "L1 shrinks sum |w|");
    assertTrue(kernelNorm(l2.model(), 2) < 0.9 * kernelNorm(plain.model(), 2), "L2 shrinks sum w^2");
  }

  /** Sum of |w|^p over the hidden layers' kernels. */
  private static double kernelNorm(Sequential m, int p) {
    double s = 0;
    for (Weight w : m.weights()) {
      if (w.name().endsWith("/kernel") && w.shape()[1] == 512) {
        for (double v : w.value()) {
          s += Math.pow(Math.abs(v), p);
        }
      }
    }
    return s;
  }

  @Test
  void timeCallbackAndModelCheckpoint() throws Exception {
    TrainingCallbacks.Result r = TrainingCallbacks.run(1000, 4, dir);
    assertEquals(4, r.times().size(), "one time per epoch");
    assertTrue(r.times().stream().allMatch(t -> t > 0 && t < 60), r.times().toString());
    List<Double> val = r.churn().history().history().get("val_loss");
    assertFalse(r.checkpoints().isEmpty());
    // save_best_only: one file per improvement, the last one holds the best val_loss
    long improvements = 0;
    double best = Double.POSITIVE_INFINITY;
    for (double v : val) {
      if (v < best) {
        best = v;
        improvements++;
      }
    }
    assertEquals(improvements, r.checkpoints().size(), r.checkpoints().toString());
    Path last = r.checkpoints().get(r.checkpoints().size() - 1);
    assertTrue(last.getFileName().toString().contains(String.format(java.util.Locale.ROOT, "%.4f", best)), last
        + " vs best " + best);
    assertEquals(r.churn().model().countParams(), Models.load(last).countParams());
  }
}
