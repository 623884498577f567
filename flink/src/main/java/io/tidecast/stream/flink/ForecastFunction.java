package io.tidecast.stream.flink;

import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.KeyedLearner;
import io.tidecast.stream.KeyedStep;
import io.tidecast.stream.Placement;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.LearnerMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The keyed Tidecast operator, in one of two orders. <b>On arrival</b> (the default, for sources whose events
 * come in time order per key: zero out-of-orderness): each event is learned from and forecast from as it
 * arrives, so a forecast costs the model step and never waits for a watermark; an event not after its key's
 * newest one goes to {@link #LATE}. <b>Sorted</b> (with an out-of-orderness bound): events wait in keyed state
 * until the watermark passes their time, then are fed to the key's {@code OnlineLearner} state in event-time
 * order; events at or behind the watermark, or not after the key's newest event (so of several events of a key
 * at one time, all but the first to arrive), go to {@link #LATE}. On arrival depends only on each key's arrival
 * order, not on when watermarks happen to be emitted. A key idle for {@code idleTtlMillis} of event
 * time is evicted (by the watermark, in both orders).
 *
 * <p>What happens to a key's state per event is {@link KeyedStep}'s protocol (the same in every runtime); this
 * operator keeps the state in two keyed values ({@code tidecast-learner}; {@code tidecast-model}, the model, written
 * only when trained), routes the results and keeps the TTL timers. All state is keyed and uses Tidecast's own
 * serializers, so checkpoints, savepoints and rescaling carry it, and the same input yields bit-identical forecasts.
 */
public class ForecastFunction extends KeyedProcessFunction<String, Event, Forecast>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  /** Events too late to be used: at or behind the watermark, or not after their key's newest event. */
  public static final OutputTag<Event> LATE = new OutputTag<>("tidecast-late-events", Types.EVENT);

  private final LearnerConfig config;
  private final long idleTtlMillis;
  private final boolean sorted;

  private transient KeyedLearner<?> learner;
  private transient KeyedStep<?> step;
  private transient MapState<Long, List<Event>> pending;
  private transient MapState<Long, Long> arrivals;
  /** Shared-model mode: the operator's one model, checkpointed as operator state. */
  private transient ListState<byte[]> sharedModel;
  private transient byte[] restoredShared;

  /** Events are learned from on arrival; see {@link #ForecastFunction(LearnerConfig, long, boolean)}. */
  public ForecastFunction(LearnerConfig config, long idleTtlMillis) {
    this(config, idleTtlMillis, false);
  }

  /**
   * @param idleTtlMillis event-time idleness after which a key's state is dropped; 0 keeps keys forever
   * @param sorted true: each event waits for the watermark and a key's events are learned in event-time order
   *     (for out-of-order sources); false: on arrival
   */
  public ForecastFunction(LearnerConfig config, long idleTtlMillis, boolean sorted) {
    if (idleTtlMillis < 0) {
      throw new IllegalArgumentException("idle TTL must be >= 0 ms; got " + idleTtlMillis);
    }
    this.config = config;
    this.idleTtlMillis = idleTtlMillis;
    this.sorted = sorted;
  }

  @Override
  public void open(OpenContext ctx) {
    LearnerMetrics metrics = new LearnerMetrics(FlinkMetrics.registry(getRuntimeContext().getMetricGroup()),
        config.modelName(), config.window().horizon());
    // Flink sets the current key to the element's (or timer's) before calling this function
    step = Placement.step(Placement.of(config), config, metrics,
        FlinkKeyStateStore.tables(getRuntimeContext(), key -> { }));
    learner = step.learner();
    if (restoredShared != null) {
      learner.restoreSharedState(restoredShared);
    }
    pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("tidecast-pending",
        BasicTypeInfo.LONG_TYPE_INFO, new ListTypeInfo<>(Types.EVENT)));
    arrivals = getRuntimeContext().getMapState(new MapStateDescriptor<>("tidecast-arrivals",
        BasicTypeInfo.LONG_TYPE_INFO, BasicTypeInfo.LONG_TYPE_INFO));
  }

  @Override
  public void processElement(Event e, Context ctx, Collector<Forecast> out) throws Exception {
    if (!sorted) {
      long start = System.nanoTime();
      Routing r = new Routing(ctx, out);
      step.process(e, r);
      if (r.learned) {
        learner.metrics().forecastLatency(System.nanoTime() - start);
      }
      return;
    }
    long ts = e.timestamp();
    if (ts <= ctx.timerService().currentWatermark()) {
      learner.metrics().late();
      ctx.output(LATE, e);
      return;
    }
    List<Event> waiting = pending.get(ts);
    if (waiting == null) {
      waiting = new ArrayList<>(1);
      arrivals.put(ts, System.currentTimeMillis());
    }
    waiting.add(e);
    pending.put(ts, waiting);
    ctx.timerService().registerEventTimeTimer(ts);
  }

  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
    List<Event> ready = pending.get(ts);
    if (ready == null) {
      long last = step.lastTimestamp(ctx.getCurrentKey());
      if (last != Long.MIN_VALUE && idleTtlMillis > 0 && last + idleTtlMillis <= ts) {
        step.evict(ctx.getCurrentKey());
      }
      return;
    }
    pending.remove(ts);
    Long arrived = arrivals.get(ts);
    arrivals.remove(ts);
    step.process(ready, new Routing(ctx, out));
    if (arrived != null) {
      learner.metrics().forecastLatency(Math.max(0, System.currentTimeMillis() - arrived) * 1_000_000L);
    }
  }

  /** The step's results into Flink: forecasts to the collector, late events to {@link #LATE}, TTL timers renewed. */
  private final class Routing implements KeyedStep.Output {
    private final Context ctx;
    private final Collector<Forecast> out;
    boolean learned;

    Routing(Context ctx, Collector<Forecast> out) {
      this.ctx = ctx;
      this.out = out;
    }

    @Override
    public void forecast(Event cause, Forecast f) {
      out.collect(f);
    }

    @Override
    public void late(Event e, long newest) {
      ctx.output(LATE, e);
    }

    @Override
    public void learned(String key, long before, long after) {
      learned = true;
      if (idleTtlMillis > 0) {
        // one TTL timer per key, else a key holds ttl / (time between its events) of them in state. The previous
        // one (registered at the key's newest event time before this bundle) can no longer evict once the key took
        // a newer event; a pending event's timer at the same time is the same timer, so it stays.
        long stale = before + idleTtlMillis;
        try {
          if (before != Long.MIN_VALUE && after > before && !(sorted && pending.contains(stale))) {
            ctx.timerService().deleteEventTimeTimer(stale);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        ctx.timerService().registerEventTimeTimer(after + idleTtlMillis);
      }
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
    byte[] shared = learner.sharedState();
    if (shared != null) {
      sharedModel.update(java.util.List.of(shared));
    }
  }

  /**
   * Per-key models live in keyed state. A shared model is operator state: each subtask gets its own model back
   * after a failure; after rescaling, a subtask takes the first model handed to it.
   */
  @Override
  public void initializeState(FunctionInitializationContext ctx) throws Exception {
    sharedModel = ctx.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("tidecast-shared-model", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    if (ctx.isRestored()) {
      for (byte[] b : sharedModel.get()) {
        restoredShared = b;
        break;
      }
    }
  }
}
