package io.tidecast.app;

import io.tidecast.models.examples.CumulativeSum;
import io.tidecast.models.examples.SequenceLearning;
import io.tidecast.models.examples.StackedLstm;
import io.tidecast.models.examples.ThresholdClassification;
import io.tidecast.models.examples.TimeDistributedEcho;
import io.tidecast.models.examples.Xor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Runs one of the ported Keras tutorial examples. */
@Command(name = "example", mixinStandardHelpOptions = true,
    description = "Run a ported Keras tutorial: sequence, threshold, xor, stacked, timedistributed or bidirectional.")
final class ExampleCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "sequence | threshold | xor | stacked | timedistributed | bidirectional")
  String name;

  @Override
  public Integer call() {
    switch (name) {
      case "sequence":
        SequenceLearning.main(new String[0]);
        return 0;
      case "threshold":
        ThresholdClassification.main(new String[0]);
        return 0;
      case "xor":
        Xor.main(new String[0]);
        return 0;
      case "stacked":
        StackedLstm.main(new String[0]);
        return 0;
      case "timedistributed":
        TimeDistributedEcho.main(new String[0]);
        return 0;
      case "bidirectional":
        CumulativeSum.main(new String[0]);
        return 0;
      default:
        throw new IllegalArgumentException("unknown example '" + name + "'; use sequence, threshold, xor, stacked, "
            + "timedistributed or bidirectional");
    }
  }
}
