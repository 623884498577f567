package io.tidecast.stream;

import io.tidecast.models.layers.GRU;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.Recurrent;
import io.tidecast.models.layers.SimpleRNN;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** The recurrent layers a learner's network stacks, by their job-spec name ({@code model.recurrent}). */
final class RecurrentLayers {
  private static final Map<String, IntFunction<Recurrent<?>>> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("lstm", LSTM::new);
    TYPES.put("gru", GRU::new);
    TYPES.put("simple_rnn", SimpleRNN::new);
  }

  private RecurrentLayers() {
  }

  static List<String> names() {
    return List.copyOf(TYPES.keySet());
  }

  /** A new layer of {@code type} (one of {@link #names()}) with {@code units} units. */
  static Recurrent<?> create(String type, int units) {
    IntFunction<Recurrent<?>> f = TYPES.get(type);
    if (f == null) {
      throw new IllegalArgumentException("model.recurrent must be one of " + String.join(", ", names()) + "; got '"
          + type + "'");
    }
    return f.apply(units);
  }
}
