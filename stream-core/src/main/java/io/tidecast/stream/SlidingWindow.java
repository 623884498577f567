package io.tidecast.stream;

import java.util.List;

/**
 * Per-key ring buffer over event-time-ordered rows that yields Keras-shaped windows.
 *
 * <p>Rows are numbered {@code 0, 1, ...} in arrival order. A window ending at row {@code e} covers rows
 * {@code e - (timesteps-1)*samplingRate, ..., e} every {@code samplingRate} rows and exists when its start row
 * is a multiple of {@code stride} - exactly the windows of {@code timeseries_dataset_from_array}. After each
 * {@link #add}:
 * <ul>
 *   <li>{@link #inputReady()}: a window ends at the newest row - the model can forecast from it now;</li>
 *   <li>{@link #trainingReady()}: a window ends {@code targetSteps} rows back, and the target rows after it
 *       are now all known - the prequential learner can learn from it.</li>
 * </ul>
 * Memory is {@code (span + targetSteps)} rows, {@code span = (timesteps-1)*samplingRate + 1}.
 */
public final class SlidingWindow {
  private final WindowSpec spec; // null for the internal Keras-compatible helper
  private final int timesteps;
  private final int stride;
  private final int rate;
  private final int shift;
  private final int nIn;
  private final int nOut;
  private final int span;
  private final int cap;
  private final int history;
  private final double[] in;
  private final double[] out;
  private final long[] times;
  private long count;

  // projection cache keyed by the identity of the events' shared name list; not state
  private List<String> cachedNames;
  private int[] inIdx;
  private int[] outIdx;
  private double[] rowIn;
  private double[] rowOut;

  public SlidingWindow(WindowSpec spec) {
    this(spec, 0);
  }

  /**
   * A window that also keeps {@code historyRows} older rows, so labelled windows from the recent past can be
   * replayed for training ({@link #replayWindow}).
   */
  public SlidingWindow(WindowSpec spec, int historyRows) {
    this(spec, spec.timesteps(), spec.stride(), spec.samplingRate(), spec.targetSteps(), spec.inputs().size(),
        spec.targets().size(), historyRows);
  }

  SlidingWindow(WindowSpec spec, int timesteps, int stride, int rate, int shift, int nIn, int nOut) {
    this(spec, timesteps, stride, rate, shift, nIn, nOut, 0);
  }

  private SlidingWindow(WindowSpec spec, int timesteps, int stride, int rate, int shift, int nIn, int nOut,
      int historyRows) {
    if (historyRows < 0 || historyRows > WindowSpec.MAX_SPAN) {
      throw new IllegalArgumentException("historyRows must be in [0, " + WindowSpec.MAX_SPAN + "]; got "
          + historyRows);
    }
    this.history = historyRows;
    this.spec = spec;
    this.timesteps = timesteps;
    this.stride = stride;
    this.rate = rate;
    this.shift = shift;
    this.nIn = nIn;
    this.nOut = nOut;
    this.span = Math.toIntExact((long) (timesteps - 1) * rate + 1);
    this.cap = Math.toIntExact((long) span + shift + historyRows);
    this.in = new double[Math.multiplyExact(cap, nIn)];
    this.out = new double[Math.multiplyExact(cap, nOut)];
    this.times = new long[cap];
  }

  public WindowSpec spec() {
    return spec;
  }

  /** Appends the event's input and target features (by name, per the spec). */
  public void add(Event e) {
    if (e.names() != cachedNames) {
      project(e.names());
    }
    for (int i = 0; i < nIn; i++) {
      rowIn[i] = e.value(inIdx[i]);
    }
    for (int i = 0; i < nOut; i++) {
      rowOut[i] = e.value(outIdx[i]);
    }
    add(e.timestamp(), rowIn, rowOut);
  }

  /** Appends one row: input features in spec order, target features in spec order (copied). */
  public void add(long timestamp, double[] inputs, double[] targets) {
    if (inputs.length != nIn || targets.length != nOut) {
      throw new IllegalArgumentException("expected " + nIn + " inputs and " + nOut + " targets; got "
          + inputs.length + " and " + targets.length);
    }
    if (count > 0 && timestamp < lastTimestamp()) {
      throw new IllegalArgumentException("event time " + timestamp + " is before the previous event time "
          + lastTimestamp() + " of this key; windows need event-time order (sort upstream, e.g. up to the watermark)");
    }
    checkFinite(inputs, "input", spec == null ? null : spec.inputs());
    checkFinite(targets, "target", spec == null ? null : spec.targets());
    int slot = (int) (count % cap);
    System.arraycopy(inputs, 0, in, slot * nIn, nIn);
    System.arraycopy(targets, 0, out, slot * nOut, nOut);
    times[slot] = timestamp;
    count++;
  }

