package io.tidecast.stream.flink;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** A Flink metric reporter for tests: remembers every metric Flink registered, by identifier. */
public final class CollectingReporter implements MetricReporter, MetricReporterFactory {
  static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();
  static final Map<String, Map<String, String>> VARIABLES = new ConcurrentHashMap<>();

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return this;
  }

  @Override
  public void open(MetricConfig config) {
  }

  @Override
  public void close() {
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    String id = group.getMetricIdentifier(name);
    METRICS.put(id, metric);
    VARIABLES.put(id, group.getAllVariables());
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
  }

  static double value(String id) {
    Object v = ((Gauge<?>) METRICS.get(id)).getValue();
    return ((Number) v).doubleValue();
  }
}
