package io.tidecast.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.optimizers.SGD;
import io.tidecast.models.optimizers.schedules.ExponentialDecay;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Callbacks driven with scripted logs; expectations worked by hand from the Keras 3 source semantics. */
class CallbacksTest {

  static Sequential model() {
    Sequential m = new Sequential().dtype("float64");
    m.add(new Dense(1).inputShape(2));
    m.compile(new SGD(0.1), "mse");
    return m;
  }

  static Map<String, Double> logs(String key, double v) {
    Map<String, Double> l = new LinkedHashMap<>();
    l.put("loss", 1.0);
    l.put(key, v);
    return l;
  }

  /** Runs epochs with the given monitored values; returns the epoch at which the model was told to stop, or -1. */
  static int drive(Callback cb, Sequential m, String key, double... values) {
    cb.setModel(m);
    m.stopTraining(false);
    cb.onTrainBegin(new LinkedHashMap<>());
    for (int e = 0; e < values.length; e++) {
      cb.onEpochBegin(e, new LinkedHashMap<>());
      cb.onEpochEnd(e, logs(key, values[e]));
      if (m.stopTraining()) {
        cb.onTrainEnd(new LinkedHashMap<>());
        return e;
      }
    }
    cb.onTrainEnd(new LinkedHashMap<>());
    return -1;
  }

  // ---- EarlyStopping ---------------------------------------------------------------------------------

  @Test
  void earlyStoppingCountsPatienceFromTheBestEpoch() {
    // best 0.9 at epoch 1; epochs 2 and 3 do not improve: wait reaches patience=2 at epoch 3
    EarlyStopping es = new EarlyStopping().monitor("loss").patience(2);
    assertEquals(3, drive(es, model(), "loss", 1.0, 0.9, 0.95, 0.92, 0.91));
    assertEquals(3, es.stoppedEpoch());
    assertEquals(0.9, es.best());
    assertEquals(1, es.bestEpoch());
  }

  @Test
  void earlyStoppingDefaultsStopOnFirstNonImprovement() {
    // patience 0 on val_loss: epoch 0 sets the best, epoch 2 is the first without improvement
    assertEquals(2, drive(new EarlyStopping(), model(), "val_loss", 1.0, 0.5, 0.5));
    // an equal value is no improvement (strict <)
    assertEquals(1, drive(new EarlyStopping(), model(), "val_loss", 1.0, 1.0));
  }

  @Test
  void minDeltaIsSubtractedInMinModeAndAddedInMaxMode() {
    // min mode: 0.96 - 0.05 = 0.91 < 1.0 is not required; the test is 0.96 + 0.05 < 1.0 -> false
    assertEquals(1, drive(new EarlyStopping().monitor("loss").minDelta(0.05).patience(1), model(), "loss",
        1.0, 0.96, 0.90));
    // 0.94 beats 1.0 by more than 0.05
    assertEquals(-1, drive(new EarlyStopping().monitor("loss").minDelta(0.05).patience(1), model(), "loss",
        1.0, 0.94));
    // max mode via auto on accuracy: 0.54 - 0.05 = 0.49 > 0.5 is false -> stop; negative min_delta is abs()ed
    assertEquals(1, drive(new EarlyStopping().monitor("val_accuracy").minDelta(-0.05).patience(1), model(),
        "val_accuracy", 0.5, 0.54));
    assertEquals(-1, drive(new EarlyStopping().monitor("val_accuracy").minDelta(0.05).patience(1), model(),
        "val_accuracy", 0.5, 0.56));
    // explicit max mode on a loss-like name
    assertEquals(2, drive(new EarlyStopping().monitor("loss").mode("max"), model(), "loss", 1.0, 2.0, 1.5));
  }

