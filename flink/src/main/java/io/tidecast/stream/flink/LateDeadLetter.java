package io.tidecast.stream.flink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.DlqReason;
import io.tidecast.stream.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * A late event as a dead letter with reason {@code late}. The original record bytes and source offsets do not
 * travel past the keyBy (only the parsed event does), so the value is the event re-encoded in the JSON event
 * format (ts as epoch millis, values as shortest round-trip decimals) and the detail says so; the record key is
 * the event key.
 */
final class LateDeadLetter implements MapFunction<Event, DeadLetter> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public DeadLetter map(Event e) {
    return new DeadLetter(e.key().getBytes(StandardCharsets.UTF_8), toJson(e), null, DeadLetter.UNKNOWN_PARTITION,
        DeadLetter.UNKNOWN_OFFSET, DlqReason.LATE, "event at ts " + e.timestamp() + " arrived at or behind the "
            + "watermark, or not after its key's newest event (behind it or at the same time); value re-encoded as "
            + "JSON (original bytes and source offset are not kept past the keyBy)", System.currentTimeMillis());
  }

  static byte[] toJson(Event e) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64 + 24 * e.size());
    try (JsonGenerator g = JSON.createGenerator(b)) {
      g.writeStartObject();
      g.writeStringField("key", e.key());
      g.writeNumberField("ts", e.timestamp());
      g.writeObjectFieldStart("values");
      for (int i = 0; i < e.size(); i++) {
        g.writeNumberField(e.names().get(i), e.value(i));
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return b.toByteArray();
  }
}
