package io.tidecast.kstreams;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.EventDecoder;
import io.tidecast.stream.LearnerConfig;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;

/**
 * <pre>
 * input (byte[]) → decode ─┬─ dead letters ───────────────────────────────────────→ DLQ topic
 *                          └─ events, keyed by series key → repartition "tidecast-events-by-key"
 *                                → learn (store "tidecast-learner-state") ─┬─ forecasts → output topic
 *                                  (+ store "tidecast-last-seen")         └─ late events → DLQ topic
 * </pre>
 * Every node is named: internal topic names (repartition, changelog) derive from these names and the
 * application id, so they must not change between releases or restarts would lose state.
 */
final class TidecastTopology {
  static final String STORE = "tidecast-learner-state";
  /** Per key its newest event time, plus the task's event-time clock: the idle-key TTL's index. */
  static final String LAST_SEEN = "tidecast-last-seen";
  /** Each key's model (weights, optimizer slots), apart from the rest of its state: written only when trained. */
  static final String MODEL = "tidecast-model-state";
  static final String REPARTITION = "tidecast-events-by-key";

  private TidecastTopology() {
  }

  static Topology build(String inputTopic, String outputTopic, String dlqTopic, LearnerConfig config,
      EventDecoder decoder, RuntimeMeters meters, long idleTtlMillis, java.time.Duration evictionScan) {
    StreamsBuilder b = new StreamsBuilder();
    // logged (changelog topic) and uncached: each update goes to the changelog in the transaction of its output
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
        Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Map.of()));
    // the ~53 KB model apart, so the changelog carries it only when a training step changed it
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODEL), Serdes.String(),
        Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Map.of()));
    // kept with or without a TTL, so turning the TTL on later finds every key's true last event time
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LAST_SEEN), Serdes.String(),
        Serdes.Long()).withCachingDisabled().withLoggingEnabled(Map.of()));

    KStream<byte[], byte[]> input = b.stream(inputTopic,
        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("tidecast-source"));
    Map<String, KStream<byte[], Routed>> decoded = input
        .process(() -> new DecodeProcessor(decoder, meters), Named.as("tidecast-decode"))
        .split(Named.as("tidecast-decoded-"))
        .branch((k, v) -> v.isDead(), Branched.as("dead"))
        .defaultBranch(Branched.as("events"));
    toDlq(decoded.get("tidecast-decoded-dead"), dlqTopic, "tidecast-decode-dlq");

    Map<String, KStream<byte[], Routed>> learned = decoded.get("tidecast-decoded-events")
        .mapValues(Routed::bytes, Named.as("tidecast-event-bytes"))
        .repartition(Repartitioned.<byte[], byte[]>as(REPARTITION)
            .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.ByteArray()))
        .process(() -> new LearnProcessor(config, decoder, meters, STORE, MODEL, LAST_SEEN, idleTtlMillis,
            evictionScan),
            Named.as("tidecast-learn"), STORE, MODEL, LAST_SEEN)
        .split(Named.as("tidecast-learned-"))
        .branch((k, v) -> v.isDead(), Branched.as("dead"))
        .defaultBranch(Branched.as("forecasts"));
    toDlq(learned.get("tidecast-learned-dead"), dlqTopic, "tidecast-learn-dlq");
    learned.get("tidecast-learned-forecasts")
        .mapValues(Routed::bytes, Named.as("tidecast-forecast-bytes"))
        .to(outputTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("tidecast-forecasts"));
    return b.build();
  }

  /** Dead letters as documented in FORMATS.md: original key/value bytes, tidecast.dlq.* headers, ingest time. */
  private static void toDlq(KStream<byte[], Routed> dead, String dlqTopic, String name) {
    dead.processValues(DlqRecord::new, Named.as(name + "-record"))
        .to(dlqTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name));
  }

  private static final class DlqRecord implements FixedKeyProcessor<byte[], Routed, byte[]> {
    private FixedKeyProcessorContext<byte[], byte[]> ctx;

    @Override
    public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
      this.ctx = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], Routed> r) {
      DeadLetter d = r.value().deadLetter();
      ctx.forward(r.withValue(d.value()).withHeaders(d.headers()).withTimestamp(d.ingestTime()));
    }
  }
}
