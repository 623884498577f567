package io.tidecast.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.models.Models;
import io.tidecast.models.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {
  @TempDir
  Path dir;

  private static Map<String, Double> logs(double loss, double valLoss) {
    Map<String, Double> l = new LinkedHashMap<>();
    l.put("loss", loss);
    l.put("val_loss", valLoss);
    return l;
  }

  @Test
  void saveBestOnlyWritesOnlyImprovementsWithTemplatedNames() throws Exception {
    Sequential m = CallbacksTest.model();
    ModelCheckpoint cp = new ModelCheckpoint(dir.resolve("weights.{epoch:02d}-{val_loss:.2f}.keras").toString())
        .saveBestOnly(true);
    cp.setModel(m);
    cp.onTrainBegin(new LinkedHashMap<>());
    double[] val = {0.5, 0.6, 0.4, 0.4};
    for (int e = 0; e < val.length; e++) {
      cp.onEpochBegin(e, new LinkedHashMap<>());
      cp.onEpochEnd(e, logs(1.0, val[e]));
    }
    try (var s = Files.list(dir)) {
      assertEquals(List.of("weights.01-0.50.keras", "weights.03-0.40.keras"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(0.4, cp.best());
    // the saved file is a full model
    Sequential back = Models.load(dir.resolve("weights.03-0.40.keras"));
    assertEquals(m.getWeights(), back.getWeights());
  }

  @Test
  void everyEpochAndWeightsOnly() throws Exception {
    Sequential m = CallbacksTest.model();
    ModelCheckpoint cp = new ModelCheckpoint(dir.resolve("sub/ckpt-{epoch}.weights").toString())
        .saveWeightsOnly(true);
    cp.setModel(m);
    for (int e = 0; e < 3; e++) {
      m.weights().get(0).value()[0] = e;
      cp.onEpochEnd(e, logs(1.0, 9.0));
    }
    assertTrue(Files.exists(dir.resolve("sub/ckpt-1.weights")));
    assertTrue(Files.exists(dir.resolve("sub/ckpt-3.weights")));
    Sequential other = CallbacksTest.model();
    other.loadWeights(dir.resolve("sub/ckpt-2.weights"));
    assertEquals(1.0, other.weights().get(0).value()[0]);
    assertArrayEquals(m.weights().get(1).value(), other.weights().get(1).value());
  }

  @Test
  void maxModeOnAccuracyAndUnknownKeys() {
    Sequential m = CallbacksTest.model();
    ModelCheckpoint cp = new ModelCheckpoint(dir.resolve("m-{val_accuracy:.3f}.keras").toString())
        .monitor("val_accuracy").saveBestOnly(true);
    cp.setModel(m);
    double[] acc = {0.5, 0.45, 0.75};
    for (int e = 0; e < acc.length; e++) {
      Map<String, Double> l = new LinkedHashMap<>();
      l.put("val_accuracy", acc[e]);
      cp.onEpochEnd(e, l);
    }
    assertTrue(Files.exists(dir.resolve("m-0.500.keras")));
    assertFalse(Files.exists(dir.resolve("m-0.450.keras")));
    assertTrue(Files.exists(dir.resolve("m-0.750.keras")));
    ModelCheckpoint bad = new ModelCheckpoint(dir.resolve("m-{val_mae}.keras").toString());
    bad.setModel(m);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.onEpochEnd(0, logs(1, 1)));
    assertTrue(e.getMessage().contains("val_mae"), e.getMessage());
  }

  @Test
  void csvLoggerWritesSortedKeysLikeKeras() throws Exception {
    Path f = dir.resolve("log.csv");
    CSVLogger log = new CSVLogger(f);
    log.onTrainBegin(null);
    log.onEpochEnd(0, logs(0.5, 0.25));
    log.onEpochEnd(1, logs(0.1, 1e-05));
    log.onTrainEnd(null);
    assertEquals("epoch,loss,val_loss\r\n0,0.5,0.25\r\n1,0.1,1e-05\r\n", Files.readString(f));
    CSVLogger more = new CSVLogger(f).append(true).separator(";");
    more.onTrainBegin(null);
    more.onEpochEnd(2, logs(0.125, 3.0));
    more.onTrainEnd(null);
    assertTrue(Files.readString(f).endsWith("1,0.1,1e-05\r\n2;0.125;3.0\r\n"), Files.readString(f));
  }
}
