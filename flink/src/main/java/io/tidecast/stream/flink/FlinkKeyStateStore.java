package io.tidecast.stream.flink;

import io.tidecast.stream.KeyState;
import io.tidecast.stream.KeyStateStore;
import io.tidecast.stream.ModelState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ValueState;

/**
 * Flink's keyed value states as the keyed step's store. A keyed state answers for the operator's current key, so
 * each access first makes {@code key} current: a bundle operator passes its {@code setCurrentKey}; inside a
 * {@code KeyedProcessFunction} Flink has already set it to the element's key, and the setter only checks that.
 */
final class FlinkKeyStateStore implements KeyStateStore {
  private final ValueState<KeyState> states;
  private final ValueState<ModelState> models;
  private final Consumer<String> setCurrentKey;

  FlinkKeyStateStore(ValueState<KeyState> states, ValueState<ModelState> models, Consumer<String> setCurrentKey) {
    this.states = states;
    this.models = models;
    this.setCurrentKey = setCurrentKey;
  }

  @Override
  public KeyState state(String key) {
    setCurrentKey.accept(key);
    try {
      return states.value();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ModelState model(String key) {
    setCurrentKey.accept(key);
    try {
      return models.value();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void putState(String key, KeyState state) {
    setCurrentKey.accept(key);
    try {
      states.update(state); // on the heap backend this is the object itself: it stays detached until read again
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void putModel(String key, ModelState model) {
    setCurrentKey.accept(key);
    try {
      models.update(model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void delete(String key) {
    setCurrentKey.accept(key);
    states.clear();
    models.clear();
  }
}
