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
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts: actual vs forecast with the absolute error below. */
final class Plots {
  private Plots() {
  }

  static void forecast(Path file, String title, List<Date> times, List<Double> actual, List<Double> forecast,
      boolean timeAxis) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int width = 1400;
    XYChart top = new XYChartBuilder().width(width).height(520).title(title).xAxisTitle(timeAxis ? "time" : "step")
        .yAxisTitle("value").build();
    top.getStyler().setMarkerSize(0).setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW)
        .setChartBackgroundColor(Color.WHITE);
    List<?> x = timeAxis ? times : indices(times.size());
    XYSeries a = top.addSeries("actual", x, actual);
    a.setMarker(SeriesMarkers.NONE).setLineColor(new Color(60, 60, 60));
    XYSeries f = top.addSeries("forecast", x, forecast);
    f.setMarker(SeriesMarkers.NONE).setLineColor(new Color(220, 90, 30));

    XYChart bottom = new XYChartBuilder().width(width).height(260).title("absolute error")
        .xAxisTitle(timeAxis ? "time" : "step").yAxisTitle("|actual - forecast|").build();
    bottom.getStyler().setMarkerSize(0).setLegendVisible(false).setChartBackgroundColor(Color.WHITE);
    double[] err = new double[actual.size()];
    for (int i = 0; i < err.length; i++) {
      err[i] = Math.abs(actual.get(i) - forecast.get(i));
    }
    List<Double> errList = java.util.Arrays.stream(err).boxed().toList();
    bottom.addSeries("error", x, errList).setMarker(SeriesMarkers.NONE).setLineColor(new Color(40, 110, 190));

    BufferedImage i1 = BitmapEncoder.getBufferedImage(top);
    BufferedImage i2 = BitmapEncoder.getBufferedImage(bottom);
    BufferedImage all = new BufferedImage(width, i1.getHeight() + i2.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.drawImage(i1, 0, 0, null);
    g.drawImage(i2, 0, i1.getHeight(), null);
    g.dispose();
    ImageIO.write(all, "png", file.toFile());
  }

  private static List<Integer> indices(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }
}
