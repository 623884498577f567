package io.tidecast.models;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts as PNG, what the seeds draw with matplotlib: training curves from {@code h.history['loss']} (one
 * panel per metric against the epoch, the training curve solid and its {@code val_*} counterpart dashed) and
 * forecasts against the actual series ({@code plt.plot(y); plt.plot(model.predict(x))}) with the absolute
 * error below.
 */
public final class Plots {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;

  private Plots() {
  }

  /** Every metric of {@code h}, one panel each (stacked), written to {@code png}. */
  public static void history(History h, Path png) throws IOException {
    history(h, png, new String[0]);
  }

  /**
   * The given metrics (e.g. {@code "loss"}, {@code "accuracy"}), each with its {@code val_} curve when
   * logged, one panel each; no names means all.
   */
  public static void history(History h, Path png, String... metrics) throws IOException {
    Map<String, List<Double>> hist = h.history();
    if (hist.isEmpty()) {
      throw new IllegalArgumentException("The history is empty: fit() ran no epochs, so there is nothing to plot.");
    }
    List<String> names = new ArrayList<>();
    if (metrics.length == 0) {
      for (String k : hist.keySet()) {
        String base = k.startsWith("val_") ? k.substring(4) : k;
        if (!names.contains(base)) {
          names.add(base);
        }
      }
    } else {
      for (String m : metrics) {
        if (!hist.containsKey(m) && !hist.containsKey("val_" + m)) {
          throw new IllegalArgumentException("No metric \"" + m + "\" in the history; it has " + hist.keySet());
        }
        names.add(m);
      }
    }
    List<BufferedImage> panels = new ArrayList<>();
    for (String name : names) {
      panels.add(BitmapEncoder.getBufferedImage(chart(h, hist, name)));
    }
    BufferedImage out = new BufferedImage(WIDTH, HEIGHT * panels.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    for (int i = 0; i < panels.size(); i++) {
      g.drawImage(panels.get(i), 0, i * HEIGHT, null);
    }
    g.dispose();
    if (!ImageIO.write(out, "png", png.toFile())) {
      throw new IOException("No PNG writer available to write " + png);
    }
  }

  // ---- forecasts ---------------------------------------------------------------------------------

  static final int FORECAST_WIDTH = 1400;
  static final int FORECAST_HEIGHT = 520;
  static final int ERROR_HEIGHT = 260;

  /** {@code actual} and {@code predicted} against the step index, the absolute error below. */
  public static void forecast(double[] actual, double[] predicted, Path png) throws IOException {
    forecast("forecast", null, actual, predicted, png);
  }

  /**
   * As {@link #forecast(double[], double[], Path)} for arrays such as {@code y} and {@code model.predict(x)}:
   * both must have the same shape; they are read in row-major order (one series per chart).
   */
  public static void forecast(INDArray actual, INDArray predicted, Path png) throws IOException {
    if (!java.util.Arrays.equals(actual.shape(), predicted.shape())) {
      throw new IllegalArgumentException("actual has shape " + java.util.Arrays.toString(actual.shape())
          + " but predicted has shape " + java.util.Arrays.toString(predicted.shape()) + "; they must match.");
    }
    forecast(actual.castTo(DataType.DOUBLE).dup('c').data().asDouble(),
        predicted.castTo(DataType.DOUBLE).dup('c').data().asDouble(), png);
  }

  /**
   * Actual vs forecast titled {@code title}, against {@code times} (one per point) or, if null, the step
   * index; the absolute error in a panel below.
   */
  public static void forecast(String title, List<Date> times, double[] actual, double[] predicted, Path png)
      throws IOException {
    if (actual.length != predicted.length || actual.length == 0) {
      throw new IllegalArgumentException("actual has " + actual.length + " points and predicted " + predicted.length
          + "; a forecast plot needs the same, non-zero number of each.");
    }
    if (times != null && times.size() != actual.length) {
      throw new IllegalArgumentException(times.size() + " times for " + actual.length + " points");
    }
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isFinite(actual[i]) || !Double.isFinite(predicted[i])) {
        throw new IllegalArgumentException("point " + i + " is not finite (actual " + actual[i] + ", predicted "
            + predicted[i] + "); drop it before plotting.");
      }
    }
    System.setProperty("java.awt.headless", "true");
    String xTitle = times == null ? "step" : "time";
    List<?> x = times != null ? times : java.util.stream.IntStream.range(0, actual.length).boxed().toList();
    XYChart top = new XYChartBuilder().width(FORECAST_WIDTH).height(FORECAST_HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle("value").build();
    top.getStyler().setMarkerSize(0).setLegendPosition(Styler.LegendPosition.InsideNW)
        .setChartBackgroundColor(Color.WHITE);
    top.addSeries("actual", x, boxed(actual)).setMarker(SeriesMarkers.NONE).setLineColor(new Color(60, 60, 60));
    top.addSeries("forecast", x, boxed(predicted)).setMarker(SeriesMarkers.NONE)
        .setLineColor(new Color(220, 90, 30));
    XYChart bottom = new XYChartBuilder().width(FORECAST_WIDTH).height(ERROR_HEIGHT).title("absolute error")
        .xAxisTitle(xTitle).yAxisTitle("|actual - forecast|").build();
    bottom.getStyler().setMarkerSize(0).setLegendVisible(false).setChartBackgroundColor(Color.WHITE);
    double[] err = new double[actual.length];
    for (int i = 0; i < err.length; i++) {
      err[i] = Math.abs(actual[i] - predicted[i]);
    }
    bottom.addSeries("error", x, boxed(err)).setMarker(SeriesMarkers.NONE).setLineColor(new Color(40, 110, 190));
    BufferedImage i1 = BitmapEncoder.getBufferedImage(top);
    BufferedImage i2 = BitmapEncoder.getBufferedImage(bottom);
    BufferedImage all = new BufferedImage(FORECAST_WIDTH, i1.getHeight() + i2.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.drawImage(i1, 0, 0, null);
    g.drawImage(i2, 0, i1.getHeight(), null);
    g.dispose();
    if (!ImageIO.write(all, "png", png.toFile())) {
      throw new IOException("No PNG writer available to write " + png);
    }
  }

  private static List<Double> boxed(double[] v) {
    return java.util.Arrays.stream(v).boxed().toList();
  }

  private static XYChart chart(History h, Map<String, List<Double>> hist, String name) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(name).xAxisTitle("epoch").yAxisTitle(name)
        .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotBackgroundColor(Color.WHITE);
    for (String key : new String[] {name, "val_" + name}) {
      List<Double> ys = hist.get(key);
      if (ys == null) {
        continue;
      }
      double[] x = new double[ys.size()];
      double[] y = new double[ys.size()];
      List<Integer> epochs = h.epoch();
      for (int i = 0; i < ys.size(); i++) {
        x[i] = (i < epochs.size() ? epochs.get(i) : i) + 1;
        y[i] = ys.get(i) == null ? Double.NaN : ys.get(i);
      }
      XYSeries s = c.addSeries(key, x, y);
      s.setMarker(ys.size() > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      s.setLineStyle(key.startsWith("val_") ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
    }
    return c;
  }
}
