package io.tidecast.kstreams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tidecast.connectors.DlqReason;
import io.tidecast.stream.LearnerMetrics;
import java.util.EnumMap;
import java.util.Map;

/**
 * The app's meters: one {@link LearnerMetrics} shared by every task's learner (its gauges bind to a single
 * instance, so a second instance on the same registry would be invisible), dead letters by reason, and the
 * time spent (de)serialising key state per event.
 */
final class RuntimeMeters {
  final LearnerMetrics learner;
  final Timer stateRead;
  final Timer stateWrite;
  private final Map<DlqReason, Counter> deadLetters = new EnumMap<>(DlqReason.class);

  RuntimeMeters(MeterRegistry registry, String model, int horizon) {
    this.learner = new LearnerMetrics(registry, model, horizon);
    Tags tags = Tags.of("model", model);
    for (DlqReason r : DlqReason.values()) { // registered up front: the map is read from several stream threads
      deadLetters.put(r, Counter.builder("tidecast.dlq.records").description("Records sent to the dead-letter topic")
          .tags(tags.and("reason", r.code())).register(registry));
    }
    this.stateRead = Timer.builder("tidecast.state.codec.duration")
        .description("Per event: decoding a key's state blob from the store (KeyState.fromBytes)")
        .tags(tags.and("op", "read")).register(registry);
    this.stateWrite = Timer.builder("tidecast.state.codec.duration")
        .description("Per event: encoding a key's state blob for the store (KeyState.toBytes)")
        .tags(tags.and("op", "write")).register(registry);
  }

  void deadLetter(DlqReason reason) {
    deadLetters.get(reason).increment();
  }
}
