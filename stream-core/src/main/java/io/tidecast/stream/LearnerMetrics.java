package io.tidecast.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The learner's Micrometer meters, all named {@code tidecast.*} and tagged {@code model}. Every runtime
 * (Flink, Kafka Streams, backtest) hands in its registry; Prometheus sees e.g.
 * {@code tidecast_events_in_total{model="nyc"}}. Prequential errors are aggregated over all keys this learner
 * serves, per horizon step, as they are scored.
 */
public final class LearnerMetrics {
  private final MeterRegistry registry;
  private final Tags tags;
  final Counter eventsIn;
  final Counter forecastsOut;
  final Counter late;
  final Counter rollbacks;
  final Counter evicted;
  final Counter trainSteps;
  final DistributionSummary trainLoss;
  final Timer trainDuration;
  final Timer predictDuration;
  final Timer forecastLatency;
  private final AtomicLong lastLossBits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
  private final AtomicLong liveKeys = new AtomicLong();
  private final ConcurrentHashMap<String, Counter> dropped = new ConcurrentHashMap<>();
  private final int horizon;
  // [source][h-1]: running sums of absolute error; doubles guarded by this
  private final double[][] absSum;
  private final long[] scored;

  public LearnerMetrics(MeterRegistry registry, String model, int horizon) {
    this.registry = registry;
    this.tags = Tags.of("model", model);
    this.horizon = horizon;
    this.eventsIn = Counter.builder("tidecast.events.in").description("Events accepted by the learner")
        .tags(tags).register(registry);
    this.forecastsOut = Counter.builder("tidecast.forecasts.out").description("Forecasts emitted")
        .tags(tags).register(registry);
    this.late = Counter.builder("tidecast.events.late")
        .description("Events not after their key's newest event time (sent to the late output)").tags(tags)
        .register(registry);
    this.rollbacks = Counter.builder("tidecast.model.rollbacks")
        .description("Training steps refused: NaN/inf or exploding loss, or an update that overflowed")
        .tags(tags).register(registry);
    this.trainSteps = Counter.builder("tidecast.train.steps").description("Optimizer steps applied")
        .tags(tags).register(registry);
    this.trainLoss = DistributionSummary.builder("tidecast.train.loss")
        .description("Training loss per step (scaled units)").tags(tags).publishPercentiles(0.5, 0.99)
        .register(registry);
    Gauge.builder("tidecast.train.loss.last", lastLossBits, b -> Double.longBitsToDouble(b.get()))
        .description("Loss of the latest training step").tags(tags).register(registry);
    this.trainDuration = Timer.builder("tidecast.train.duration").description("Time per training step")
        .tags(tags).publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    this.predictDuration = Timer.builder("tidecast.predict.duration").description("Time per forecast")
        .tags(tags).publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    this.forecastLatency = Timer.builder("tidecast.forecast.latency")
        .description("From an event's arrival at the operator to its forecast").tags(tags)
        .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    Gauge.builder("tidecast.keys.live", liveKeys, AtomicLong::get).description("Keys with state")
        .tags(tags).register(registry);
    this.evicted = Counter.builder("tidecast.keys.evicted")
        .description("Keys whose state was dropped after idling past the idle-key TTL").tags(tags).register(registry);
    this.absSum = new double[3][horizon];
    this.scored = new long[horizon];
    String[] sources = {"model", "naive", "seasonal_naive"};
    for (int h = 1; h <= horizon; h++) {
      final int hh = h;
      for (int s = 0; s < 3; s++) {
        final int ss = s;
        Gauge.builder("tidecast.prequential.mae", this, m -> m.mae(ss, hh))
            .description("Prequential mean absolute error per horizon step, over all keys")
            .tags(tags.and("source", sources[s], "horizon", Integer.toString(h))).register(registry);
      }
      for (int s = 1; s < 3; s++) {
        final int ss = s;
        Gauge.builder("tidecast.prequential.skill", this, m -> m.skill(ss, hh))
            .description("1 - model MAE / baseline MAE per horizon step, over all keys")
            .tags(tags.and("baseline", sources[s], "horizon", Integer.toString(h))).register(registry);
      }
    }
  }

  /** Meters that go nowhere (tests, tools). */
  public static LearnerMetrics noop(int horizon) {
    return new LearnerMetrics(new CompositeMeterRegistry(), "default", horizon);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Counts an event dropped before reaching the model, by reason (e.g. {@code non_finite}). */
  public void dropped(String reason) {
    dropped.computeIfAbsent(reason, r -> Counter.builder("tidecast.events.dropped")
        .description("Events dropped before reaching the model").tags(tags.and("reason", r)).register(registry))
        .increment();
  }

  public void late() {
    late.increment();
  }

  /** Event-to-forecast latency as measured by the runtime (arrival to emit). */
  public void forecastLatency(long nanos) {
    forecastLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void liveKeys(long n) {
    liveKeys.set(n);
  }

  public void addLiveKeys(long delta) {
    liveKeys.addAndGet(delta);
  }

  /** A key's state was dropped by the idle-key TTL: one live key less. */
  public void keyEvicted() {
    liveKeys.decrementAndGet();
    evicted.increment();
  }

  void trained(double loss, long nanos) {
    trainSteps.increment();
    trainLoss.record(loss);
    lastLossBits.set(Double.doubleToLongBits(loss));
    trainDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Feeds the cross-key prequential gauges. */
  synchronized void scored(int h, double actual, double model, double naive, double seasonal) {
    absSum[0][h - 1] += Math.abs(actual - model);
    absSum[1][h - 1] += Math.abs(actual - naive);
    absSum[2][h - 1] += Math.abs(actual - seasonal);
    scored[h - 1]++;
  }

  synchronized double mae(int source, int h) {
    return scored[h - 1] == 0 ? Double.NaN : absSum[source][h - 1] / scored[h - 1];
  }

  synchronized double skill(int baseline, int h) {
    double b = absSum[baseline][h - 1];
    return scored[h - 1] == 0 || b == 0 ? Double.NaN : 1 - absSum[0][h - 1] / b;
  }

  int horizon() {
    return horizon;
  }
}
