package io.tidecast.kstreams;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.DlqReason;
import io.tidecast.connectors.EventDecoder;
import io.tidecast.connectors.ForecastFormat;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.ModelState;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.OnlineLearner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second hop (after the repartition by series key): the key's {@link KeyState} is read from the persistent
 * store, the event goes through the same {@link OnlineLearner} as in every runtime, the new state is written
 * back and the forecasts are forwarded, all inside one Kafka Streams transaction. An event not after its key's
 * newest event (behind it, or at the same time) is a dead letter ({@code late}) and leaves the state untouched.
 *
 * <p>The key's model (weights and optimizer slots, ~53 KB for LSTM(32)) lives in a store of its own, written (and
 * so sent to its changelog) only when a training step changed it; the rest of the key's state (a few KB) is
 * written with every event. A blob from before this split (model inline) is read as is and split on its next
 * write. With a shared model the task's one model is in that store under {@link #SHARED}, written when a step
 * trained it.
 *
 * <p>No in-memory state cache: every event decodes and re-encodes its key's blob. A cache would have to be
 * dropped on every aborted transaction and task migration to stay exactly-once; the codec costs a few
 * microseconds per event (see {@code tidecast_state_codec_duration_seconds}), small beside the model step.
 *
 * <p>Idle-key TTL, as the Flink operator's: the task's event-time clock is the newest event time it has seen (kept
 * in the last-seen store, so it survives restarts); a key whose newest event is more than {@code idleTtlMillis}
 * behind that clock is dropped. The decision is made per event (a returning expired key starts fresh, whether or
 * not its blob was deleted yet), so output never depends on when the wall-clock scan that frees the bytes ran.
 */
final class LearnProcessor implements Processor<byte[], byte[], byte[], Routed> {
  private final LearnerConfig config;
  private final EventDecoder decoder;
  private final RuntimeMeters meters;
  private final String storeName;
  private final String modelName;
  private final String lastSeenName;
  private final long idleTtlMillis;
  private final ForecastFormat format = new ForecastFormat();
  private ProcessorContext<byte[], Routed> ctx;
  private KeyValueStore<String, byte[]> store;
  private KeyValueStore<String, byte[]> models;
  private OnlineLearner learner;
  /** Series key → newest event time; {@link #CLOCK} → the task's newest event time. */
  private KeyValueStore<String, Long> lastSeen;
  private long clock = Long.MIN_VALUE;
  /** Keys in this task's store, so closing the task takes them off the live-keys gauge. */
  private long live;

  /** Blank series keys are dead letters, so this name can never be a series key. */
  static final String CLOCK = "";
  /** Where the task's one model is kept in the model store when the model is shared (a blank key, as {@link #CLOCK}). */
  static final String SHARED = "";
  /** Default wall-clock period of the scan for idle keys; it only frees bytes (output never depends on it). */
  static final Duration EVICTION_SCAN = Duration.ofSeconds(2);
  private final Duration evictionScan;

  LearnProcessor(LearnerConfig config, EventDecoder decoder, RuntimeMeters meters, String storeName,
      String modelName, String lastSeenName, long idleTtlMillis, Duration evictionScan) {
    if (idleTtlMillis < 0) {
      throw new IllegalArgumentException("idle TTL must be >= 0 ms; got " + idleTtlMillis);
    }
    this.config = config;
    this.decoder = decoder;
    this.meters = meters;
    this.storeName = storeName;
    this.modelName = modelName;
    this.lastSeenName = lastSeenName;
    this.idleTtlMillis = idleTtlMillis;
    this.evictionScan = evictionScan;
  }

  @Override
  public void init(ProcessorContext<byte[], Routed> context) {
    this.ctx = context;
    this.store = context.getStateStore(storeName);
    this.models = context.getStateStore(modelName);
    this.lastSeen = context.getStateStore(lastSeenName);
    this.learner = new OnlineLearner(config, meters.learner);
    if (config.sharedModel()) {
      byte[] shared = models.get(SHARED);
      if (shared != null) {
        learner.restoreSharedModel(ModelState.fromBytes(shared));
      }
    }
    Long c = lastSeen.get(CLOCK);
    clock = c == null ? Long.MIN_VALUE : c;
    live = 0;
    try (KeyValueIterator<String, Long> it = lastSeen.all()) {
      while (it.hasNext()) {
        if (!it.next().key.equals(CLOCK)) {
          live++;
        }
      }
    }
    meters.learner.addLiveKeys(live);
    if (idleTtlMillis > 0) {
      context.schedule(evictionScan, PunctuationType.WALL_CLOCK_TIME, now -> evictIdle());
    }
  }