  @Test
  void baselineKeepsWaitRunningUntilBeaten() {
    // improving but never below the baseline 0.5: wait is not reset, but an improving epoch returns
    // before the patience check (Keras 3), so these run to the end
    assertEquals(-1, drive(new EarlyStopping().monitor("loss").patience(2).baseline(0.5), model(), "loss",
        0.9, 0.8, 0.7));
    // a non-improving epoch once wait reached patience stops: wait = 1 (epoch 0) then 2 at epoch 1
    assertEquals(1, drive(new EarlyStopping().monitor("loss").patience(2).baseline(0.5), model(), "loss",
        0.9, 0.95, 0.96));
    // beating the baseline resets wait as usual
    assertEquals(3, drive(new EarlyStopping().monitor("loss").patience(2).baseline(0.5), model(), "loss",
        0.4, 0.3, 0.35, 0.36));
  }

  @Test
  void startFromEpochIgnoresWarmUpEpochs() {
    EarlyStopping es = new EarlyStopping().monitor("loss").startFromEpoch(2);
    // epochs 0 and 1 would stop training without the warm-up; epoch 2 sets the best; epoch 3 stops
    assertEquals(3, drive(es, model(), "loss", 0.1, 0.5, 0.9, 0.95));
    assertEquals(0.9, es.best());
  }

  @Test
  void restoreBestWeightsPutsBackTheBestEpoch() {
    Sequential m = model();
    EarlyStopping es = new EarlyStopping().monitor("loss").patience(1).restoreBestWeights(true);
    es.setModel(m);
    es.onTrainBegin(new LinkedHashMap<>());
    double[] losses = {1.0, 0.5, 0.7, 0.8};
    int stopped = -1;
    for (int e = 0; e < losses.length && stopped < 0; e++) {
      m.weights().get(0).value()[0] = 10 + e; // the "training" of epoch e
      es.onEpochEnd(e, logs("loss", losses[e]));
      if (m.stopTraining()) {
        stopped = e;
      }
    }
    assertEquals(2, stopped);
    assertEquals(12.0, m.weights().get(0).value()[0]);
    es.onTrainEnd(new LinkedHashMap<>());
    assertEquals(11.0, m.weights().get(0).value()[0], "weights of epoch 1, the best");
    assertEquals(1, es.bestEpoch());
  }

