package io.tidecast.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A soak over a pre-loaded topic in which keys come and go: {@code keys} round-robin slots; in the second half of
 * the {@code events}, the last fifth of the slots (the idle cohort) is taken over by as many new keys. With an
 * event-time idle TTL of {@code events/5} ms (event i is at {@code T0 + i} ms), the idle cohort's state must be
 * evicted at 70% of the run, so live keys go keys → keys + cohort → keys, and state and heap must stay flat once
 * warm. Used by {@code SoakTest} (CI, small) and {@code tidecast-bench.jar soak} (full size).
 */
public final class SoakRun {
  public static final long T0 = 1_600_000_000_000L;

  private final int keys;
  private final long events;
  private final int cohort;

  public SoakRun(int keys, long events) {
    if (keys < 5 || events < 20L * keys) {
      throw new IllegalArgumentException("need >= 5 keys and >= 20 events per key; got " + keys + " keys, "
          + events + " events");
    }
    this.keys = keys;
    this.events = events;
    this.cohort = keys / 5;
  }

  public int keys() {
    return keys;
  }

  public int cohort() {
    return cohort;
  }

  public long events() {
    return events;
  }

  /** Key of event {@code i}: its slot, except idle-cohort slots in the second half, which carry new keys. */
  public int keyOf(long i) {
    int s = (int) (i % keys);
    return i >= events / 2 && s >= keys - cohort ? s + cohort : s;
  }

  /** Event-time idleness after which a key is dropped: the idle cohort goes at 70% of the run. */
  public Duration ttl() {
    return Duration.ofMillis(events / 5);
  }

  public void preload(EmbeddedKafka kafka, String topic) {
    KeyedSeries.preload(kafka, topic, keys, 0, events, T0, this::keyOf);
  }

  /** Index of the newest event answered by a forecast, -1 before the first. */
  private static long progress(ForecastWatcher w) {
    long m = w.maxOrigin();
    return m < 0 ? -1 : m - T0;
  }

  /** One sample: events with a forecast so far, live keys, heap after GC, state bytes, events/s since the last. */
  public record Sample(long events, long liveKeys, long heapBytes, long stateBytes, double eventsPerSec) {
  }

  /**
   * Runs {@code engine} over {@code in} (pre-loaded by {@link #preload}) and samples it at the first forecast and at
   * {@code samples} evenly spaced points of progress after it (the newest event answered by a forecast). Sampling
   * pauses (GC) are left out of the rates. {@code liveKeys} reads the runtime's live-key meter (-1 if it has none),
   * {@code stateBytes} its state.
   */
  public List<Sample> run(EmbeddedKafka kafka, Engine engine, LongSupplier liveKeys, LongSupplier stateBytes,
      String in, int samples, Duration timeout) throws Exception {
    String out = in + "-" + engine.name();
    kafka.createTopic(out, 1);
    kafka.createTopic(out + "-dlq", 1);
    List<Sample> list = new ArrayList<>();
    try (ForecastWatcher w = new ForecastWatcher(KeyedSeries.client(kafka), out, false, (k, o, t) -> {
    })) {
      engine.start(in, out, out + "-dlq");
      long end = System.nanoTime() + timeout.toNanos();
      long lastIdx = -1;
      long lastT = 0;
      long first = -1; // samples are spread from the first forecast (windows full) to the end
      for (int s = 0; s <= samples; s++) {
        // the newest event waits for a watermark past it, which only a newer event brings: never the last one
        long target = first < 0 ? 0 : Math.min(first + (events - first) * s / samples - 1, events - 2);
        long idx;
        while ((idx = progress(w)) < target) {
          if (System.nanoTime() > end) {
            throw new IllegalStateException(engine.name() + " reached event " + idx + " of " + events + " in "
                + timeout);
          }
          Thread.sleep(20);
        }
        if (first < 0) {
          first = idx;
        }
        long now = System.nanoTime();
        double rate = lastIdx < 0 ? Double.NaN : (idx - lastIdx) / ((now - lastT) / 1e9);
        list.add(new Sample(idx + 1, liveKeys.getAsLong(), engine.heapAfterGc(), stateBytes.getAsLong(), rate));
        lastIdx = progress(w);
        lastT = System.nanoTime();
      }
      return list;
    } finally {
      engine.close();
    }
  }
}
