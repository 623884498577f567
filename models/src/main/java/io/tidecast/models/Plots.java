package io.tidecast.models;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves as PNG, what the seeds draw with matplotlib from {@code h.history['loss']}: one panel
 * per metric against the epoch, the training curve solid and its {@code val_*} counterpart dashed.
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
