package io.tidecast.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidecast.stream.CsvSeries;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
  void globalPlacementLearnsManyKeysFromAFolderOrAKeyColumnAndValidatesOnM4Training() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("fleet"));
    StringBuilder keyed = new StringBuilder("host,ts,value\n");
    for (int k = 0; k < 3; k++) {
      StringBuilder one = new StringBuilder("ts,value\n");
      for (int t = 0; t < 150; t++) {
        String row = "2024-01-01T00:00:00Z".replace("01T00", String.format("%02dT%02d", 1 + t / 24, t % 24)) + ","
            + (50 + 10 * k + 20 * Math.sin(t / 3.8) + (t % 5)) + "\n";
        one.append(row);
        keyed.append("h").append(k).append(',').append(row);
      }
      Files.writeString(dir.resolve("h" + k + ".csv"), one);
    }
    Files.writeString(tmp.resolve("keyed.csv"), keyed);
    Path a = tmp.resolve("a.json");
    Path b = tmp.resolve("b.json");
    String[] common = {"--placement", "global", "--horizon", "3", "--seasonality", "24", "--budget", "throughput"};
    assertEquals(0, Tidecast.run(concat(common, "--csv", dir.toString(), "--json", a.toString())));
    assertEquals(0, Tidecast.run(concat(common, "--csv", tmp.resolve("keyed.csv").toString(), "--key-column", "host",
        "--time-column", "ts", "--json", b.toString())));
    JsonNode ra = new ObjectMapper().readTree(a.toFile());
    JsonNode rb = new ObjectMapper().readTree(b.toFile());
    assertEquals(450, ra.get("events").asInt());
    assertTrue(ra.get("scored").asInt() > 0);
    for (String k : List.of("mae", "smape", "mase")) {
      assertEquals(ra.get(k).asDouble(), rb.get(k).asDouble(), 0.0, "a folder and a key column are the same stream");
    }
    Path one = tmp.resolve("one.json");
    assertEquals(0, Tidecast.run(concat(common, "--csv", dir.resolve("h0.csv").toString(), "--json", one.toString())));
    assertEquals(150, new ObjectMapper().readTree(one.toFile()).get("events").asInt(), "one file is one key");
    Path m4 = tmp.resolve("m4.json");
    Path sample = Path.of("../stream-core/src/test/resources/m4/Sample-train.csv");
    assertEquals(0, Tidecast.run("backtest", "--placement", "global", "--m4-train", sample.toString(),
        "--m4-validate", "--horizon", "2", "--seasonality", "4", "--json", m4.toString()));
    assertEquals(2, new ObjectMapper().readTree(m4.toFile()).get("series").asInt());
    assertEquals(2, Tidecast.run("backtest", "--placement", "everywhere"), "an unknown placement is a usage error");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length + 1);
    out[0] = "backtest";
    System.arraycopy(a, 0, out, 1, a.length);
    System.arraycopy(b, 0, out, 1 + a.length, b.length);
    return out;
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

  /** Runs the real command line; returns its exit code and what it printed on stderr. */
  private static String[] run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = Tidecast.commandLine();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  private Path hourly(String name, int rows) throws Exception {
    StringBuilder b = new StringBuilder("time,value\n");
    for (int i = 0; i < rows; i++) {
      b.append(1577836800000L + i * 3_600_000L).append(',').append(100 + 10 * Math.sin(i * Math.PI / 12)).append('\n');
    }
    Path p = tmp.resolve(name);
    Files.writeString(p, b);
    return p;
  }

  @Test
  void unusableFilesAreRefusedWithAMessageThatNamesThem() throws Exception {
    Path empty = tmp.resolve("empty.csv");
    Files.writeString(empty, "");
    Path header = tmp.resolve("header.csv");
    Files.writeString(header, "t,value\n");
    Path nope = tmp.resolve("nope.csv");
    String[][] cases = {
        {nope.toString(), "error: --csv " + nope + ": no such file"},
        {empty.toString(), "error: " + empty + ": the CSV is empty: a header row is needed"},
        {header.toString(), "error: " + header + " has a header row but no data rows"},
        {hourly("short.csv", 10).toString(), "has 10 usable rows; a backtest needs at least --timesteps + --horizon "
            + "= 48 + 1 = 49"},
        {tmp.toString(), "error: --csv " + tmp + ": not a file"}};
    for (String[] c : cases) {
      String[] r = run("backtest", "--csv", c[0]);
      assertEquals("2", r[0], c[0] + ": " + r[1]);
      assertTrue(r[1].contains(c[1]), r[1]);
    }
    String[] m4 = run("backtest", "--m4-train", nope.toString(), "--m4-test", nope.toString());
    assertEquals("2", m4[0]);
    assertTrue(m4[1].contains("error: --m4-train " + nope + ": no such file"), m4[1]);
  }

  @Test
  void aRunWithNothingScoredFailsInsteadOfPrintingNaN() throws Exception {
    String[] r = run("backtest", "--csv", hourly("s.csv", 52).toString(), "--units", "2", "--eval-fraction",
        "0.01");
    assertEquals("2", r[0], r[1]);
    assertTrue(r[1].contains("no forecast fell in the scored part"), r[1]);
  }

  @Test
  void rowsLeftOutAreReportedByLineAndTheSeasonalityIsInferred() throws Exception {
    Path csv = hourly("messy.csv", 120);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
    lines.set(10, "2020-13-01T00:00," + lines.get(10).split(",")[1]); // line 11
    String l30 = lines.get(29);
    lines.set(29, lines.get(30)); // lines 30 and 31 swapped: line 31 goes back in time
    lines.set(30, l30);
    lines.set(40, lines.get(40).split(",")[0] + ",n/a"); // line 41
    Files.write(csv, lines);
    Path json = tmp.resolve("m.json");
    String[] r = run("backtest", "--csv", csv.toString(), "--timesteps", "6", "--units", "2", "--json",
        json.toString());
    assertEquals("0", r[0], r[1]);
    assertTrue(r[1].contains("note: left out 3 of 120 rows: line 11: time '2020-13-01T00:00' is not a date, "
        + "date-time or epoch millis; line 31: time '1577937600000' is not after line 30's: out of order; "
        + "line 41: 'value' is 'n/a', not a number"), r[1]);
    assertTrue(r[1].contains("seasonality 24 (inferred: rows 1 h apart, a daily cycle"), r[1]);
    assertEquals(117, new ObjectMapper().readTree(json.toFile()).get("events").asInt());
  }

  @Test
  void m4SeasonalityComesFromTheDatasetName() throws Exception {
    Path dir = Path.of("../stream-core/src/test/resources/m4");
    Path train = tmp.resolve("Quarterly-train.csv");
    Files.copy(dir.resolve("Sample-train.csv"), train);
    String[] r = run("backtest", "--m4-train", train.toString(), "--m4-test", dir.resolve("Sample-test.csv")
        .toString(), "--horizon", "3", "--timesteps", "3", "--units", "4");
    assertEquals("0", r[0], r[1]);
    assertTrue(r[1].contains("seasonality 4 (inferred: M4's period for quarterly series"), r[1]);
  }

  @Test
  void longSeriesPlotTheirLastPointsWithDatedAxes() {
    List<java.util.Date> t = new java.util.ArrayList<>();
    List<Double> a = new java.util.ArrayList<>();
    List<Double> f = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      t.add(new java.util.Date(1404172800000L + i * 1_800_000L));
      a.add((double) i);
      f.add(i + 1.0);
    }
    List<org.knowm.xchart.XYChart> c = ForecastCharts.backtestCharts("nyc", t, a, f, 700);
    assertEquals(700, c.get(0).getSeriesMap().get("actual").getXData().length, "the top panel: the last 700");
    assertEquals(5000, c.get(1).getSeriesMap().get("error").getXData().length, "the error panel: all of them");
    assertTrue(c.get(0).getTitle().contains("last 700 of 5000 points"), c.get(0).getTitle());
    assertEquals("yyyy-MM-dd", c.get(0).getStyler().getDatePattern(), "dates carry their year");
    assertEquals("yyyy-MM-dd HH:mm", ForecastCharts.datePattern(t.subList(0, 48)));
    assertEquals(5000, ForecastCharts.backtestCharts("nyc", t, a, f, 0).get(0).getSeriesMap().get("actual").getXData()
        .length, "0 = all");
  }
}
