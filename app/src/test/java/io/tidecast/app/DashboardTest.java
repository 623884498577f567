package io.tidecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard only queries metrics the engine really exports (names taken from the running code by
 * {@link ExportedMetrics}, both naming schemes), and covers what an operator needs in both runtimes.
 */
class DashboardTest {
  private static final Path DASHBOARD = Path.of("../docker/grafana/dashboards/tidecast.json");
  private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "bool", "offset", "and", "or", "unless", "inf", "nan");
  private static Set<String> kafkaStreams;
  private static Set<String> flink;
  private static JsonNode dashboard;

  @BeforeAll
  static void load() throws Exception {
    kafkaStreams = ExportedMetrics.kafkaStreams();
    flink = ExportedMetrics.flink();
    dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
  }

  /** Metric names a PromQL expression selects (not functions, labels, keywords, strings or durations). */
  static Set<String> metricNames(String expr) {
    // Grafana's label_values(selector, label): only the selector names metrics
    Matcher lv = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$").matcher(expr);
    if (lv.matches()) {
      return metricNames(lv.group(1));
    }
    Set<String> names = new LinkedHashSet<>();
    Matcher byName = Pattern.compile("__name__\\s*=~?\\s*\"([^\"]*)\"").matcher(expr);
    while (byName.find()) {
      for (String alt : byName.group(1).split("\\|")) {
        if (!alt.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
          throw new IllegalArgumentException("__name__ matchers must list plain names: " + expr);
        }
        names.add(alt);
      }
    }
    String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"") // strings
        .replaceAll("\\{[^}]*}", "") // label matchers
        .replaceAll("\\[[^]]*]", "") // ranges
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", ""); // label lists
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(s);
    while (m.find()) {
      String id = m.group();
      int after = m.end();
      while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
        after++;
      }
      boolean call = after < s.length() && s.charAt(after) == '(';
      boolean number = m.start() > 0 && (Character.isDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '.');
      if (!call && !number && !PROMQL_WORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
        names.add(id);
      }
    }
    return names;
  }

  private static List<String> exprs() {
    List<String> out = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> out.add(e.asText()));
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (v.path("type").asText().equals("query")) {
        out.add(v.path("query").path("query").asText());
      }
    }
    return out;
  }

  @Test
  void theExtractorFindsMetricNamesOnly() {
    assertEquals(Set.of("a_total", "b_sum", "b_count"), metricNames(
        "sum by (le, model) (rate(a_total{model=~\"$model\",x=\"rate(y)\"}[5m])) / rate(b_sum[1m]) * on (k) b_count"));
    assertEquals(Set.of("x", "y"), metricNames("label_values({__name__=~\"x|y\"}, model)"));
    assertEquals(Set.of("m"), metricNames("histogram_quantile(0.99, sum by (le) (rate(m[5m]))) > 1e-3"));
  }

  @Test
  void everyQueryNamesAnExportedMetric() {
    Set<String> exported = new TreeSet<>(kafkaStreams);
    exported.addAll(flink);
    List<String> exprs = exprs();
    assertTrue(exprs.size() >= 30, "queries: " + exprs.size());
    for (String e : exprs) {
      Set<String> names = metricNames(e);
      assertFalse(names.isEmpty(), "no metric in: " + e);
      for (String n : names) {
        assertTrue(exported.contains(n), "'" + n + "' in `" + e + "` is not exported; exported: " + exported);
      }
    }
  }

  @Test
  void bothRuntimesHaveEveryView() {
    List<String> ks = new ArrayList<>();
    List<String> fl = new ArrayList<>();
    List<String> current = null;
    for (JsonNode p : dashboard.path("panels")) {
      if (p.path("type").asText().equals("row")) {
        current = p.path("title").asText().startsWith("Kafka Streams") ? ks : fl;
        continue;
      }
      assertEquals("${DS}", p.path("datasource").path("uid").asText(), "templated datasource: " + p.path("title"));
      for (JsonNode t : p.path("targets")) {
        assertEquals("${DS}", t.path("datasource").path("uid").asText());
        current.add(t.path("expr").asText());
      }
    }
    for (String e : ks) {
      metricNames(e).forEach(n -> assertTrue(kafkaStreams.contains(n), n + " in the Kafka Streams row"));
    }
    for (String e : fl) {
      metricNames(e).forEach(n -> assertTrue(flink.contains(n), n + " in the Flink row"));
    }
    for (String view : List.of("events_in", "forecasts_out", "train_loss", "prequential_mae", "prequential_skill",
        "baseline=\"naive\"", "baseline=\"seasonal_naive\"", "train_duration", "predict_duration",
        "forecast_latency", "keys_live", "model_rollbacks", "events_late")) {
      assertTrue(ks.stream().anyMatch(e -> e.contains(view)), "Kafka Streams row shows " + view);
      assertTrue(fl.stream().anyMatch(e -> e.contains(view)), "Flink row shows " + view);
    }
    assertTrue(ks.stream().anyMatch(e -> e.contains("tidecast_dlq_records_total")));
    assertTrue(fl.stream().anyMatch(e -> e.contains("numRecordsIn{operator_name=~\"kafka-dlq")));
    for (List<String> row : List.of(ks, fl)) {
      assertTrue(row.stream().anyMatch(e -> e.contains("0.99") || e.contains("p99")), "p99 latency");
      assertTrue(row.stream().anyMatch(e -> e.contains("0.5") || e.contains("p50")), "p50 latency");
    }
  }
}