  /** Rows added so far. */
  public long count() {
    return count;
  }

  /** Event time of the newest row. */
  public long lastTimestamp() {
    if (count == 0) {
      throw new IllegalStateException("no rows yet");
    }
    return times[(int) ((count - 1) % cap)];
  }

  public boolean inputReady() {
    return aligned(count - 1);
  }

  /** The window ending at the newest row, {@code [timesteps][inputs]}. */
  public double[][] inputWindow() {
    return unflatten(inputWindow(new double[timesteps * nIn]), timesteps, nIn);
  }

  /** Flat row-major {@code [timesteps * inputs]} into {@code dst}; returns {@code dst}. */
  public double[] inputWindow(double[] dst) {
    requireReady(inputReady(), "inputWindow", "inputReady");
    gather(count - 1, dst);
    return dst;
  }

  public boolean trainingReady() {
    return aligned(count - 1 - shift);
  }

  /** Inputs of the window whose targets just became known, {@code [timesteps][inputs]}. */
  public double[][] trainingInputs() {
    return unflatten(trainingInputs(new double[timesteps * nIn]), timesteps, nIn);
  }

  public double[] trainingInputs(double[] dst) {
    requireReady(trainingReady(), "trainingInputs", "trainingReady");
    gather(count - 1 - shift, dst);
    return dst;
  }

  /** Targets {@code [targetSteps][targets]}: row {@code h-1} holds the targets {@code h} rows after the window. */
  public double[][] trainingTargets() {
    return unflatten(trainingTargets(new double[shift * nOut]), shift, nOut);
  }

  public double[] trainingTargets(double[] dst) {
    requireReady(trainingReady(), "trainingTargets", "trainingReady");
    for (int h = 1; h <= shift; h++) {
      long row = count - 1 - shift + h;
      System.arraycopy(out, (int) (row % cap) * nOut, dst, (h - 1) * nOut, nOut);
    }
    return dst;
  }

  /** Event time of the last row of the training window (the forecast origin it stands for). */
  public long trainingOriginTimestamp() {
    requireReady(trainingReady(), "trainingOriginTimestamp", "trainingReady");
    return times[(int) ((count - 1 - shift) % cap)];
  }

  /**
   * Input feature {@code feature} of the row {@code lag} rows before the newest ({@code lag = 0} is the newest),
   * for seeding recursive forecasts; {@code lag < min(count, span + targetSteps)}.
   */
  public double input(int lag, int feature) {
    if (lag < 0 || lag >= Math.min(count, cap) || feature < 0 || feature >= nIn) {
      throw new IndexOutOfBoundsException("lag " + lag + " / feature " + feature + " outside the "
          + Math.min(count, cap) + " buffered rows x " + nIn + " inputs");
    }
    return in[(int) ((count - 1 - lag) % cap) * nIn + feature];
  }

  /** Rows currently buffered: {@code min(count, capacity)}; lags {@code 0..buffered()-1} are readable. */
  public int buffered() {
    return (int) Math.min(count, cap);
  }

  /** Older rows kept beyond one window and its targets. */
  public int historyRows() {
    return history;
  }

  /**
   * Labelled windows still fully buffered, whatever their stride alignment: window ends
   * {@code [newest - replayable() + 1 - targetSteps, newest - targetSteps]}.
   */
  public long replayable() {
    long lo = Math.max(0, count - cap) + span - 1;
    long hi = count - 1 - shift;
    return Math.max(0, hi - lo + 1);
  }

