package io.tidecast.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the network's weights live, and so what a key's state is: its {@link KeyedLearner} and how the per-key state
 * is kept in a runtime's tables. {@code per_key}: a model per key (or one per operator instance or stream task with
 * {@code shared_model}), each key's model kept apart ({@link KeyStates}). A new placement is one class implementing
 * this plus one {@link #register} line; runtimes and backtests get learners only through {@link #of}.
 *
 * @param <S> a key's state
 */
public interface Placement<S> {
  /** The learner of {@code config}. */
  KeyedLearner<S> learner(LearnerConfig config, LearnerMetrics metrics);

  /** The per-key state of {@code learner} over the runtime's {@code tables}. */
  KeyStateStore<S> store(StateTables tables, KeyedLearner<S> learner);

  /** A runtime's named tables of keyed state (Flink: keyed value states; Kafka Streams: key-value stores). */
  interface StateTables {
    /** The table {@code name} ({@link #STATE}, {@link #MODEL}, or a placement's own), holding values of {@code codec}. */
    <V> KeyStateStore<V> table(String name, StateCodec<V> codec);
  }

  /** The table of each key's state. */
  String STATE = "state";
  /** The table of each key's model, kept apart. */
  String MODEL = "model";

  String PER_KEY = "per_key";

  /** The placement named {@code name}. */
  static Placement<?> of(String name) {
    Placement<?> p = Registry.PLACEMENTS.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no placement '" + name + "'; known: " + String.join(", ", names()));
    }
    return p;
  }

  /** The placement {@code config} asks for. */
  static Placement<?> of(LearnerConfig config) {
    return of(PER_KEY);
  }

  static List<String> names() {
    synchronized (Registry.PLACEMENTS) {
      return List.copyOf(Registry.PLACEMENTS.keySet());
    }
  }

  static void register(String name, Placement<?> placement) {
    Registry.PLACEMENTS.put(name, placement);
  }

  /** A keyed step of {@code placement} for {@code config} over {@code tables}. */
  static <S> KeyedStep<S> step(Placement<S> placement, LearnerConfig config, LearnerMetrics metrics,
      StateTables tables) {
    KeyedLearner<S> learner = placement.learner(config, metrics);
    return new KeyedStep<>(learner, placement.store(tables, learner));
  }

  /** The per-key placement: {@link OnlineLearner}, states and models in {@link KeyStates}. */
  final class PerKey implements Placement<KeyState> {
    @Override
    public KeyedLearner<KeyState> learner(LearnerConfig config, LearnerMetrics metrics) {
      return new OnlineLearner(config, metrics);
    }

    @Override
    public KeyStateStore<KeyState> store(StateTables tables, KeyedLearner<KeyState> learner) {
      return new KeyStates(tables.table(STATE, StateCodec.KEY_STATE), tables.table(MODEL, StateCodec.MODEL_STATE),
          ((OnlineLearner) learner).modelPerKey());
    }
  }

  /** Holds the registered placements. */
  final class Registry {
    static final Map<String, Placement<?>> PLACEMENTS = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    static {
      PLACEMENTS.put(PER_KEY, new PerKey());
    }

    private Registry() {
    }
  }
}
