package io.tidecast.stream;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress of a long run (a backtest, an M4 evaluation) on stderr, with an ETA. Silent for the first
 * {@value #QUIET_SECONDS} seconds, so short runs print nothing; then a bar redrawn in place on a terminal, or a
 * plain line every {@value #LINE_SECONDS} seconds when the output is piped to a file or a log. Any thread may
 * call {@link #advance}; printing never happens on more than one thread at a time.
 */
public final class Progress {
  static final int QUIET_SECONDS = 5;
  static final int LINE_SECONDS = 10;
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int BAR = 30;

  private final String what;
  private final String unit;
  private final long total;
  private final PrintStream out;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long start;
  private final long period;
  private final AtomicLong done = new AtomicLong();
  private long next;
  private boolean shown;
  private boolean finished;

  /**
   * @param what what runs, e.g. {@code "backtest"}
   * @param unit what is counted, e.g. {@code "rows"}, {@code "series"}
   * @param total how many there are
   * @param terminal true to redraw one bar in place, false for periodic lines
   */
  public Progress(String what, String unit, long total, PrintStream out, boolean terminal) {
    this(what, unit, total, out, terminal, System::nanoTime);
  }

  Progress(String what, String unit, long total, PrintStream out, boolean terminal, LongSupplier clock) {
    this.what = what;
    this.unit = unit;
    this.total = Math.max(0, total);
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.period = terminal ? REDRAW_NANOS : LINE_SECONDS * 1_000_000_000L;
    this.next = start + QUIET_SECONDS * 1_000_000_000L;
  }

  /** On stderr: a bar when this JVM runs on a terminal (stdin and stdout are one), lines otherwise. */
  public static Progress onStderr(String what, String unit, long total) {
    return new Progress(what, unit, total, System.err, System.console() != null);
  }

  /** {@code n} more units done; prints when due. */
  public void advance(long n) {
    long d = done.addAndGet(n);
    long now = clock.getAsLong();
    if (now >= next) {
      synchronized (this) {
        if (now >= next && !finished) {
          next = now + period;
          print(d, now, false);
        }
      }
    }
  }

  /** How many units are done. */
  public long done() {
    return done.get();
  }

  /** Ends the bar (its line is kept) or, if anything was printed, prints a last line; prints nothing otherwise. */
  public synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (shown) {
      print(done.get(), clock.getAsLong(), true);
    }
  }

  private void print(long d, long now, boolean last) {
    double elapsed = (now - start) / 1e9;
    double frac = total == 0 ? 1 : Math.min(1, (double) d / total);
    String eta = last ? "done" : d == 0 ? "ETA unknown" : "ETA " + duration(elapsed * (total - d) / d);
    String counts = String.format(Locale.ROOT, "%3.0f%% %,d/%,d %s, %s elapsed, %s", frac * 100, d, total, unit,
        duration(elapsed), eta);
    if (terminal) {
      int filled = (int) Math.round(frac * BAR);
      out.print("\r" + what + " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + counts + "   "
          + (last ? "\n" : ""));
    } else {
      out.println(what + ": " + counts);
    }
    out.flush();
    shown = true;
  }

  /** {@code 42 s}, {@code 3 min 05 s}, {@code 1 h 02 min}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }
}
