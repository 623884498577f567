package io.tidecast.stream.flink;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.stream.Event;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink {@link TypeInformation} for {@link Event}, {@link DeadLetter} and {@link Decoded}. They are immutable and
 * not POJOs, so Flink would fall back to Kryo (slow, and fragile across versions); these use a small hand-written
 * binary serializer instead. Pass them to {@code returns(...)} / {@code OutputTag}s.
 */
public final class FlinkTypes {
  private FlinkTypes() {}

  public static TypeInformation<Event> event() {
    return info(WireSerializer.Kind.EVENT);
  }

  public static TypeInformation<DeadLetter> deadLetter() {
    return info(WireSerializer.Kind.DEAD_LETTER);
  }

  public static TypeInformation<Decoded> decoded() {
    return info(WireSerializer.Kind.DECODED);
  }

  @SuppressWarnings("unchecked")
  private static <T> TypeInformation<T> info(WireSerializer.Kind kind) {
    // the serializer interns feature names per instance, so each use gets its own
    return Types.info((Class<T>) kind.type, () -> new WireSerializer<>(kind));
  }
}
