package io.tidecast.stream.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.Backtest;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.OnlineLearner;
import io.tidecast.stream.SharedData;
import io.tidecast.stream.WindowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ForecastJobTest {
  private static Configuration reporterConfig() {
    Configuration c = new Configuration();
    c.setString("metrics.reporter.collect.factory.class", CollectingReporter.class.getName());
    return c;
  }

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(reporterConfig()).build());

  /** A small model so the whole 10k-event series runs in seconds; the maths is the same as the default. */
  static LearnerConfig smallConfig(String model) {
    WindowSpec w = WindowSpec.of(12, 1, List.of("value"), List.of("value"));
    return LearnerConfig.builder(w).units(8).batchSize(4).trainEvery(2).replayRows(64).seasonality(48)
        .modelName(model).build();
  }

  static List<Forecast> runJob(List<Event> events, LearnerConfig cfg, int parallelism) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    TidecastJob.enableCheckpointing(env, Duration.ofMillis(500));
    DataStream<Event> in = env.fromData(Types.EVENT, events.toArray(new Event[0]))
        .assignTimestampsAndWatermarks(TidecastJob.watermarks(Duration.ofSeconds(0), null));
    List<Forecast> out = new ArrayList<>();
    try (CloseableIterator<Forecast> it = TidecastJob.forecasts(in, cfg, null).executeAndCollect()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void nycTaxiOneForecastPerWindowMonotoneVersionsDeterministicAndSameAsCore() throws Exception {
    List<Event> events = SharedData.nab("nab/nyc_taxi.csv", "nyc");
    LearnerConfig cfg = smallConfig("nyc_taxi");
    List<Forecast> first = runJob(events, cfg, 1);

    assertEquals(events.size() - 12 + 1, first.size(), "one forecast per complete window (stride 1, T=12)");
    long lastVersion = -1;
    long lastOrigin = Long.MIN_VALUE;
    for (Forecast f : first) {
      assertTrue(f.modelVersion() >= lastVersion, "model versions never go back");
      assertTrue(f.originTimestamp() > lastOrigin, "origins in event-time order");
      assertTrue(Double.isFinite(f.value(1)));
      lastVersion = f.modelVersion();
      lastOrigin = f.originTimestamp();
    }
    assertTrue(lastVersion > 1000, "the model kept learning: version " + lastVersion);

    List<Forecast> second = runJob(events, cfg, 1);
    assertEquals(first, second, "same input, same forecasts, bit for bit");

    List<Forecast> core = new ArrayList<>();
    Backtest.run(events, cfg, 1.0, core::add);
    assertEquals(core, first, "the Flink operator emits exactly what the runtime-agnostic learner computes");

    Map<String, Double> tidecastMetrics = CollectingReporter.METRICS.keySet().stream()
        .filter(id -> id.contains("tidecast_") && CollectingReporter.VARIABLES.get(id).containsValue("nyc_taxi"))
        .collect(Collectors.toMap(id -> id, CollectingReporter::value));
    assertTrue(tidecastMetrics.keySet().stream().anyMatch(id -> id.endsWith("tidecast_events_in")),
        "Flink metric system has the Micrometer meters: " + tidecastMetrics.keySet());
    double eventsIn = tidecastMetrics.entrySet().stream().filter(e -> e.getKey().endsWith("tidecast_events_in"))
        .mapToDouble(Map.Entry::getValue).sum();
    assertTrue(eventsIn >= events.size(), "events_in counted " + eventsIn);
    assertTrue(tidecastMetrics.keySet().stream().anyMatch(id -> id.endsWith("tidecast_train_duration_p99_seconds")));
    assertTrue(tidecastMetrics.keySet().stream().anyMatch(id -> id.endsWith("tidecast_prequential_skill")));
  }

  @Test
  void hundredInterleavedKeysAreIsolated() throws Exception {
    int keys = 100;
    int perKey = 40;
    SplittableRandom r = new SplittableRandom(5);
    List<String> names = List.of("value");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < perKey; i++) {
      for (int k = 0; k < keys; k++) {
        // each key its own level and phase, interleaved in time; some keys skip some steps
        if (r.nextInt(10) == 0) {
          continue;
        }
        double v = 100 * k + 10 * Math.sin(0.3 * i + k) + r.nextDouble();
        events.add(new Event("k" + k, 1_000_000L + i * 60_000L + k, names, new double[] {v}));
      }
    }
    WindowSpec w = WindowSpec.of(6, 2, names, names);
    LearnerConfig cfg = LearnerConfig.builder(w).units(4).batchSize(4).replayRows(32).modelName("isolation").build();
    List<Forecast> flink = runJob(events, cfg, 2);

    Map<String, List<Forecast>> byKey = flink.stream().collect(Collectors.groupingBy(Forecast::key));
    assertEquals(keys, byKey.size());
    // each key alone, through a fresh learner: same forecasts, so no key saw another's data or model
    Map<String, List<Event>> eventsByKey = new HashMap<>();
    for (Event e : events) {
      eventsByKey.computeIfAbsent(e.key(), x -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<String, List<Event>> e : eventsByKey.entrySet()) {
      OnlineLearner alone = new OnlineLearner(cfg);
      KeyState s = alone.newState(e.getKey());
      List<Forecast> expected = new ArrayList<>();
      for (Event ev : e.getValue()) {
        expected.addAll(alone.onEvent(s, ev));
      }
      List<Forecast> got = new ArrayList<>(byKey.get(e.getKey()));
      got.sort(Comparator.comparingLong(Forecast::originTimestamp));
      assertEquals(expected, got, "key " + e.getKey());
      assertFalse(expected.isEmpty());
    }
  }
}
