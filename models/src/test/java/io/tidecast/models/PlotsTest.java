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

  @Test
  void forecastPlotHasTheSeriesAndTheErrorPanel() throws Exception {
    double[] actual = new double[200];
    double[] predicted = new double[200];
    for (int i = 0; i < actual.length; i++) {
      actual[i] = Math.sin(i / 10.0);
      predicted[i] = Math.sin((i - 1) / 10.0);
    }
    Path png = dir.resolve("forecast.png");
    Plots.forecast(actual, predicted, png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(Plots.FORECAST_WIDTH, img.getWidth());
    assertEquals(Plots.FORECAST_HEIGHT + Plots.ERROR_HEIGHT, img.getHeight(), "forecast panel + error panel");
    assertTrue(hasColour(img, 0, Plots.FORECAST_HEIGHT, 220, 90, 30), "the forecast line is drawn");
    assertTrue(hasColour(img, Plots.FORECAST_HEIGHT, img.getHeight(), 40, 110, 190), "the error line is drawn");

    // y and model.predict(x) as arrays
    Path nd = dir.resolve("nd.png");
    Plots.forecast(org.nd4j.linalg.factory.Nd4j.create(actual, new long[] {200, 1}, 'c'),
        org.nd4j.linalg.factory.Nd4j.create(predicted, new long[] {200, 1}, 'c'), nd);
    assertEquals(Plots.FORECAST_WIDTH, ImageIO.read(nd.toFile()).getWidth());

    assertThrows(IllegalArgumentException.class, () -> Plots.forecast(new double[3], new double[2], png));
    assertThrows(IllegalArgumentException.class, () -> Plots.forecast(new double[0], new double[0], png));
    assertThrows(IllegalArgumentException.class,
        () -> Plots.forecast(new double[] {1, Double.NaN}, new double[] {1, 2}, png));
  }

  private static boolean hasColour(BufferedImage img, int y0, int y1, int r, int g, int b) {
    for (int y = y0; y < y1; y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        if (Math.abs((rgb >> 16) - r) < 8 && Math.abs(((rgb >> 8) & 0xFF) - g) < 8 && Math.abs((rgb & 0xFF) - b) < 8) {
          return true;
        }
      }
    }
    return false;
  }
}
