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
final class ForecastCharts {
  private static final int WIDTH = 1400;

  private ForecastCharts() {
  }

  /**
   * A backtest's forecasts: actual vs forecast over the last {@code last} points in the top panel (all when 0 or
   * fewer than that: 10,000 points of a long series draw a solid band), the absolute error over all of them below,
   * with the shown window shaded. {@code times} null puts the row number on the x axis.
   */
  static void backtest(Path file, String title, List<Date> times, List<Double> actual, List<Double> forecast,
      int last) throws IOException {
    List<XYChart> c = backtestCharts(title, times, actual, forecast, last);
    write(file, WIDTH, List.of(BitmapEncoder.getBufferedImage(c.get(0)), BitmapEncoder.getBufferedImage(c.get(1))));
  }

  static List<XYChart> backtestCharts(String title, List<Date> times, List<Double> actual, List<Double> forecast,
      int last) {
    System.setProperty("java.awt.headless", "true");
    int n = actual.size();
    if (n == 0 || forecast.size() != n || (times != null && times.size() != n)) {
      throw new IllegalArgumentException("a forecast plot needs the same, non-zero number of times, actual and "
          + "forecast points; got " + (times == null ? "-" : times.size()) + ", " + n + ", " + forecast.size());
    }
    int from = last > 0 && last < n ? n - last : 0;
    List<?> x = times != null ? times : java.util.stream.IntStream.range(0, n).boxed().toList();
    String xTitle = times == null ? "row" : "time (UTC)";
    XYChart top = new XYChartBuilder().width(WIDTH).height(520).xAxisTitle(xTitle).yAxisTitle("value")
        .title(from == 0 ? title : title + " (last " + (n - from) + " of " + n + " points; --plot-last)").build();
    style(top, times);
    top.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    top.addSeries("actual", x.subList(from, n), actual.subList(from, n)).setMarker(SeriesMarkers.NONE)
        .setLineColor(new Color(60, 60, 60));
    top.addSeries("forecast", x.subList(from, n), forecast.subList(from, n)).setMarker(SeriesMarkers.NONE)
        .setLineColor(new Color(220, 90, 30));
    XYChart bottom = new XYChartBuilder().width(WIDTH).height(260).title("absolute error, all " + n + " points")
        .xAxisTitle(xTitle).yAxisTitle("|actual - forecast|").build();
    style(bottom, times);
    bottom.getStyler().setLegendVisible(false);
    List<Double> err = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      err.add(Math.abs(actual.get(i) - forecast.get(i)));
    }
    bottom.addSeries("error", x, err).setMarker(SeriesMarkers.NONE).setLineColor(new Color(40, 110, 190));
    if (from > 0) {
      // the top panel's window, shaded where it sits in the whole run
      double top0 = err.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      org.knowm.xchart.XYSeries shade = bottom.addSeries("shown above", List.of(x.get(from), x.get(n - 1)),
          List.of(top0, top0));
      shade.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Area);
      shade.setMarker(SeriesMarkers.NONE);
      shade.setLineColor(new Color(220, 90, 30, 60));
      shade.setFillColor(new Color(220, 90, 30, 40));
    }
    return List.of(top, bottom);
  }

  /** White background, no markers, and on a time axis dates with their year, in UTC (as the CSV was read). */
  private static void style(XYChart c, List<Date> times) {
    c.getStyler().setMarkerSize(0).setChartBackgroundColor(Color.WHITE);
    if (times != null) {
      c.getStyler().setTimezone(java.util.TimeZone.getTimeZone("UTC"));
      c.getStyler().setDatePattern(datePattern(times));
    }
  }

  /** {@code yyyy-MM-dd}, with the time of day when the points span less than a few days. */
  static String datePattern(List<Date> times) {
    long span = times.isEmpty() ? 0 : times.get(times.size() - 1).getTime() - times.get(0).getTime();
    return span < 4L * 24 * 3600 * 1000 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd";
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
    int width = WIDTH;
    List<BufferedImage> panels = new java.util.ArrayList<>();
    for (int i = 0; i < actual.size(); i++) {
      XYChart c = new XYChartBuilder().width(width).height(360).title(i == 0 ? title + ": " + actual.get(i).name()
          : actual.get(i).name()).xAxisTitle("time").yAxisTitle("value").build();
      style(c, actual.get(i).x());
      c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
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
