package io.tidecast.connectors;

import io.tidecast.stream.WindowSpec;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Turns one record value into an event or a rejection. Implementations never throw for bad input (only for
 * their own bugs) and are thread-safe, so one instance may serve a whole task.
 */
public interface EventParser extends Serializable {
  Parsed parse(byte[] value);

  /**
   * The parser of a job's input ({@code kafka.format}: {@code json} or {@code csv}) for a learner of window {@code w}:
   * every event must carry the window's inputs and targets, or it is a dead letter rather than a learner error. CSV
   * lines are {@code key,ts,features...} in {@link #features(WindowSpec)} order.
   */
  static EventParser of(String format, WindowSpec w) {
    EventRules rules = EventRules.builder().target(w.targets().get(0)).features(features(w)).build();
    return "csv".equals(format) ? CsvEventFormat.keyed(features(w), rules) : new EventFormat(rules);
  }

  /** The window's inputs, then the targets that are not inputs. */
  static List<String> features(WindowSpec w) {
    LinkedHashSet<String> f = new LinkedHashSet<>(w.inputs());
    f.addAll(w.targets());
    return List.copyOf(f);
  }
}
