package io.tidecast.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidecast.stream.CsvSeries;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCommandTest {
  @TempDir
  Path tmp;

  @Test
  void backtestOnBundledSeriesWritesJsonAndPng() throws Exception {
    Path json = tmp.resolve("r.json");
    Path png = tmp.resolve("r.png");
    int code = Tidecast.run("backtest", "--limit", "800", "--timesteps", "12", "--units", "4", "--horizon", "2",
        "--seasonality", "48", "--batch-size", "4", "--json", json.toString(), "--plot", png.toString());
    assertEquals(0, code);
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    for (String k : List.of("events", "forecasts", "horizon", "mae", "rmse", "smape", "mase", "per_step",
        "baselines", "events_per_second", "seconds")) {
      assertTrue(r.has(k), "JSON has " + k + ": " + r);
    }
    assertEquals(800, r.get("events").asInt());
    assertEquals(800 - 12 + 1, r.get("forecasts").asInt());
    assertEquals(2, r.get("per_step").size());
    assertEquals(r.get("mae").asDouble(), r.get("per_step").get(1).get("mae").asDouble(), 0.0,
        "top-level errors are those of the last step");
    assertTrue(r.get("baselines").get("naive").get("mae").asDouble() > 0);
    assertTrue(r.get("baselines").get("seasonal_naive").has("mae"));
    assertTrue(r.get("baselines").get("holt_winters").get("mae").asDouble() > 0);
    byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
  }

  /** The hand-worked M4 sample of stream-core (see M4EvaluationTest for the Naive2 arithmetic). */
  @Test
  void m4SampleScoresAgainstNaive2() throws Exception {
    Path dir = Path.of("../stream-core/src/test/resources/m4");
    Path json = tmp.resolve("m4.json");
    int code = Tidecast.run("backtest", "--m4-train", dir.resolve("Sample-train.csv").toString(), "--m4-test",
        dir.resolve("Sample-test.csv").toString(), "--horizon", "3", "--seasonality", "4", "--timesteps", "3",
        "--units", "4", "--json", json.toString());
    assertEquals(0, code);
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertEquals(2, r.get("series").asInt());
    assertEquals(11.373468, r.get("naive2").get("smape").asDouble(), 1e-5);
    assertEquals(1.416786, r.get("naive2").get("mase").asDouble(), 1e-5);
    assertEquals(0, r.get("fallbacks").asInt());
    double owa = (r.get("smape").asDouble() / 11.373468 + r.get("mase").asDouble() / 1.416786) / 2;
    assertEquals(owa, r.get("owa").asDouble(), 1e-5);
    assertEquals(2, Tidecast.run("backtest", "--m4-train", dir.resolve("Sample-train.csv").toString()),
        "--m4-train alone is a usage error");
  }

  @Test
  void unknownColumnIsAnErrorNamingTheOption() throws Exception {
    Path csv = tmp.resolve("s.csv");
    Files.writeString(csv, "t,v\n2020-01-01,1\n");
    assertEquals(2, Tidecast.run("backtest", "--csv", csv.toString(), "--value-column", "price"));
  }

  @Test
  void csvTimeFormats() throws Exception {
    assertEquals(1404172800000L, CsvSeries.parseTime("2014-07-01 00:00:00"));
    assertEquals(1404172800000L, CsvSeries.parseTime("2014-07-01T00:00:00Z"));
    assertEquals(1404172800000L, CsvSeries.parseTime("2014-07-01"));
    assertEquals(-662688000000L, CsvSeries.parseTime("1949-01"));
    assertEquals(1404172800000L, CsvSeries.parseTime("1404172800000"));
    assertNull(CsvSeries.parseTime("1-01"));

    CsvSeries s = CsvSeries.read(new BufferedReader(new StringReader(
        "\"Month\",\"Sales\"\n\"1-01\",266.0\n\"1-02\",145.9\n\"1-03\",oops\n\"1-04\",183.1\n")), "k", null,
        List.of("Sales"));
    assertTrue(s.rowIndexTime);
    assertEquals(1, s.skipped);
    assertEquals(3, s.events.size());
    assertEquals(2, s.events.get(2).timestamp());
    assertEquals(183.1, s.events.get(2).value(0), 0.0);
  }
}
