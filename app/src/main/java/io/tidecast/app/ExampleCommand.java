package io.tidecast.app;

import io.tidecast.models.examples.Churn;
import io.tidecast.models.examples.CumulativeSum;
import io.tidecast.models.examples.MnistMlp;
import io.tidecast.models.examples.SequenceLearning;
import io.tidecast.models.examples.StackedLstm;
import io.tidecast.models.examples.ThresholdClassification;
import io.tidecast.models.examples.TimeDistributedEcho;
import io.tidecast.models.examples.TrainingCallbacks;
import io.tidecast.models.examples.Xor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Runs one of the ported Keras tutorial examples. */
@Command(name = "example", mixinStandardHelpOptions = true,
    description = "Run a ported Keras tutorial: sequence, threshold, xor, stacked, churn, mnist, callbacks, timedistributed or bidirectional.")
final class ExampleCommand implements Callable<Integer> {
  /** Name → the example's main, in the order the help lists them. */
  static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

  interface Example {
    void run(String[] args) throws Exception;
  }

  static {
    EXAMPLES.put("sequence", SequenceLearning::main);
    EXAMPLES.put("threshold", ThresholdClassification::main);
    EXAMPLES.put("xor", Xor::main);
    EXAMPLES.put("stacked", StackedLstm::main);
    EXAMPLES.put("churn", Churn::main);
    EXAMPLES.put("mnist", MnistMlp::main);
    EXAMPLES.put("callbacks", TrainingCallbacks::main);
    EXAMPLES.put("timedistributed", TimeDistributedEcho::main);
    EXAMPLES.put("bidirectional", CumulativeSum::main);
  }

  @Parameters(index = "0", description = "sequence | threshold | xor | stacked | churn | mnist | callbacks | timedistributed | bidirectional")
  String name;

  @Parameters(index = "1..*", arity = "0..*", description = "passed to the example (callbacks: checkpoint directory)")
  String[] args = new String[0];

  @Override
  public Integer call() throws Exception {
    Example e = EXAMPLES.get(name);
    if (e == null) {
      throw new IllegalArgumentException("unknown example '" + name + "'; use one of " + EXAMPLES.keySet());
    }
    e.run(args);
    return 0;
  }
}
