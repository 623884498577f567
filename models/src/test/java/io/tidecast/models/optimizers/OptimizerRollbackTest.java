package io.tidecast.models.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.layers.Weight;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerRollbackTest {

  @Test
  void float32OverflowRestoresWeightsSlotsAndCounter() {
    Weight a = new Weight("a", new int[] {2}, null, true);
    Weight b = new Weight("b", new int[] {1}, null, true);
    Adam adam = new Adam(0.1);
    a.value()[0] = 0.5;
    a.grad()[0] = 1.0;
    b.grad()[0] = 1.0;
    assertTrue(adam.apply(List.of(a, b)));
    double[] aBefore = a.value().clone();
    double[] mBefore = adam.slots(a)[0].clone();
    double[] vBefore = adam.slots(a)[1].clone();

    // a float32 model: 3e38 overflows float once updated; the whole step must be undone
    Optimizer sgd = new SGD(1.0);
    Weight big = new Weight("big", new int[] {1}, null, true);
    big.value()[0] = 3e38;
    big.grad()[0] = -3e38;
    Weight small = new Weight("small", new int[] {1}, null, true);
    small.value()[0] = 1.0;
    small.grad()[0] = 0.5;
    assertFalse(sgd.apply(List.of(small, big)));
    assertEquals(1.0, small.value()[0], 0.0, "the finite weight updated before the overflow is restored too");
    assertEquals(3e38, big.value()[0], 0.0);
    assertEquals(0, sgd.iterations());

    a.grad()[0] = Double.MAX_VALUE;
    a.grad()[1] = Double.MAX_VALUE;
    assertFalse(adam.apply(List.of(a, b)), "g^2 overflows Adam's second moment");
    assertArrayEquals(aBefore, a.value(), 0.0);
    assertArrayEquals(mBefore, adam.slots(a)[0], 0.0);
    assertArrayEquals(vBefore, adam.slots(a)[1], 0.0);
    assertEquals(1, adam.iterations());
  }
}