  /**
   * Inputs {@code [timesteps * inputs]} and targets {@code [targetSteps * targets]} of the labelled window
   * {@code back} positions before the newest one ({@code 0 <= back < replayable()}).
   */
  public void replayWindow(long back, double[] inputs, double[] targets) {
    if (back < 0 || back >= replayable()) {
      throw new IndexOutOfBoundsException("replay position " + back + " outside [0, " + replayable() + ")");
    }
    long end = count - 1 - shift - back;
    gather(end, inputs);
    for (int h = 1; h <= shift; h++) {
      System.arraycopy(out, (int) ((end + h) % cap) * nOut, targets, (h - 1) * nOut, nOut);
    }
  }

  /** Start row of the window ending at {@code endRow}, or -1 if no window ends there. */
  long windowStart(long endRow) {
    return aligned(endRow) ? endRow - (span - 1) : -1;
  }

  private boolean aligned(long endRow) {
    long start = endRow - (span - 1);
    return start >= 0 && start % stride == 0;
  }

  private void gather(long endRow, double[] dst) {
    if (dst.length != timesteps * nIn) {
      throw new IllegalArgumentException("dst must have timesteps*inputs = " + timesteps * nIn + " entries; got "
          + dst.length);
    }
    long row = endRow - (long) (timesteps - 1) * rate;
    for (int k = 0; k < timesteps; k++, row += rate) {
      System.arraycopy(in, (int) (row % cap) * nIn, dst, k * nIn, nIn);
    }
  }

  private static void requireReady(boolean ready, String method, String check) {
    if (!ready) {
      throw new IllegalStateException(method + "() called when no such window exists; check " + check + "() first");
    }
  }

  static double[][] unflatten(double[] flat, int rows, int cols) {
    double[][] a = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * cols, a[r], 0, cols);
    }
    return a;
  }

  private static void checkFinite(double[] v, String kind, List<String> names) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(kind + " " + (names == null ? "#" + i : "'" + names.get(i) + "'")
            + " is " + v[i] + "; windows take finite values only (impute or drop upstream)");
      }
    }
  }

  private void project(List<String> names) {
    if (spec == null) {
      throw new IllegalStateException("this window has no feature names; use add(timestamp, inputs, targets)");
    }
    inIdx = indices(names, spec.inputs());
    outIdx = indices(names, spec.targets());
    rowIn = new double[nIn];
    rowOut = new double[nOut];
    cachedNames = names;
  }

  private static int[] indices(List<String> available, List<String> wanted) {
    int[] idx = new int[wanted.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = available.indexOf(wanted.get(i));
      if (idx[i] < 0) {
        throw new IllegalArgumentException("event has no feature '" + wanted.get(i) + "' required by the window spec;"
            + " it has " + available);
      }
    }
    return idx;
  }

  // ---- state codec ----

  // version 2 added historyRows; version 1 blobs read as historyRows = 0
  private static final int VERSION = 2;

  void writeTo(StateWriter w) {
    if (spec == null) {
      throw new IllegalStateException("only spec-based windows are persisted");
    }
    w.writeHeader(StateTags.SLIDING_WINDOW, VERSION);
    spec.writeTo(w);
    w.writeVarInt(history);
    w.writeVarLong(count);
    w.writeDoubles(in);
    w.writeDoubles(out);
    w.writeLongs(times);
  }

  static SlidingWindow readFrom(StateReader r) {
    int version = r.readHeader(StateTags.SLIDING_WINDOW, VERSION);
    WindowSpec spec = WindowSpec.readFrom(r);
    int history = version >= 2 ? r.readVarInt() : 0;
    StateReader.check(history >= 0 && history <= WindowSpec.MAX_SPAN, "SlidingWindow history rows " + history);
    long count = r.readVarLong();
    double[] in = r.readDoubles();
    double[] out = r.readDoubles();
    long[] times = r.readLongs();
    long cap = (long) (spec.timesteps() - 1) * spec.samplingRate() + 1 + spec.targetSteps() + history;
    // check sizes before allocating the window's own arrays (the spec bounds cap by MAX_SPAN)
    StateReader.check(times.length == cap && in.length == (long) cap * spec.inputs().size()
        && out.length == (long) cap * spec.targets().size(), "SlidingWindow buffers do not match its spec");
    SlidingWindow sw = new SlidingWindow(spec, history);
    System.arraycopy(in, 0, sw.in, 0, in.length);
    System.arraycopy(out, 0, sw.out, 0, out.length);
    System.arraycopy(times, 0, sw.times, 0, times.length);
    sw.count = count;
    return sw;
  }
}
