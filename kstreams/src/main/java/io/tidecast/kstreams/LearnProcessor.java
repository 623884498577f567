package io.tidecast.kstreams;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.DlqReason;
import io.tidecast.connectors.EventDecoder;
import io.tidecast.connectors.ForecastFormat;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyedLearner;
import io.tidecast.stream.KeyedStep;
import io.tidecast.stream.Placement;
import io.tidecast.stream.LearnerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second hop (after the repartition by series key): the event goes through {@link KeyedStep}, the per-key protocol
 * every runtime runs (the key's state read with its model, late events refused, the learner, the state written back
 * with the model only when trained), over the task's stores ({@link KStreamsKeyStateStore}); the forecasts are
 * forwarded, all inside one Kafka Streams transaction. An event not after its key's newest event (behind it, or at
 * the same time) is a dead letter ({@code late}) and leaves the state untouched. With a shared model the task's
 * one model is in the model store under {@link #SHARED}, written when a step trained it.
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
  private KeyedLearner<?> learner;
  private final KStreamsKeyStateStore.Codec codecTime = new KStreamsKeyStateStore.Codec();
  private KeyedStep<?> step;
  /** Series key → newest event time; {@link #CLOCK} → the task's newest event time. */
  private KeyValueStore<String, Long> lastSeen;
  private long clock = Long.MIN_VALUE;
  /** {@link KeyedLearner#sharedVersion()} as last stored. */
  private long sharedVersion;
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
    this.step = Placement.step(Placement.of(config), config, meters.learner, KStreamsKeyStateStore.tables(
        Map.of(Placement.STATE, store, Placement.MODEL, models), codecTime));
    this.learner = step.learner();
    byte[] shared = models.get(SHARED);
    if (shared != null) {
      learner.restoreSharedState(shared);
    }
    sharedVersion = learner.sharedVersion();
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
    step.evict(key);
    lastSeen.delete(key);
    live--;
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
    long created = step.created();
    List<Forecast> forecasts = new ArrayList<>(1);
    step.process(e, new KeyedStep.Output() {
      @Override
      public void forecast(Event cause, Forecast f) {
        forecasts.add(f);
      }

      @Override
      public void late(Event late, long newest) {
        String how = late.timestamp() == newest ? "repeats" : "is behind";
        forwardDead(new DeadLetter(src.key(), r.value(), src.topic(), src.partition(), src.offset(), DlqReason.LATE,
            "event time " + late.timestamp() + " " + how + " the newest event time " + newest + " of key "
                + abbreviate(key), System.currentTimeMillis()), r.timestamp());
      }

      @Override
      public void learned(String k, long before, long after) {
        lastSeen.put(k, after); // as Flink's TTL timer: from the event's time, even if the learner skipped it
      }
    });
    live += step.created() - created;
    if (learner.sharedVersion() != sharedVersion) {
      // what the keys share changed: stored in this transaction, so a restart resumes from exactly it
      models.put(SHARED, learner.sharedState());
      sharedVersion = learner.sharedVersion();
    }
    if (codecTime.readNanos > 0) {
      meters.stateRead.record(codecTime.readNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      codecTime.readNanos = 0;
    }
    if (codecTime.writeNanos > 0) {
      meters.stateWrite.record(codecTime.writeNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      codecTime.writeNanos = 0;
    }
    if (!forecasts.isEmpty()) {
      byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
      for (Forecast f : forecasts) {
        ctx.forward(new Record<>(keyBytes, Routed.ok(format.write(f)), r.timestamp()));
      }
      meters.learner.forecastLatency(System.nanoTime() - arrived);
    }
  }

  private void forwardDead(DeadLetter dl, long ts) {
    meters.deadLetter(dl.reason());
    ctx.forward(new Record<>(dl.key(), Routed.dead(dl), ts));
  }

  private static String abbreviate(String key) {
    return key.length() <= 100 ? "'" + key + "'" : "'" + key.substring(0, 100) + "...'";
  }
}
