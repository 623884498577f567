package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private void seconds(double s) {
    now.addAndGet((long) (s * 1e9));
  }

  @Test
  void shortRunsPrintNothing() {
    Progress p = new Progress("backtest", "rows", 100, out, false, now::get);
    for (int i = 0; i < 100; i++) {
      seconds(0.04);
      p.advance(1);
    }
    p.finish();
    assertEquals("", printed(), "4 s in all: under the quiet time");
    assertEquals(100, p.done());
  }

  @Test
  void pipedRunsPrintALineEveryTenSecondsWithAnEta() {
    Progress p = new Progress("backtest", "rows", 1000, out, false, now::get);
    for (int i = 0; i < 1000; i++) {
      seconds(0.03); // 30 s in all
      p.advance(1);
    }
    p.finish();
    String[] lines = printed().split("\n");
    // at 5 s, 15 s and 25 s, then the final line
    assertEquals(4, lines.length, printed());
    assertEquals("backtest:  17% 167/1,000 rows, 5 s elapsed, ETA 25 s", lines[0]);
    assertEquals("backtest:  50% 501/1,000 rows, 15 s elapsed, ETA 15 s", lines[1]);
    assertEquals("backtest: 100% 1,000/1,000 rows, 30 s elapsed, done", lines[3]);
    assertFalse(printed().contains("\r"), "no carriage returns in a log");
  }

  @Test
  void onATerminalOneBarIsRedrawnInPlace() {
    Progress p = new Progress("backtest M4", "series", 414, out, true, now::get);
    for (int i = 0; i < 414; i++) {
      seconds(0.1);
      p.advance(1);
    }
    p.finish();
    String s = printed();
    assertTrue(s.startsWith("\rbacktest M4 ["), s);
    assertTrue(s.endsWith("done   \n"), "the bar's line is kept at the end: " + s);
    assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one line, redrawn");
    assertTrue(s.contains("\rbacktest M4 [" + "#".repeat(30) + "] 100% 414/414 series"), s);
    long redraws = s.chars().filter(c -> c == '\r').count();
    assertTrue(redraws > 50 && redraws < 200, "redrawn every 0.2 s after the quiet 5 s: " + redraws);
  }

  @Test
  void durationsReadAsTime() {
    assertEquals("42 s", Progress.duration(41.6));
    assertEquals("3 min 05 s", Progress.duration(185));
    assertEquals("2 h 01 min", Progress.duration(7260));
  }

  @Test
  void manyThreadsCountEveryUnit() throws Exception {
    Progress p = new Progress("m4", "series", 40_000, out, false, now::get);
    Thread[] t = new Thread[4];
    for (int i = 0; i < t.length; i++) {
      t[i] = new Thread(() -> {
        for (int k = 0; k < 10_000; k++) {
          p.advance(1);
        }
      });
      t[i].start();
    }
    for (Thread x : t) {
      x.join();
    }
    assertEquals(40_000, p.done());
  }
}
