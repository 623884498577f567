package io.tidecast.app;

import io.tidecast.stream.Event;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's synthetic keyed series: hourly values with a per-key level, trend, daily and weekly seasonality,
 * Gaussian noise and a level shift at {@code shiftStep} (so the online learner has something to adapt to).
 * Keys are emitted round-robin, one hour at a time; fully determined by the seed.
 */
final class DemoSeries {
  static final long STEP_MS = 3_600_000L;
  /** 2024-01-01T00:00:00Z: a Monday, so the weekly pattern lines up with calendar weeks. */
  static final long START_MS = 1_704_067_200_000L;
  private static final List<String> NAMES = List.of("value");

  private final int keys;
  private final long shiftStep;
  private final double[] level;
  private final double[] trend;
  private final double[] daily;
  private final double[] weekly;
  private final double[] noise;
  private final double[] shift;
  private final double[] phase;
  private final SplittableRandom rng;
  private long n;

  DemoSeries(int keys, long shiftStep, long seed) {
    if (keys < 1) {
      throw new IllegalArgumentException("--keys must be >= 1; got " + keys);
    }
    this.keys = keys;
    this.shiftStep = shiftStep;
    SplittableRandom r = new SplittableRandom(seed);
    level = new double[keys];
    trend = new double[keys];
    daily = new double[keys];
    weekly = new double[keys];
    noise = new double[keys];
    shift = new double[keys];
    phase = new double[keys];
    for (int k = 0; k < keys; k++) {
      level[k] = 50 + 100 * r.nextDouble();
      trend[k] = 0.002 + 0.01 * r.nextDouble();
      daily[k] = 10 + 20 * r.nextDouble();
      weekly[k] = 3 + 8 * r.nextDouble();
      noise[k] = 1 + 2 * r.nextDouble();
      shift[k] = (r.nextBoolean() ? 1 : -1) * (15 + 25 * r.nextDouble());
      phase[k] = 2 * Math.PI * r.nextDouble();
    }
    rng = r.split();
  }

  static String key(int k) {
    return "series-" + k;
  }

  /** The next event (key {@code n % keys}, hour {@code n / keys}). */
  Event next() {
    int k = (int) (n % keys);
    long t = n / keys;
    n++;
    double v = level[k] + trend[k] * t
        + daily[k] * Math.sin(2 * Math.PI * t / 24 + phase[k])
        + weekly[k] * Math.sin(2 * Math.PI * t / 168)
        + noise[k] * rng.nextGaussian()
        + (t >= shiftStep ? shift[k] : 0);
    return new Event(key(k), START_MS + t * STEP_MS, NAMES, new double[] {v});
  }
}
