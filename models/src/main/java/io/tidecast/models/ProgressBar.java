package io.tidecast.models;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras 2 progress output: {@code verbose=1} a bar per epoch (redrawn in place on a terminal, printed once
 * per epoch otherwise), {@code verbose=2} one line per epoch, {@code verbose=0} nothing.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final int verbose;
  private final int steps;
  private final boolean interactive = System.console() != null;
  private long epochStart;
  private int lastStep;

  ProgressBar(PrintStream out, int verbose, int steps) {
    this.out = out;
    this.verbose = verbose;
    this.steps = steps;
  }

  void epochBegin(int epoch, int epochs) {
    epochStart = System.nanoTime();
    lastStep = 0;
    if (verbose > 0) {
      out.println("Epoch " + (epoch + 1) + "/" + epochs);
    }
  }

  void update(int step, Map<String, Double> logs) {
    lastStep = step;
    if (verbose == 1 && interactive && step < steps) {
      out.print("\r" + bar(step) + " - " + values(logs));
      out.flush();
    }
  }

  void epochEnd(Map<String, Double> logs) {
    double secs = (System.nanoTime() - epochStart) / 1e9;
    long perStepMs = Math.round(secs * 1000 / Math.max(1, lastStep));
    if (verbose == 1) {
      out.print((interactive ? "\r" : "") + bar(lastStep) + " - " + Math.round(secs) + "s " + perStepMs
          + "ms/step - " + values(logs) + "\n");
    } else if (verbose == 2) {
      out.println(lastStep + "/" + steps + " - " + Math.round(secs) + "s - " + values(logs) + " - "
          + Math.round(secs * 1000) + "ms/epoch - " + perStepMs + "ms/step");
    }
    out.flush();
  }

  private String bar(int step) {
    int digits = Integer.toString(steps).length();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%" + digits + "d/%d [", step, steps));
    int done = (int) ((long) WIDTH * step / Math.max(1, steps));
    for (int i = 0; i < WIDTH; i++) {
      b.append(i < done - (step < steps ? 1 : 0) ? '=' : i == done - 1 && step < steps ? '>' : '.');
    }
    return b.append(']').toString();
  }

  private static String values(Map<String, Double> logs) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      if (b.length() > 0) {
        b.append(" - ");
      }
      double v = e.getValue();
      b.append(e.getKey()).append(": ").append(Math.abs(v) >= 1e-3 || v == 0
          ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4e", v));
    }
    return b.toString();
  }
}
