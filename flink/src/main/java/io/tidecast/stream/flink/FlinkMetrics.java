package io.tidecast.stream.flink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * A Micrometer registry whose meters also appear in a Flink {@link MetricGroup}, so learner code speaks
 * Micrometer everywhere and, inside Flink, Flink's reporters (e.g. Prometheus on the TaskManager) export the
 * values: no HTTP server per operator. Tags become Flink key/value groups (Prometheus labels); dots in names
 * become underscores. Timers and summaries export count, sum, max, p50 and p99.
 */
public final class FlinkMetrics {
  private FlinkMetrics() {
  }

  public static MeterRegistry registry(MetricGroup group) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().onMeterAdded(m -> bridge(group, m));
    return registry;
  }

  private static void bridge(MetricGroup root, Meter m) {
    MetricGroup g = root;
    for (Tag t : m.getId().getTagsAsIterable()) {
      g = g.addGroup(t.getKey(), t.getValue());
    }
    String name = m.getId().getName().replace('.', '_');
    if (m instanceof Counter c) {
      gauge(g, name, c::count);
    } else if (m instanceof io.micrometer.core.instrument.Gauge mg) {
      gauge(g, name, mg::value);
    } else if (m instanceof Timer t) {
      gauge(g, name + "_count", t::count);
      gauge(g, name + "_sum_seconds", () -> t.totalTime(TimeUnit.SECONDS));
      gauge(g, name + "_max_seconds", () -> t.max(TimeUnit.SECONDS));
      gauge(g, name + "_p50_seconds", () -> percentile(t.takeSnapshot(), 0.5, true));
      gauge(g, name + "_p99_seconds", () -> percentile(t.takeSnapshot(), 0.99, true));
    } else if (m instanceof DistributionSummary s) {
      gauge(g, name + "_count", s::count);
      gauge(g, name + "_sum", s::totalAmount);
      gauge(g, name + "_max", s::max);
      gauge(g, name + "_p50", () -> percentile(s.takeSnapshot(), 0.5, false));
      gauge(g, name + "_p99", () -> percentile(s.takeSnapshot(), 0.99, false));
    }
  }

  private static void gauge(MetricGroup g, String name, DoubleSupplier value) {
    g.gauge(name, (Gauge<Double>) value::getAsDouble);
  }

  private static double percentile(HistogramSnapshot s, double p, boolean seconds) {
    for (ValueAtPercentile v : s.percentileValues()) {
      if (v.percentile() == p) {
        return seconds ? v.value(TimeUnit.SECONDS) : v.value();
      }
    }
    return Double.NaN;
  }
}
