package io.tidecast.models.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The seed tutorials for TimeDistributed (encoder-decoder head) and Bidirectional, reproduced. */
class SequenceExamplesTest {

  @Test
  void timeDistributedDenseEchoesEveryStep() {
    TimeDistributedEcho.Result r = TimeDistributedEcho.run(1000);
    INDArray p = r.predictions();
    assertArrayEquals(new long[] {1, 5, 1}, p.shape());
    // the tutorial prints the predictions rounded to one decimal: 0.0 0.2 0.4 0.6 0.8 (here 0.07 ... 0.82)
    for (int i = 0; i < 5; i++) {
      assertEquals(i / 5.0, p.getDouble(0, i, 0), 0.08, "step " + i);
    }
    assertTrue(r.history().last("loss") < 2e-3, "loss " + r.history().last("loss"));
  }

  @Test
  void bidirectionalLstmClassifiesCumulativeSums() {
    CumulativeSum.Result r = CumulativeSum.run(1000, 100);
    assertTrue(r.scores()[1] >= 0.9, "accuracy " + r.scores()[1] + ", loss " + r.scores()[0]);
    assertArrayEquals(new int[] {10, 1}, r.model().outputShape());
    assertEquals(2 * 4 * 20 * (1 + 20 + 1) + 41, r.model().countParams());
  }
}
