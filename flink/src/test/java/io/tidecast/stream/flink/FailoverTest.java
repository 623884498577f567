package io.tidecast.stream.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.WindowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failure injected after a completed checkpoint: the job restarts from it and the forecasts equal, bit for
 * bit, those of a run without failure — for per-key models (keyed state) and the shared model (operator state).
 */
class FailoverTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
  static final AtomicBoolean ARMED = new AtomicBoolean();
  static final AtomicInteger FAILURES = new AtomicInteger();

  /** Slows the source side a little and throws once, on the first record after a completed checkpoint. */
  static final class FailOnce implements MapFunction<Event, Event>, CheckpointListener {
    @Override
    public Event map(Event e) throws Exception {
      Thread.sleep(0, 300_000);
      if (ARMED.get() && CHECKPOINTED.get() && ARMED.compareAndSet(true, false)) {
        FAILURES.incrementAndGet();
        throw new RuntimeException("injected failure (test)");
      }
      return e;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINTED.set(true);
    }
  }

  static List<Event> events() {
    List<String> names = List.of("value");
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      for (int k = 0; k < 8; k++) {
        double v = 10 * k + 5 * Math.sin(0.2 * i + k) + 0.1 * Math.cos(1.3 * i * (k + 1));
        out.add(new Event("k" + k, 1_000_000L + i * 1000L + k, names, new double[] {v}));
      }
    }
    return out;
  }

  static List<Forecast> run(List<Event> events, LearnerConfig cfg, boolean fail) throws Exception {
    CHECKPOINTED.set(false);
    ARMED.set(fail);
    Configuration conf = new Configuration();
    conf.setString("restart-strategy.type", "fixed-delay");
    conf.setString("restart-strategy.fixed-delay.attempts", "3");
    conf.setString("restart-strategy.fixed-delay.delay", "100 ms");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    TidecastJob.enableCheckpointing(env, Duration.ofMillis(100));
    DataStream<Event> in = env.fromData(Types.EVENT, events.toArray(new Event[0]))
        .map(new FailOnce(), Types.EVENT)
        .assignTimestampsAndWatermarks(TidecastJob.watermarks(Duration.ZERO, null));
    List<Forecast> out = new ArrayList<>();
    try (CloseableIterator<Forecast> it = TidecastJob.forecasts(in, cfg, null).executeAndCollect()) {
      it.forEachRemaining(out::add);
    }
    out.sort(Comparator.comparing(Forecast::key).thenComparingLong(Forecast::originTimestamp));
    return out;
  }

  static void check(LearnerConfig cfg) throws Exception {
    List<Event> events = events();
    List<Forecast> clean = run(events, cfg, false);
    int before = FAILURES.get();
    List<Forecast> recovered = run(events, cfg, true);
    assertEquals(before + 1, FAILURES.get(), "one failure was injected after a checkpoint");
    assertEquals(8 * (400 - 6 + 1), clean.size());
    assertEquals(clean, recovered, "forecasts after recovery are bit-identical to the run without failure");
  }

  static LearnerConfig cfg(boolean shared) {
    return LearnerConfig.builder(WindowSpec.of(6, 1, List.of("value"), List.of("value"))).units(4).batchSize(4)
        .replayRows(32).sharedModel(shared).modelName(shared ? "shared" : "per-key").build();
  }

  @Test
  void perKeyModelsRecoverBitForBit() throws Exception {
    check(cfg(false));
  }

  @Test
  void sharedModelRecoversBitForBit() throws Exception {
    check(cfg(true));
    assertTrue(FAILURES.get() >= 1);
  }
}
