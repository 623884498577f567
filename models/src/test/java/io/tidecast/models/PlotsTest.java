package io.tidecast.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @TempDir
  Path dir;

  private static History history() {
    History h = new History();
    for (int e = 0; e < 5; e++) {
      Map<String, Double> logs = new LinkedHashMap<>();
      logs.put("loss", 1.0 / (e + 1));
      logs.put("accuracy", 0.5 + 0.1 * e);
      logs.put("val_loss", 1.2 / (e + 1));
      logs.put("val_accuracy", 0.45 + 0.1 * e);
      h.onEpochEnd(e, logs);
    }
    return h;
  }

  @Test
  void writesOnePanelPerMetric() throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path all = dir.resolve("history.png");
    Plots.history(history(), all);
    BufferedImage img = ImageIO.read(all.toFile());
    assertEquals(640, img.getWidth());
    assertEquals(2 * 360, img.getHeight(), "loss and accuracy panels");
    boolean coloured = false;
    for (int y = 0; y < img.getHeight() && !coloured; y += 3) {
      for (int x = 0; x < img.getWidth() && !coloured; x += 3) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        int r = rgb >> 16;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        coloured = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80;
      }
    }
    assertTrue(coloured, "the curves are drawn in colour");

    Path acc = dir.resolve("acc.png");
    Plots.history(history(), acc, "accuracy");
    assertEquals(360, ImageIO.read(acc.toFile()).getHeight());
    assertThrows(IllegalArgumentException.class, () -> Plots.history(history(), acc, "mae"));
    assertThrows(IllegalArgumentException.class, () -> Plots.history(new History(), acc));
  }
}