  @Test
  void autoModeRefusesUnknownMetricsAndModeIsChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> drive(new EarlyStopping().monitor("val_f1"), model(), "val_f1", 1.0));
    assertTrue(e.getMessage().contains("mode(\"max\")"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().mode("lowest"));
  }

  @Test
  void missingMonitorIsSkipped() {
    EarlyStopping es = new EarlyStopping();
    Sequential m = model();
    es.setModel(m);
    es.onTrainBegin(new LinkedHashMap<>());
    Map<String, Double> only = new LinkedHashMap<>();
    only.put("loss", 1.0);
    es.onEpochEnd(0, only);
    es.onEpochEnd(1, only);
    assertFalse(m.stopTraining());
  }

  @Test
  void earlyStoppingStopsARealFit() {
    Sequential m = model();
    org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{1, 2}, {3, 4}});
    org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{1}, {2}});
    // a huge min_delta makes every epoch after the first a non-improvement
    EarlyStopping es = new EarlyStopping().monitor("loss").minDelta(1e9).patience(2);
    io.tidecast.models.History h = m.fit(x, y, new io.tidecast.models.FitOptions().epochs(10).verbose(0)
        .callbacks(es));
    assertEquals(3, h.history().get("loss").size());
    assertEquals(2, es.stoppedEpoch());
  }

  // ---- ReduceLROnPlateau ---------------------------------------------------------------------------

  @Test
  void reduceLrOnPlateauWithPatienceCooldownAndMinLr() {
    Sequential m = model();
    ReduceLROnPlateau r = new ReduceLROnPlateau().monitor("loss").factor(0.5).patience(2).cooldown(1).minLr(0.01);
    r.setModel(m);
    r.onTrainBegin(new LinkedHashMap<>());
    double[] losses = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5};
    // hand-worked: reduce at epochs 2 and 4 (cooldown 1 then 2 more waits), improve at 6, reduce at 8, clamp at 10
    double[] lrAfter = {0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.01};
    double[] logged = {0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.0125, 0.0125};
    for (int e = 0; e < losses.length; e++) {
      Map<String, Double> l = logs("loss", losses[e]);
      r.onEpochEnd(e, l);
      assertEquals(logged[e], l.get("learning_rate"), "logged learning_rate at epoch " + e);
      assertEquals(lrAfter[e], m.optimizer().learningRate(), "learning rate after epoch " + e);
    }
  }

  @Test
  void reduceLrMinDeltaAndAccMode() {
    Sequential m = model();
    ReduceLROnPlateau r = new ReduceLROnPlateau().monitor("loss").patience(1);
    r.setModel(m);
    r.onTrainBegin(new LinkedHashMap<>());
    r.onEpochEnd(0, logs("loss", 1.0));
    r.onEpochEnd(1, logs("loss", 1.0 - 5e-5)); // less than min_delta 1e-4 below the best: a plateau
    assertEquals(0.1 * 0.1, m.optimizer().learningRate(), 1e-18);
    assertEquals(1.0, r.best());

    Sequential m2 = model();
    ReduceLROnPlateau acc = new ReduceLROnPlateau().monitor("val_acc").patience(1);
    acc.setModel(m2);
    acc.onTrainBegin(new LinkedHashMap<>());
    acc.onEpochEnd(0, logs("val_acc", 0.5));
    acc.onEpochEnd(1, logs("val_acc", 0.6)); // "acc" in the name: maximised
    assertEquals(0.1, m2.optimizer().learningRate());
    acc.onEpochEnd(2, logs("val_acc", 0.55));
    assertEquals(0.1 * 0.1, m2.optimizer().learningRate(), 1e-18);
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1.0));
  }

  @Test
  void lrCallbacksRefuseOptimizersWithASchedule() {
    Sequential m = new Sequential().dtype("float64");
    m.add(new Dense(1).inputShape(2));
    m.compile(new SGD(0.1).learningRateSchedule(new ExponentialDecay(0.1, 10, 0.5)), "mse");
    ReduceLROnPlateau r = new ReduceLROnPlateau().monitor("loss").patience(0);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> drive(r, m, "loss", 1.0, 2.0));
    assertTrue(e.getMessage().contains("not settable"), e.getMessage());
  }

  // ---- LearningRateScheduler, TerminateOnNaN ---------------------------------------------------------

  @Test
  void learningRateSchedulerSetsTheRateEachEpoch() {
    Sequential m = model();
    LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> epoch < 2 ? lr : lr * 0.5);
    s.setModel(m);
    double[] expected = {0.1, 0.1, 0.05, 0.025};
    for (int e = 0; e < 4; e++) {
      s.onEpochBegin(e, new LinkedHashMap<>());
      assertEquals(expected[e], m.optimizer().learningRate());
      Map<String, Double> l = logs("loss", 1);
      s.onEpochEnd(e, l);
      assertEquals(expected[e], l.get("learning_rate"));
    }
  }

  @Test
  void terminateOnNaN() {
    Sequential m = model();
    TerminateOnNaN t = new TerminateOnNaN();
    t.setModel(m);
    t.onTrainBatchEnd(0, logs("loss", 1.0));
    assertFalse(m.stopTraining());
    Map<String, Double> l = new LinkedHashMap<>();
    l.put("loss", Double.POSITIVE_INFINITY);
    t.onTrainBatchEnd(1, l);
    assertTrue(m.stopTraining());
  }

  // ---- the seed's custom callback -------------------------------------------------------------------

  /** The seed's TimeCallback, as a user writes it: the wall time of each epoch. */
  static final class TimeCallback extends Callback {
    final java.util.List<Double> times = new java.util.ArrayList<>();
    private long start;

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
      start = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      times.add((System.nanoTime() - start) / 1e9);
    }
  }

  @Test
  void userCallbackSeesEveryEpoch() {
    Sequential m = model();
    org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{1, 2}, {3, 4}});
    org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{1}, {2}});
    TimeCallback tc = new TimeCallback();
    m.fit(x, y, new io.tidecast.models.FitOptions().epochs(4).verbose(0).callbacks(tc));
    assertEquals(4, tc.times.size());
    for (double t : tc.times) {
      assertTrue(t >= 0);
    }
  }
}
