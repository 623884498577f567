package io.tidecast.models.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.Sequential;
import io.tidecast.models.layers.SimpleRNN;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The seed tutorials' results, reproduced by the ported examples. */
class SeedExamplesTest {

  @Test
  void sequenceLearningEchoesTheSequence() {
    SequenceLearning.Result r = SequenceLearning.run(1000);
    double loss = r.history().last("loss");
    assertTrue(loss < 1e-3, "final loss " + loss);
    INDArray p = r.predictions();
    for (int i = 0; i < 10; i++) {
      double want = i / 10.0;
      assertEquals(want, p.getDouble(i, 0), 0.05, "prediction for " + want);
    }
    assertEquals(1000, r.history().history().get("loss").size());
  }

  @Test
  void lstmClassifiesThresholdWithSgd() {
    ThresholdClassification.Result r = ThresholdClassification.run(300, 7);
    assertTrue(r.scores()[1] >= 0.95, "accuracy " + r.scores()[1]);
    List<Double> acc = r.history().history().get("accuracy");
    assertEquals(300, acc.size());
    INDArray classes = r.model().predictClasses(r.x());
    assertArrayEquals(new long[] {100}, classes.shape());
  }

  @Test
  void xorIsLearnedPerfectly() {
    Xor.Result r = Xor.run(300);
    assertEquals(1.0, r.scores()[1], 0.0, "accuracy; loss " + r.scores()[0]);
    INDArray c = r.model().predictClasses(r.x());
    assertArrayEquals(new long[] {4, 1}, c.shape());
    assertArrayEquals(new int[] {0, 1, 1, 0}, c.toIntVector());
  }

  @Test
  void simpleRnnOutputShape() {
    Sequential m = new Sequential();
    m.add(new SimpleRNN(10).inputShape(3, 1));
    assertArrayEquals(new int[] {10}, m.outputShape());
    assertTrue(m.summary().contains("(None, 10)"), m.summary());
  }

  @Test
  void stackedLstmTrains() {
    StackedLstm.Result r = StackedLstm.run(100);
    List<Double> loss = r.history().history().get("loss");
    assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss " + loss);
    assertArrayEquals(new int[] {1}, r.model().outputShape());
  }
}