  @Override
  public void close() {
    meters.learner.addLiveKeys(-live); // the task moves (or the app stops): its keys are no longer held here
    live = 0;
  }

  private boolean idle(long lastEventTime) {
    return idleTtlMillis > 0 && clock - lastEventTime > idleTtlMillis;
  }

  /** Drops every key idle past the TTL (state blob and index entry, both changelogged in this transaction). */
  private void evictIdle() {
    List<String> idle = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = lastSeen.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        if (!kv.key.equals(CLOCK) && idle(kv.value)) {
          idle.add(kv.key);
        }
      }
    }
    idle.forEach(this::evict);
  }

  private void evict(String key) {
    store.delete(key);
    models.delete(key);
    lastSeen.delete(key);
    live--;
    meters.learner.keyEvicted();
  }

  @Override
  public void process(Record<byte[], byte[]> r) {
    long arrived = System.nanoTime();
    SourceCoordinates src = SourceCoordinates.fromHeaders(r.headers());
    // decoded again rather than shipped in a private binary form: the repartition topic keeps the original
    // bytes, which a late event's dead letter needs anyway
    Decoded d = decoder.decode(src.key(), r.value(), src.topic(), src.partition(), src.offset());
    if (d instanceof Decoded.Invalid inv) { // only if the rules changed while the record sat in the repartition topic
      forwardDead(inv.deadLetter(), r.timestamp());
      return;
    }
    Event e = ((Decoded.Valid) d).event();
    String key = e.key();
    if (e.timestamp() > clock) {
      clock = e.timestamp();
      lastSeen.put(CLOCK, clock);
    }
    Long last = lastSeen.get(key);
    if (last != null && idle(last)) { // expired, whether or not the scan got to it yet: it starts fresh
      evict(key);
    }
    KeyState s = load(key);
    boolean modelStored = attached; // else a new key, or a blob from before the split: its model must be written
    long version = s.version();
    if (learner.isLate(s, e)) {
      meters.learner.late();
      String how = e.timestamp() == s.lastTimestamp() ? "repeats" : "is behind";
      forwardDead(new DeadLetter(src.key(), r.value(), src.topic(), src.partition(), src.offset(), DlqReason.LATE,
          "event time " + e.timestamp() + " " + how + " the newest event time " + s.lastTimestamp() + " of key "
              + abbreviate(key), System.currentTimeMillis()), r.timestamp());
      return;
    }
    List<Forecast> forecasts = learner.onEvent(s, e);
    save(key, s, !modelStored || s.version() != version);
    if (config.sharedModel() && s.version() != version) {
      // the task's one model changed: stored in this transaction, so a restart resumes from exactly it
      models.put(SHARED, learner.sharedModelState().toBytes());
    }
    lastSeen.put(key, e.timestamp()); // as Flink's TTL timer: from the event's time, even if the learner skipped it
    if (!forecasts.isEmpty()) {
      byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
      for (Forecast f : forecasts) {
        ctx.forward(new Record<>(keyBytes, Routed.ok(format.write(f)), r.timestamp()));
      }
      meters.learner.forecastLatency(System.nanoTime() - arrived);
    }
  }

  /** Whether {@link #load} attached the model from its own store (false: new key, inline, or shared model). */
  private boolean attached;

  private KeyState load(String key) {
    attached = false;
    byte[] blob = store.get(key);
    if (blob == null) {
      live++;
      return learner.newState(key);
    }
    long start = System.nanoTime();
    KeyState s = KeyState.fromBytes(blob); // a corrupt blob throws: better a stopped app than a silent reset
    if (s.model() == null && !config.sharedModel()) {
      byte[] m = models.get(key);
      if (m != null) {
        s.attachModel(ModelState.fromBytes(m));
        attached = true;
      }
    }
    meters.stateRead.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    return s;
  }

  /** Writes the key's state without its model, and the model (if any) to its own store when {@code modelChanged}. */
  private void save(String key, KeyState s, boolean modelChanged) {
    long start = System.nanoTime();
    ModelState m = s.detachModel();
    byte[] model = m != null && modelChanged ? m.toBytes() : null;
    byte[] blob = s.toBytes();
    meters.stateWrite.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (model != null) {
      models.put(key, model);
    }
    store.put(key, blob);
  }

  private void forwardDead(DeadLetter dl, long ts) {
    meters.deadLetter(dl.reason());
    ctx.forward(new Record<>(dl.key(), Routed.dead(dl), ts));
  }

  private static String abbreviate(String key) {
    return key.length() <= 100 ? "'" + key + "'" : "'" + key.substring(0, 100) + "...'";
  }
}
