package io.tidecast.connectors;

import io.tidecast.stream.Event;
import io.tidecast.stream.flink.Types;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink {@link TypeInformation} for {@link Event}, {@link DeadLetter} and {@link Decoded}. They are immutable and
 * not POJOs, so Flink would fall back to Kryo (slow, and fragile across versions); these use a small hand-written
 * binary serializer instead. Pass them to {@code returns(...)} / {@code OutputTag}s.
 */
public final class FlinkTypes {
  private FlinkTypes() {}

  public static TypeInformation<Event> event() {
    return info(CodecSerializer.Kind.EVENT);
  }

  public static TypeInformation<DeadLetter> deadLetter() {
    return info(CodecSerializer.Kind.DEAD_LETTER);
  }

  public static TypeInformation<Decoded> decoded() {
    return info(CodecSerializer.Kind.DECODED);
  }

  @SuppressWarnings("unchecked")
  private static <T> TypeInformation<T> info(CodecSerializer.Kind kind) {
    // the serializer interns feature names per instance, so each use gets its own
    return Types.info((Class<T>) kind.type, () -> new CodecSerializer<>(kind));
  }
}
