package io.tidecast.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.Losses;
import io.tidecast.models.Metric;
import io.tidecast.models.Metrics;
import io.tidecast.models.layers.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static Tensor t(double[] d, int... shape) {
    return new Tensor(d, shape);
  }

  @Test
  void maeAccumulatesOverBatchesWeightedBySamples() {
    Metric m = Metrics.get("mae", Losses.get("mse"), 1);
    assertEquals("mae", m.name());
    // batch 1: |errors| 1, 3 ; batch 2: |errors| 0.5, 0.5, 2  -> (1+3+0.5+0.5+2)/5 = 1.4
    m.update(t(new double[] {0, 0}, 2, 1), t(new double[] {1, -3}, 2, 1));
    assertEquals(2.0, m.result(), 1e-15);
    m.update(t(new double[] {1, 1, 1}, 3, 1), t(new double[] {1.5, 0.5, 3}, 3, 1));
    assertEquals(1.4, m.result(), 1e-15);
    m.reset();
    assertEquals(0.0, m.result(), 0.0);
  }

  @Test
  void mseAndRmseAccumulate() {
    Metric mse = Metrics.get("mean_squared_error", null, 2);
    Metric rmse = Metrics.get("rmse", null, 2);
    // batch 1 (1 sample, 2 outputs): squared errors 1, 9 ; batch 2 (2 samples): 4, 0, 0, 4
    Tensor y1 = t(new double[] {0, 0}, 1, 2);
    Tensor p1 = t(new double[] {1, 3}, 1, 2);
    Tensor y2 = t(new double[] {0, 0, 0, 0}, 2, 2);
    Tensor p2 = t(new double[] {2, 0, 0, -2}, 2, 2);
    for (Metric m : new Metric[] {mse, rmse}) {
      m.update(y1, p1);
      m.update(y2, p2);
    }
    assertEquals(18.0 / 6, mse.result(), 1e-15);
    // sqrt of the accumulated mean, not the mean of per-batch roots (sqrt(5) and sqrt(2))
    assertEquals(Math.sqrt(3.0), rmse.result(), 1e-15);
    assertEquals("rmse", rmse.name());
  }

  @Test
  void mape() {
    Metric m = Metrics.get("mape", null, 1);
    m.update(t(new double[] {2, -4}, 2, 1), t(new double[] {3, -3}, 2, 1)); // 50, 25
    m.update(t(new double[] {10}, 1, 1), t(new double[] {10}, 1, 1)); // 0
    assertEquals(25.0, m.result(), 1e-12);
  }

  @Test
  void binaryAccuracy() {
    Metric m = Metrics.get("accuracy", Losses.get("binary_crossentropy"), 1);
    assertInstanceOf(BinaryAccuracy.class, m);
    assertEquals("accuracy", m.name());
    // 0.5 is not above the threshold -> predicted 0
    m.update(t(new double[] {1, 0, 0, 1}, 4, 1), t(new double[] {0.7, 0.2, 0.5, 0.4}, 4, 1)); // 3 of 4
    m.update(t(new double[] {1, 1}, 2, 1), t(new double[] {0.9, 0.51}, 2, 1)); // 2 of 2
    assertEquals(5.0 / 6, m.result(), 1e-15);
  }

  @Test
  void categoricalAccuracyAcrossBatchesAndTimesteps() {
    Metric m = Metrics.get("acc", Losses.get("categorical_crossentropy"), 3);
    assertInstanceOf(CategoricalAccuracy.class, m);
    assertEquals("acc", m.name());
    m.update(t(new double[] {0, 1, 0, 1, 0, 0}, 2, 3), t(new double[] {0.1, 0.8, 0.1, 0.2, 0.5, 0.3}, 2, 3));
    assertEquals(0.5, m.result(), 1e-15);
    // a (1, 2, 3) sequence output counts 2 rows, both right
    m.update(t(new double[] {0, 0, 1, 1, 0, 0}, 1, 2, 3), t(new double[] {0, 0.1, 0.9, 0.6, 0.3, 0.1}, 1, 2, 3));
    assertEquals(3.0 / 4, m.result(), 1e-15);
  }

  @Test
  void sparseCategoricalAccuracy() {
    Metric m = Metrics.get("accuracy", Losses.get("sparse_categorical_crossentropy"), 3);
    assertInstanceOf(SparseCategoricalAccuracy.class, m);
    Tensor p = t(new double[] {0.1, 0.8, 0.1, 0.2, 0.5, 0.3, 0.6, 0.3, 0.1}, 3, 3); // argmax 1, 1, 0
    m.update(t(new double[] {1, 2, 0}, 3), p);
    assertEquals(2.0 / 3, m.result(), 1e-15);
    m.update(t(new double[] {2}, 1, 1), t(new double[] {0.3, 0.3, 0.4}, 1, 3));
    assertEquals(3.0 / 4, m.result(), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> m.update(new Tensor(3, 3), p));
  }

  @Test
  void accuracyByShapeForOtherLosses() {
    assertInstanceOf(BinaryAccuracy.class, Metrics.get("accuracy", Losses.get("mse"), 1));
    assertInstanceOf(CategoricalAccuracy.class, Metrics.get("accuracy", Losses.get("mse"), 4));
    assertInstanceOf(BinaryAccuracy.class, Metrics.get("accuracy", null, 1));
    assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.get("sparse_categorical_accuracy", null, 4));
  }

  @Test
  void unknownNameAndShapeErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Metrics.get("f1", null, 1));
    assertTrue(e.getMessage().contains("f1") && e.getMessage().contains("rmse"), e.getMessage());
    Metric m = Metrics.get("categorical_accuracy", null, 2);
    e = assertThrows(IllegalArgumentException.class, () -> m.update(new Tensor(5, 1), new Tensor(5, 2)));
    assertTrue(e.getMessage().contains("(5, 1)") && e.getMessage().contains("sparse_categorical_accuracy"),
        e.getMessage());
  }
}
