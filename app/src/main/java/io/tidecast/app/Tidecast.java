package io.tidecast.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tidecast} command line. */
@Command(name = "tidecast", mixinStandardHelpOptions = true, version = "tidecast 0.1.0",
    description = "Streaming online-learning forecasts with Keras-style models.",
    subcommands = {DemoCommand.class, BacktestCommand.class, RunCommand.class, ExampleCommand.class, CommandLine.HelpCommand.class})
public final class Tidecast {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with its error handling (tests set its output and error writers). */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Tidecast());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof java.nio.file.NoSuchFileException f) {
        cmd.getErr().println("error: no such file: " + f.getFile());
        return 2;
      }
      if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
        cmd.getErr().println("error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cl;
  }
}
