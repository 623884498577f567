package io.tidecast.connectors;

import io.tidecast.stream.Event;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink {@link TypeInformation} for {@link Event}, {@link DeadLetter} and {@link Decoded}. They are immutable and
 * not POJOs, so Flink would fall back to Kryo (slow, and fragile across versions); these use a small hand-written
 * binary serializer instead. Pass them to {@code returns(...)} / {@code OutputTag}s.
 */
public final class FlinkTypes {
  private FlinkTypes() {}

  public static TypeInformation<Event> event() {
    return new Info<>(CodecSerializer.Kind.EVENT);
  }

  public static TypeInformation<DeadLetter> deadLetter() {
    return new Info<>(CodecSerializer.Kind.DEAD_LETTER);
  }

  public static TypeInformation<Decoded> decoded() {
    return new Info<>(CodecSerializer.Kind.DECODED);
  }

  private static final class Info<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;
    private final CodecSerializer.Kind kind;

    Info(CodecSerializer.Kind kind) {
      this.kind = kind;
    }

    @Override
    public boolean isBasicType() {
      return false;
    }

    @Override
    public boolean isTupleType() {
      return false;
    }

    @Override
    public int getArity() {
      return 1;
    }

    @Override
    public int getTotalFields() {
      return 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<T> getTypeClass() {
      return (Class<T>) kind.type;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
      return new CodecSerializer<>(kind);
    }

    @Override
    public String toString() {
      return "Tidecast<" + kind.type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Info && ((Info<?>) o).kind == kind;
    }

    @Override
    public int hashCode() {
      return kind.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
      return o instanceof Info;
    }
  }
}
