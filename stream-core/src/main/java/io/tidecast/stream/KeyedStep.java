package io.tidecast.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-key protocol every runtime runs, written once: for a bundle of events (any keys, arrival order; one event
 * is a bundle of one) it reads each key's state from the runtime's store (a new key gets a fresh state), refuses an
 * event not after its key's newest one (late: the key's state stays as it was), has the {@link KeyedLearner} learn
 * the rest, hands out the forecasts, and writes each key's state back once per bundle. An idle key is dropped with
 * {@link #evict}. For per-key placement the store is {@link KeyStates}: each key's model kept apart, written only when
 * trained.
 *
 * <p>Runtimes are adapters: they decode, bundle and route (forecasts to their output, late events to their dead
 * letters), store what the learner shares with their output, and decide when a key is idle (Flink by event-time
 * timers, Kafka Streams by its stream-time clock). Not thread-safe: one per operator instance or stream task.
 *
 * @param <S> a key's state
 */
public final class KeyedStep<S> {
  /** Where a bundle's results go. */
  public interface Output {
    void forecast(Event cause, Forecast f);

    /** {@code e} is not after its key's newest accepted event, at {@code newest}. */
    void late(Event e, long newest);

    /**
     * A key's state was written after learning this bundle's events of it: its newest event time went from
     * {@code before} ({@code Long.MIN_VALUE} for a new key) to {@code after} (the runtime's idle-key bookkeeping).
     */
    default void learned(String key, long before, long after) {
    }
  }

  private final KeyedLearner<S> learner;
  private final KeyStateStore<S> store;
  private final LearnerMetrics metrics;
  private final Map<String, Loaded<S>> touched = new LinkedHashMap<>();
  private final List<Event> accepted = new ArrayList<>();
  private final List<S> states = new ArrayList<>();
  private long created;

  public KeyedStep(KeyedLearner<S> learner, KeyStateStore<S> store) {
    this.learner = learner;
    this.store = store;
    this.metrics = learner.metrics();
  }

  /** A key's state in a bundle, and its newest event time as read and as learned. */
  private static final class Loaded<S> {
    final String key;
    final S state;
    final long newestRead;
    long newest;
    boolean learned;

    Loaded(String key, S state, long newest) {
      this.key = key;
      this.state = state;
      this.newestRead = newest;
      this.newest = newest;
    }
  }

  /** {@link #process(List, Output)} of one event. */
  public void process(Event e, Output out) {
    process(List.of(e), out);
  }

  /** Learns a bundle of events: see the class doc. */
  public void process(List<Event> bundle, Output out) {
    touched.clear();
    accepted.clear();
    states.clear();
    for (Event e : bundle) {
      Loaded<S> l = touched.computeIfAbsent(e.key(), this::load);
      // not after the key's newest event (older, or at the same time): it cannot join the key's windows, and a
      // repeat of the newest time would count one instant twice and make the key's step between events zero
      if ((l.newest != Long.MIN_VALUE || l.learned) && e.timestamp() <= l.newest) {
        metrics.late();
        out.late(e, l.newest);
        continue;
      }
      l.newest = e.timestamp();
      l.learned = true;
      accepted.add(e);
      states.add(l.state);
    }
    if (!accepted.isEmpty()) {
      learner.learn(accepted, states, out::forecast);
    }
    for (Loaded<S> l : touched.values()) {
      if (l.learned) {
        store.put(l.key, l.state);
        out.learned(l.key, l.newestRead, l.newest);
      }
    }
  }

  private Loaded<S> load(String key) {
    S s = store.get(key);
    if (s == null) {
      created++;
      s = learner.newState(key);
    }
    return new Loaded<>(key, s, learner.newestTimestamp(s));
  }

  /** Event time of the key's newest accepted event, or {@code Long.MIN_VALUE} for a key without state. */
  public long lastTimestamp(String key) {
    S s = store.get(key);
    return s == null ? Long.MIN_VALUE : learner.newestTimestamp(s);
  }

  /** Drops an idle key's state; it counts as evicted and leaves the live keys. */
  public void evict(String key) {
    store.delete(key);
    metrics.keyEvicted();
  }

  /** Keys this step created (first events of new keys) since it was made. */
  public long created() {
    return created;
  }

  public KeyedLearner<S> learner() {
    return learner;
  }
}
