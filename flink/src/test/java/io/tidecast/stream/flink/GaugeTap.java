package io.tidecast.stream.flink;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps every registered gauge so a test in the same JVM can read the job's real
 * meters (e.g. the learner's {@code tidecast_keys_live}) as Flink's own reporters would. Enable with
 * {@link #enable(Configuration)}.
 */
public final class GaugeTap implements MetricReporter, MetricReporterFactory {
  private static final Map<String, Gauge<?>> GAUGES = new ConcurrentHashMap<>();

  public static void enable(Configuration c) {
    c.setString("metrics.reporter.tap.factory.class", GaugeTap.class.getName());
  }

  /** Sum over subtasks of the gauges named {@code name}; -1 if none is registered. */
  public static long sum(String name) {
    long s = 0;
    boolean any = false;
    for (Map.Entry<String, Gauge<?>> e : GAUGES.entrySet()) {
      if (e.getKey().endsWith("." + name) && e.getValue().getValue() instanceof Number n) {
        s += n.longValue();
        any = true;
      }
    }
    return any ? s : -1;
  }

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new GaugeTap();
  }

  @Override
  public void open(MetricConfig config) {
  }

  @Override
  public void close() {
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (metric instanceof Gauge<?> g) {
      GAUGES.put(group.getMetricIdentifier(name), g);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    GAUGES.remove(group.getMetricIdentifier(name));
  }
}
