package io.tidecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExampleCommandTest {
  private static String[] capture(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      code = Tidecast.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void runsAnExampleByName() {
    String[] r = capture("example", "xor");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("accuracy 1.00"), r[1]);
  }

  @Test
  void unknownNameListsTheExamples() {
    String[] r = capture("example", "mnst");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("unknown example 'mnst'"), r[2]);
    for (String name : new String[] {"sequence", "threshold", "xor", "stacked", "churn", "mnist", "callbacks"}) {
      assertTrue(r[2].contains(name), name + " in " + r[2]);
    }
  }
}
