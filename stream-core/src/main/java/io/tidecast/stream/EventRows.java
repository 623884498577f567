package io.tidecast.stream;

import java.util.List;

/**
 * An event as the model's next row: its inputs and targets in window order (names looked up once per schema, by the
 * identity of the event's names list), calendar inputs, and with seasonal differencing or lead the derived inputs
 * and targets, read from the key's window. One instance per learner; the arrays are reused event after event.
 */
final class EventRows {
  final double[] in;
  final double[] out;
  /** What the model is trained to output: {@link #out}, or its seasonal differences. */
  final double[] target;
  private final LearnerConfig cfg;
  private final int nIn;
  private final int nOut;
  private final int steps;
  private final boolean differencing;
  private final boolean lead;
  private final int period;
  private final int leadOffset;
  final int[] targetInInput;
  private List<String> cachedNames;
  private int[] inIdx;
  private int[] outIdx;

  EventRows(LearnerConfig cfg) {
    this.cfg = cfg;
    WindowSpec w = cfg.window();
    int f = cfg.inputFeatures();
    this.nIn = w.inputs().size();
    this.nOut = w.targets().size();
    this.steps = w.horizon();
    this.in = new double[f];
    this.out = new double[nOut];
    this.differencing = cfg.seasonalDifference();
    this.period = cfg.seasonality();
    this.target = differencing ? new double[nOut] : out;
    this.lead = cfg.seasonalLead();
    this.leadOffset = f - (lead ? nOut : 0);
    this.targetInInput = new int[nOut];
    for (int j = 0; j < nOut; j++) {
      targetInInput[j] = w.inputs().indexOf(w.targets().get(j));
    }
  }

  /** Copies the event's features into {@link #in}/{@link #out}; false if any is not finite. */
  boolean project(Event e) {
    if (e.names() != cachedNames) {
      inIdx = indices(e.names(), cfg.window().inputs());
      outIdx = indices(e.names(), cfg.window().targets());
      cachedNames = e.names();
    }
    for (int i = 0; i < nIn; i++) {
      in[i] = e.value(inIdx[i]);
      if (!Double.isFinite(in[i])) {
        return false;
      }
    }
    for (int i = 0; i < nOut; i++) {
      out[i] = e.value(outIdx[i]);
      if (!Double.isFinite(out[i])) {
        return false;
      }
    }
    TimeFeatures.fill(cfg.timeFeatures(), e.timestamp(), in, nIn);
    return true;
  }

  /** The derived inputs and targets of the projected row, from the key's window before the row joins it. */
  void derive(SlidingWindow window) {
    if (differencing) {
      // y(t) - y(t-m): lag m-1 before this row is added; 0 until m rows are known (those rows are never trained on)
      boolean known = window.count() >= period;
      for (int j = 0; j < nOut; j++) {
        double d = known ? out[j] - window.input(period - 1, targetInInput[j]) : 0.0;
        target[j] = d;
        in[leadOffset - nOut + j] = d;
      }
    }
    if (lead) {
      // y(t - m + H): lag m-H-1 before this row is added (this row itself when H = m); the oldest value until known
      int lag = period - steps - 1;
      for (int j = 0; j < nOut; j++) {
        int have = window.buffered();
        in[leadOffset + j] = lag < 0 || have == 0 ? out[j] : window.input(Math.min(lag, have - 1), targetInInput[j]);
      }
    }
  }

  private static int[] indices(List<String> available, List<String> wanted) {
    int[] idx = new int[wanted.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = available.indexOf(wanted.get(i));
      if (idx[i] < 0) {
        throw new IllegalArgumentException("event has no feature '" + wanted.get(i) + "' required by the window "
            + "spec; it has " + available);
      }
    }
    return idx;
  }
}
