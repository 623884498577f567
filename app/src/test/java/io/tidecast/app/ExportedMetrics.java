package io.tidecast.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.tidecast.kstreams.KafkaStreamsApp;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.LearnerMetrics;
import io.tidecast.stream.WindowSpec;
import io.tidecast.stream.flink.FlinkMetrics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.PrometheusReporter;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.MetricRegistryConfiguration;
import org.apache.flink.runtime.metrics.MetricRegistryImpl;
import org.apache.flink.runtime.metrics.ReporterSetupBuilder;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;

/**
 * The Prometheus metric names Tidecast really exports, taken from the running code rather than a list: the Kafka
 * Streams app's own registry, scraped; and the learner's meters bridged by {@link FlinkMetrics} into a real Flink
 * operator metric group whose registry feeds Flink's real Prometheus reporter, scraped over HTTP.
 */
final class ExportedMetrics {
  private ExportedMetrics() {
  }

  static LearnerConfig config() {
    return LearnerConfig.builder(WindowSpec.of(12, 2, List.of("value"), List.of("value"))).modelName("m").build();
  }

  /** Series names on the Kafka Streams app's /metrics (before start: no Kafka client metrics yet). */
  static Set<String> kafkaStreams() {
    KafkaStreamsApp app = KafkaStreamsApp.builder(config()).bootstrap("127.0.0.1:1").inputTopic("in")
        .outputTopic("out").dlqTopic("dlq").metricsPort(-1).build();
    try {
      return names(app.registry().scrape());
    } finally {
      app.close();
    }
  }

  /** Series names Flink's Prometheus reporter serves for a Tidecast learner operator. */
  static Set<String> flink() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    MetricConfig mc = new MetricConfig();
    mc.setProperty("port", Integer.toString(port));
    PrometheusReporter reporter = new PrometheusReporterFactory().createMetricReporter(mc);
    MetricRegistryImpl registry = new MetricRegistryImpl(
        MetricRegistryConfiguration.fromConfiguration(new Configuration(), Long.MAX_VALUE),
        List.of(ReporterSetupBuilder.METRIC_SETUP_BUILDER.forReporter("prom", reporter)));
    try {
      TaskManagerMetricGroup tm = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost",
          ResourceID.generate());
      InternalOperatorMetricGroup op = tm.addJob(new JobID(), "job").addTask(ExecutionAttemptID.randomId(), "task")
          .getOrAddOperator("tidecast-learner");
      // what ForecastFunction.open does
      MeterRegistry meters = FlinkMetrics.registry(op);
      LearnerMetrics learner = new LearnerMetrics(meters, config().modelName(), config().window().horizon());
      learner.dropped("non_finite"); // registered at the first drop
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      return names(r.body());
    } finally {
      registry.closeAsync().get();
    }
  }

  /** Series names in Prometheus text exposition format. */
  static Set<String> names(String exposition) {
    Set<String> out = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_'
          || line.charAt(end) == ':')) {
        end++;
      }
      out.add(line.substring(0, end));
    }
    return out;
  }


}
