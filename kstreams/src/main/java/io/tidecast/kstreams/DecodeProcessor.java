package io.tidecast.kstreams;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.DlqReason;
import io.tidecast.connectors.EventDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First hop: validates each source record. A valid event is re-keyed by its series key (UTF-8) for the
 * repartition topic, its original bytes kept as the value and its source coordinates in headers; an invalid
 * record becomes a dead letter. Never throws.
 */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], Routed> {
  private final EventDecoder decoder;
  private final RuntimeMeters meters;
  private ProcessorContext<byte[], Routed> ctx;

  DecodeProcessor(EventDecoder decoder, RuntimeMeters meters) {
    this.decoder = decoder;
    this.meters = meters;
  }

  @Override
  public void init(ProcessorContext<byte[], Routed> context) {
    this.ctx = context;
  }

  @Override
  public void process(Record<byte[], byte[]> r) {
    SourceCoordinates src = coordinates(ctx, r.key());
    Decoded d = decoder.decode(r.key(), r.value(), src.topic(), src.partition(), src.offset());
    if (d instanceof Decoded.Invalid inv) {
      forwardDead(inv.deadLetter(), r.timestamp());
      return;
    }
    String key = ((Decoded.Valid) d).event().key();
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    if (!key.equals(new String(keyBytes, StandardCharsets.UTF_8))) {
      // a JSON escape such as "\ud800" gives a lone surrogate: not Unicode, and it would share its UTF-8 form
      // (and so its state) with other keys
      forwardDead(new DeadLetter(r.key(), r.value(), src.topic(), src.partition(), src.offset(),
          DlqReason.INVALID_UTF8, "key contains an unpaired surrogate (\\uD800-\\uDFFF escape); keys must be "
          + "valid Unicode", System.currentTimeMillis()), r.timestamp());
      return;
    }
    ctx.forward(new Record<>(keyBytes, Routed.ok(r.value()), r.timestamp(), src.toHeaders()));
  }

  private void forwardDead(DeadLetter dl, long ts) {
    meters.deadLetter(dl.reason());
    ctx.forward(new Record<>(dl.key(), Routed.dead(dl), ts));
  }

  static SourceCoordinates coordinates(ProcessorContext<?, ?> ctx, byte[] key) {
    RecordMetadata m = ctx.recordMetadata().orElse(null);
    return m == null ? new SourceCoordinates(key, null, DeadLetter.UNKNOWN_PARTITION, DeadLetter.UNKNOWN_OFFSET)
        : new SourceCoordinates(key, m.topic(), m.partition(), m.offset());
  }
}
