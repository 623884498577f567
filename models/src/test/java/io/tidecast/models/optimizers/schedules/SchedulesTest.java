package io.tidecast.models.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidecast.models.optimizers.SGD;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values worked by hand from the Keras 3 formulas. */
class SchedulesTest {
  @Test
  void exponentialDecay() {
    ExponentialDecay s = new ExponentialDecay(0.1, 10, 0.5);
    assertEquals(0.1, s.learningRate(0));
    assertEquals(0.1 * Math.sqrt(0.5), s.learningRate(5), 1e-17);
    assertEquals(0.05, s.learningRate(10), 1e-17);
    assertEquals(0.05, new ExponentialDecay(0.1, 10, 0.5, true).learningRate(15));
    assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 0, 0.5));
  }

  @Test
  void inverseTimeDecay() {
    assertEquals(0.05, new InverseTimeDecay(0.1, 1, 0.5).learningRate(2));
    assertEquals(0.1 / 1.75, new InverseTimeDecay(0.1, 10, 0.5).learningRate(15));
    assertEquals(0.1 / 1.5, new InverseTimeDecay(0.1, 10, 0.5, true).learningRate(15));
  }

  @Test
  void cosineDecayWithAlphaAndWarmup() {
    CosineDecay c = new CosineDecay(0.1, 100);
    assertEquals(0.1, c.learningRate(0));
    assertEquals(0.05, c.learningRate(50), 1e-17);
    assertEquals(0.0, c.learningRate(100), 1e-17);
    assertEquals(0.0, c.learningRate(200), 1e-17);
    assertEquals(0.01, new CosineDecay(0.1, 100, 0.1).learningRate(100), 1e-17);
    CosineDecay w = new CosineDecay(0.0, 100, 0.0, 1.0, 10);
    assertEquals(0.5, w.learningRate(5));
    assertEquals(1.0, w.learningRate(10));
    assertEquals(0.5, w.learningRate(60), 1e-15);
    assertEquals(0.0, w.learningRate(1000), 1e-15);
  }

  @Test
  void optimizerUsesTheScheduleAndConfigsRoundTrip() {
    SGD o = new SGD(0.1);
    o.learningRateSchedule(new ExponentialDecay(0.1, 1, 0.5));
    assertEquals(0.1, o.learningRate());
    o.restoreIterations(2);
    assertEquals(0.025, o.learningRate());
    for (LearningRateSchedule s : new LearningRateSchedule[] {new ExponentialDecay(0.3, 7, 0.9, true),
        new InverseTimeDecay(0.2, 3, 0.1), new CosineDecay(0.1, 50, 0.2, 0.5, 5)}) {
      Map<String, Object> cfg = s.getConfig();
      LearningRateSchedule back = LearningRateSchedule.fromConfig(s.className(), cfg);
      for (long step : new long[] {0, 3, 17, 80}) {
        assertEquals(s.learningRate(step), back.learningRate(step));
      }
    }
  }
}
