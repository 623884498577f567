package io.tidecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.Event;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
  @TempDir
  Path tmp;

  @Test
  void demoRunsEndToEndAndWritesBothCharts() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Tidecast());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int keys = 3;
    int events = 600;
    int timesteps = 12;
    int code = cl.execute("demo", "--events", Integer.toString(events), "--keys", Integer.toString(keys), "--rate",
        "0", "--units", "4", "--timesteps", Integer.toString(timesteps), "--metrics-port", Integer.toString(port),
        "--refresh", "0.5", "--out", tmp.toString());
    String o = out.toString();
    assertEquals(0, code, err + "\n" + o);
    assertTrue(err.toString().contains("all " + events + " events sent and their forecasts received"), err.toString());
    // the last table: one forecast per event once a key's window is full, each exactly once (read_committed)
    Matcher m = Pattern.compile("forecasts (\\d+) ").matcher(o);
    long last = -1;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    assertEquals((long) keys * (events / keys - timesteps + 1), last, o);
    for (int k = 0; k < keys; k++) {
      Matcher row = Pattern.compile("(?m)^series-" + k + "\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\d+)$")
          .matcher(o);
      String lastRow = null;
      while (row.find()) {
        lastRow = row.group();
        String[] c = lastRow.trim().split("\\s+");
        if (!c[2].equals("-")) {
          assertTrue(Double.isFinite(Double.parseDouble(c[2])), lastRow);
        }
      }
      assertNotNull(lastRow, o);
      String[] c = lastRow.trim().split("\\s+");
      assertNotEquals("-", c[2], "a forecast is shown: " + lastRow);
      assertNotEquals("-", c[3], "a model MAE is shown: " + lastRow);
      assertNotEquals("-", c[4], "a naive MAE is shown: " + lastRow);
      assertTrue(Long.parseLong(c[6]) > 0, "the model trained: " + lastRow);
    }
    BufferedImage f = ImageIO.read(tmp.resolve("forecast.png").toFile());
    assertNotNull(f, "forecast.png is a PNG");
    assertEquals(1400, f.getWidth());
    assertEquals(3 * 360, f.getHeight(), "one panel per key (up to 3)");
    assertNotNull(ImageIO.read(tmp.resolve("loss.png").toFile()), "loss.png is a PNG");
  }

  @Test
  void durations() {
    assertEquals(Duration.ofSeconds(60), DemoCommand.parseDuration("60s"));
    assertEquals(Duration.ofSeconds(60), DemoCommand.parseDuration("60"));
    assertEquals(Duration.ofMillis(500), DemoCommand.parseDuration("500ms"));
    assertEquals(Duration.ofMinutes(5), DemoCommand.parseDuration("5m"));
    assertEquals(Duration.ofMinutes(90), DemoCommand.parseDuration("1.5h"));
    assertEquals(Duration.ofSeconds(90), DemoCommand.parseDuration("PT90S"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoCommand.parseDuration("soon"));
    assertTrue(e.getMessage().contains("60s"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DemoCommand.parseDuration("0s"));
  }

  @Test
  void lossIsReadFromThePrometheusExposition() {
    String text = "# HELP flink_taskmanager_job_task_operator_tidecast_train_loss_last x\n"
        + "# TYPE flink_taskmanager_job_task_operator_tidecast_train_loss_last gauge\n"
        + "flink_taskmanager_job_task_operator_tidecast_train_loss_last{model=\"a\",} 0.25\n"
        + "flink_taskmanager_job_task_operator_tidecast_train_loss_last{model=\"b\",} 0.75\n"
        + "flink_taskmanager_job_task_operator_tidecast_train_loss_last{model=\"c\",} NaN\n"
        + "flink_taskmanager_job_task_operator_tidecast_train_loss_count{model=\"a\",} 9.0\n";
    assertEquals(0.5, DemoCommand.LossSampler.parseLoss(text), 0.0);
    assertTrue(Double.isNaN(DemoCommand.LossSampler.parseLoss("up 1\n")));
  }

  @Test
  void generatorIsSeededAndShiftsTheLevelHalfway() {
    DemoSeries a = new DemoSeries(2, 50, 7);
    DemoSeries b = new DemoSeries(2, 50, 7);
    DemoSeries noShift = new DemoSeries(2, Long.MAX_VALUE, 7);
    double shift0 = Double.NaN;
    for (int i = 0; i < 200; i++) {
      Event x = a.next();
      Event y = b.next();
      Event z = noShift.next();
      assertEquals(x.key(), y.key());
      assertEquals("series-" + (i % 2), x.key());
      assertEquals(DemoSeries.START_MS + (i / 2) * DemoSeries.STEP_MS, x.timestamp());
      assertEquals(x.value(0), y.value(0), 0.0, "same seed, same series");
      double d = x.value(0) - z.value(0);
      if (i / 2 < 50) {
        assertEquals(0.0, d, 0.0, "no shift before the shift step");
      } else if (x.key().equals("series-0")) {
        if (Double.isNaN(shift0)) {
          shift0 = d;
          assertTrue(Math.abs(d) >= 15, "a visible level shift: " + d);
        }
        assertEquals(shift0, d, 1e-9, "a constant level shift");
      }
    }
    assertNotEquals(new DemoSeries(1, 50, 7).next().value(0), new DemoSeries(1, 50, 8).next().value(0));
  }
}
