package io.tidecast.kstreams;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.DlqReason;
import io.tidecast.connectors.EventDecoder;
import io.tidecast.connectors.ForecastFormat;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.OnlineLearner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second hop (after the repartition by series key): the key's {@link KeyState} is read from the persistent
 * store, the event goes through the same {@link OnlineLearner} as in every runtime, the new state is written
 * back and the forecasts are forwarded, all inside one Kafka Streams transaction. An event not after its key's
 * newest event (behind it, or at the same time) is a dead letter ({@code late}) and leaves the state untouched.
 *
 * <p>No in-memory state cache: every event decodes and re-encodes its key's blob. A cache would have to be
 * dropped on every aborted transaction and task migration to stay exactly-once; the codec costs a few
 * microseconds per event (see {@code tidecast_state_codec_duration_seconds}), small beside the model step.
 */
final class LearnProcessor implements Processor<byte[], byte[], byte[], Routed> {
  private final LearnerConfig config;
  private final EventDecoder decoder;
  private final RuntimeMeters meters;
  private final String storeName;
  private final ForecastFormat format = new ForecastFormat();
  private ProcessorContext<byte[], Routed> ctx;
  private KeyValueStore<String, byte[]> store;
  private OnlineLearner learner;

  LearnProcessor(LearnerConfig config, EventDecoder decoder, RuntimeMeters meters, String storeName) {
    this.config = config;
    this.decoder = decoder;
    this.meters = meters;
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<byte[], Routed> context) {
    this.ctx = context;
    this.store = context.getStateStore(storeName);
    this.learner = new OnlineLearner(config, meters.learner);
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
    KeyState s = load(key);
    if (learner.isLate(s, e)) {
      meters.learner.late();
      String how = e.timestamp() == s.lastTimestamp() ? "repeats" : "is behind";
      forwardDead(new DeadLetter(src.key(), r.value(), src.topic(), src.partition(), src.offset(), DlqReason.LATE,
          "event time " + e.timestamp() + " " + how + " the newest event time " + s.lastTimestamp() + " of key "
              + abbreviate(key), System.currentTimeMillis()), r.timestamp());
      return;
    }
    List<Forecast> forecasts = learner.onEvent(s, e);
    save(key, s);
    if (!forecasts.isEmpty()) {
      byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
      for (Forecast f : forecasts) {
        ctx.forward(new Record<>(keyBytes, Routed.ok(format.write(f)), r.timestamp()));
      }
      meters.learner.forecastLatency(System.nanoTime() - arrived);
    }
  }

  private KeyState load(String key) {
    byte[] blob = store.get(key);
    if (blob == null) {
      return learner.newState(key);
    }
    long start = System.nanoTime();
    KeyState s = KeyState.fromBytes(blob); // a corrupt blob throws: better a stopped app than a silent reset
    meters.stateRead.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    return s;
  }

  private void save(String key, KeyState s) {
    long start = System.nanoTime();
    byte[] blob = s.toBytes();
    meters.stateWrite.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
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
