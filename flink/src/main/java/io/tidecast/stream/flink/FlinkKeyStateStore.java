package io.tidecast.stream.flink;

import io.tidecast.stream.KeyStateStore;
import io.tidecast.stream.Placement;
import io.tidecast.stream.StateCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A keyed value state as a table of the keyed step's store. A keyed state answers for the operator's current key, so
 * each access first makes {@code key} current: a bundle operator passes its {@code setCurrentKey}; inside a
 * {@code KeyedProcessFunction} Flink has already set it to the element's key, and the setter does nothing.
 */
final class FlinkKeyStateStore<V> implements KeyStateStore<V> {
  private final ValueState<V> values;
  private final Consumer<String> setCurrentKey;

  FlinkKeyStateStore(ValueState<V> values, Consumer<String> setCurrentKey) {
    this.values = values;
    this.setCurrentKey = setCurrentKey;
  }

  /**
   * The operator's tables: a placement's {@code state} and {@code model} tables are the value states
   * {@code tidecast-learner} and {@code tidecast-model}, with the serializers savepoints name.
   */
  static Placement.StateTables tables(RuntimeContext ctx, Consumer<String> setCurrentKey) {
    return new Placement.StateTables() {
      @Override
      @SuppressWarnings("unchecked")
      public <V> KeyStateStore<V> table(String name, StateCodec<V> codec) {
        TypeInformation<V> type;
        String state;
        if (name.equals(Placement.STATE) && codec == StateCodec.KEY_STATE) {
          type = (TypeInformation<V>) Types.KEY_STATE;
          state = "tidecast-learner";
        } else if (name.equals(Placement.MODEL) && codec == StateCodec.MODEL_STATE) {
          type = (TypeInformation<V>) Types.MODEL_STATE;
          state = "tidecast-model";
        } else {
          throw new IllegalArgumentException("no Flink state for table '" + name + "' of " + codec + ": give it a "
              + "serializer in Types (its class name is written into savepoints)");
        }
        return new FlinkKeyStateStore<>(ctx.getState(new ValueStateDescriptor<>(state, type)), setCurrentKey);
      }
    };
  }

  @Override
  public V get(String key) {
    setCurrentKey.accept(key);
    try {
      return values.value();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void put(String key, V value) {
    setCurrentKey.accept(key);
    try {
      values.update(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void delete(String key) {
    setCurrentKey.accept(key);
    values.clear();
  }
}
