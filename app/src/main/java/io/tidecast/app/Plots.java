package io.tidecast.app;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts of the app: several keys' forecasts, a line; one key's forecast is models' {@code Plots}. */
final class Plots {
  private Plots() {
  }

  static void forecast(Path file, String title, List<Date> times, List<Double> actual, List<Double> forecast,
      boolean timeAxis) throws IOException {
    io.tidecast.models.Plots.forecast(title, timeAxis ? times : null,
        actual.stream().mapToDouble(Double::doubleValue).toArray(),
        forecast.stream().mapToDouble(Double::doubleValue).toArray(), file);
  }

  /** One series of a multi-key chart: its name, x positions (step times) and values. */
  record Line(String name, List<Date> x, List<Double> y) {
  }

  /**
   * Actual vs forecast for several keys, one panel per key stacked vertically; {@code actual} and
   * {@code forecast} hold one line per key in the same order.
   */
  static void forecasts(Path file, String title, List<Line> actual, List<Line> forecast) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int width = 1400;
    List<BufferedImage> panels = new java.util.ArrayList<>();
    for (int i = 0; i < actual.size(); i++) {
      XYChart c = new XYChartBuilder().width(width).height(360).title(i == 0 ? title + ": " + actual.get(i).name()
          : actual.get(i).name()).xAxisTitle("time").yAxisTitle("value").build();
      c.getStyler().setMarkerSize(0).setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW)
          .setChartBackgroundColor(Color.WHITE);
      addLine(c, "actual", actual.get(i), new Color(60, 60, 60));
      addLine(c, "forecast", forecast.get(i), new Color(220, 90, 30));
      panels.add(BitmapEncoder.getBufferedImage(c));
    }
    write(file, width, panels);
  }

  /** A single line chart (e.g. the training loss over time). */
  static void line(Path file, String title, String xTitle, String yTitle, List<Double> x, List<Double> y)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart c = new XYChartBuilder().width(1400).height(520).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
        .build();
    c.getStyler().setMarkerSize(0).setLegendVisible(false).setChartBackgroundColor(Color.WHITE);
    c.getStyler().setXAxisDecimalPattern("#0.#").setYAxisDecimalPattern("#0.####");
    if (x.isEmpty()) {
      // xchart refuses empty series; an empty chart with the title still says what was (not) measured
      c.addSeries(yTitle, List.of(0.0), List.of(0.0)).setMarker(SeriesMarkers.NONE).setLineColor(Color.WHITE);
    } else {
      c.addSeries(yTitle, x, y).setMarker(SeriesMarkers.NONE).setLineColor(new Color(40, 110, 190));
    }
    write(file, 1400, List.of(BitmapEncoder.getBufferedImage(c)));
  }

  private static void addLine(XYChart c, String name, Line l, Color color) {
    if (!l.x().isEmpty()) {
      c.addSeries(name, l.x(), l.y()).setMarker(SeriesMarkers.NONE).setLineColor(color);
    }
  }

  private static void write(Path file, int width, List<BufferedImage> panels) throws IOException {
    int h = Math.max(1, panels.stream().mapToInt(BufferedImage::getHeight).sum());
    BufferedImage all = new BufferedImage(width, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, h);
    int y = 0;
    for (BufferedImage p : panels) {
      g.drawImage(p, 0, y, null);
      y += p.getHeight();
    }
    g.dispose();
    ImageIO.write(all, "png", file.toFile());
  }
}
