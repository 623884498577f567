package io.tidecast.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-key protocol every runtime runs, written once: for a bundle of events (any keys, arrival order; one event
 * is a bundle of one) it reads each key's state from the runtime's {@link KeyStateStore} with its model attached (a
 * new key gets a fresh state), refuses an event not after its key's newest one (late: the state stays as it was),
 * has the {@link KeyedLearner} learn the rest, hands out the forecasts, and writes each key's state back once per
 * bundle, its model (~53 KB for LSTM(32)) only when training changed it or it was not stored apart yet (a state from
 * before the split, with its model inline, is split on that write). An idle key is dropped with {@link #evict}.
 *
 * <p>Runtimes are adapters: they decode, bundle and route (forecasts to their output, late events to their dead
 * letters), and decide when a key is idle (Flink by event-time timers, Kafka Streams by its stream-time clock).
 * Not thread-safe: one per operator instance or stream task.
 */
public final class KeyedStep {
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

  private final KeyedLearner learner;
  private final KeyStateStore store;
  private final LearnerMetrics metrics;
  private final Map<String, Loaded> touched = new LinkedHashMap<>();
  private final List<Event> accepted = new ArrayList<>();
  private final List<KeyState> states = new ArrayList<>();
  private long created;
  private boolean trained;

  public KeyedStep(KeyedLearner learner, KeyStateStore store) {
    this.learner = learner;
    this.store = store;
    this.metrics = learner.metrics();
  }

  /** A key's state in a bundle: as read, and whether its model came from its own store. */
  private static final class Loaded {
    final String key;
    final KeyState state;
    final boolean attached;
    final long versionRead;
    final long newestRead;
    long newest;
    boolean changed;

    Loaded(String key, KeyState state, boolean attached) {
      this.key = key;
      this.state = state;
      this.attached = attached;
      this.versionRead = state.version();
      this.newestRead = state.lastTimestamp();
      this.newest = newestRead;
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
    trained = false;
    for (Event e : bundle) {
      Loaded l = touched.computeIfAbsent(e.key(), this::load);
      // not after the key's newest event (older, or at the same time): it cannot join the key's windows, and a
      // repeat of the newest time would count one instant twice and make the key's step between events zero
      if ((l.state.window.count() > 0 || l.changed) && e.timestamp() <= l.newest) {
        metrics.late();
        out.late(e, l.newest);
        continue;
      }
      l.newest = e.timestamp();
      l.changed = true;
      accepted.add(e);
      states.add(l.state);
    }
    if (!accepted.isEmpty()) {
      learner.learn(accepted, states, out::forecast);
    }
    for (Loaded l : touched.values()) {
      if (l.changed) {
        save(l);
        out.learned(l.key, l.newestRead, l.newest);
      }
    }
  }

  private Loaded load(String key) {
    KeyState s = store.state(key);
    if (s == null) {
      created++;
      return new Loaded(key, learner.newState(key), false);
    }
    boolean attached = false;
    if (s.model() == null && learner.modelPerKey()) {
      ModelState m = store.model(key);
      if (m != null) {
        s.attachModel(m);
        attached = true;
      }
    }
    return new Loaded(key, s, attached);
  }

  private void save(Loaded l) {
    boolean modelChanged = l.state.version() != l.versionRead;
    trained |= modelChanged;
    ModelState m = l.state.detachModel();
    if (m != null && (!l.attached || modelChanged)) {
      store.putModel(l.key, m);
    }
    store.putState(l.key, l.state);
  }

  /** Whether the last bundle trained a model (with a shared model: whether the one model changed). */
  public boolean trained() {
    return trained;
  }

  /** Event time of the key's newest accepted event, or {@code Long.MIN_VALUE} for a key without state. */
  public long lastTimestamp(String key) {
    KeyState s = store.state(key);
    return s == null ? Long.MIN_VALUE : s.lastTimestamp();
  }

  /** Drops an idle key's state and model; it counts as evicted and leaves the live keys. */
  public void evict(String key) {
    store.delete(key);
    metrics.keyEvicted();
  }

  /** Keys this step created (first events of new keys) since it was made. */
  public long created() {
    return created;
  }

  public LearnerMetrics metrics() {
    return metrics;
  }
}
