package io.tidecast.models.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras {@code Wrapper}: a layer that runs inner layers ({@link TimeDistributed}, {@link Bidirectional}).
 * The wrapper's weights are its inner layers' weights in order; dtype, trainable and state resets reach
 * the inner layers. Inner layers are built with the name {@code <wrapper>/<inner>}, so their weights are
 * named like Keras' {@code bidirectional/forward_lstm/kernel} (TimeDistributed: {@code time_distributed/kernel}).
 *
 * @param <T> the concrete layer type
 */
abstract class Wrapper<T extends Wrapper<T>> extends Layer<T> {
  private final List<Layer<?>> inner = new ArrayList<>();
  private final List<String> innerNames = new ArrayList<>();

  /** Registers an inner layer, adopting its declared input shape if the wrapper declares none. */
  final void wrap(Layer<?> l, String shortName) {
    if (l == null) {
      throw new IllegalArgumentException(className() + " needs a layer to wrap, got null");
    }
    if (l.built()) {
      throw new IllegalArgumentException(className() + " needs an unbuilt layer; \"" + l.name() + "\" is "
          + "already built (used in a model). Wrap a new layer instance.");
    }
    inner.add(l);
    innerNames.add(shortName != null ? shortName : l.defaultNameStem());
  }

  /** Adopts the first wrapped layer's declared input shape (Keras lets {@code input_shape} sit on either). */
  final void adoptInputShape(Layer<?> l) {
    if (declaredInputShape() == null && l.declaredInputShape() != null) {
      inputShape(l.declaredInputShape());
      if (l.declaredBatchSize() > 0) {
        batchSize(l.declaredBatchSize());
      }
    }
  }

  /** Builds inner layer {@code i} for {@code shape}, passing on the declared batch size (stateful RNNs). */
  final void buildInner(int i, int[] shape) {
    Layer<?> l = inner.get(i);
    if (declaredBatchSize() > 0 && l.declaredBatchSize() <= 0) {
      l.batchSize(declaredBatchSize());
    }
    l.dtype(dtype());
    l.name(innerPath(i));
    l.build(innerPath(i), shape, rng.split());
  }

  /** The name inner layer {@code i} is built with, which prefixes its weights' names. */
  String innerPath(int i) {
    return name() + "/" + innerNames.get(i);
  }

  /** The short Keras name of inner layer {@code i} (e.g. {@code forward_lstm}). */
  final String innerName(int i) {
    return innerNames.get(i);
  }

  /** A layer's {@code {class_name, config}} for this wrapper's config, under its short name. */
  final Map<String, Object> innerConfig(int i) {
    Layer<?> l = inner.get(i);
    Map<String, Object> c = l.getConfig();
    c.put("name", innerNames.get(i));
    c.remove("input_shape");
    c.remove("batch_input_shape");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("class_name", l.className());
    m.put("config", c);
    return m;
  }

  @Override
  public T dtype(String dtype) {
    super.dtype(dtype);
    for (Layer<?> l : inner) {
      l.dtype(dtype);
    }
    return self();
  }

  @Override
  public T trainable(boolean trainable) {
    for (Layer<?> l : inner) {
      l.trainable(trainable);
    }
    return super.trainable(trainable);
  }

  @Override
  public List<Weight> weights() {
    List<Weight> ws = new ArrayList<>();
    for (Layer<?> l : inner) {
      ws.addAll(l.weights());
    }
    return Collections.unmodifiableList(ws);
  }

  @Override
  public boolean isStateful() {
    for (Layer<?> l : inner) {
      if (l.isStateful()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void resetStates() {
    for (Layer<?> l : inner) {
      l.resetStates();
    }
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }
}
