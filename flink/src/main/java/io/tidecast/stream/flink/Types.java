package io.tidecast.stream.flink;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.ModelState;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for Tidecast's records and state, backed by the project's own serializers: the records are
 * immutable and not POJOs, so Flink would otherwise fall back to Kryo (slow, and fragile across versions). Pass them
 * to {@code returns(...)}, {@code OutputTag}s and state descriptors.
 */
public final class Types {
  /** Serializers intern feature names per instance, so each use gets its own. */
  public static final TypeInformation<Event> EVENT = info(Event.class, EventSerializer::new);
  public static final TypeInformation<Forecast> FORECAST = info(Forecast.class, ForecastSerializer.INSTANCE);
  public static final TypeInformation<DeadLetter> DEAD_LETTER = info(DeadLetter.class, DeadLetterSerializer.INSTANCE);
  public static final TypeInformation<Decoded> DECODED = info(Decoded.class, DecodedSerializer::new);
  public static final TypeInformation<KeyState> KEY_STATE = info(KeyState.class, KeyStateSerializer.INSTANCE);
  public static final TypeInformation<ModelState> MODEL_STATE = info(ModelState.class, ModelStateSerializer.INSTANCE);

  private Types() {
  }

  /** Makes the serializer a type information hands out; serialisable so the type info can ship with a job. */
  @FunctionalInterface
  public interface SerializerFactory<T> extends java.io.Serializable {
    TypeSerializer<T> create();
  }

  /** Type information for {@code type} that always uses {@code serializer} (stateless; no Kryo, no POJO analysis). */
  public static <T> TypeInformation<T> info(Class<T> type, TypeSerializer<T> serializer) {
    return new Info<>(type, () -> serializer);
  }

  /** Type information whose serializers come fresh from {@code factory} (for serializers with per-use state). */
  public static <T> TypeInformation<T> info(Class<T> type, SerializerFactory<T> factory) {
    return new Info<>(type, factory);
  }

  private static final class Info<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;
    private final SerializerFactory<T> factory;

    Info(Class<T> type, SerializerFactory<T> factory) {
      this.type = type;
      this.factory = factory;
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
    public Class<T> getTypeClass() {
      return type;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
      return factory.create();
    }

    @Override
    public String toString() {
      return "Tidecast<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object obj) {
      return obj instanceof Info<?> other && other.type == type && other.factory.create().equals(factory.create());
    }

    @Override
    public int hashCode() {
      return type.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
      return obj instanceof Info;
    }
  }
}
