package io.tidecast.bench;

import java.util.Arrays;

/**
 * Entry point of {@code tidecast-bench.jar}: {@code lstm [--quick]} runs the side-by-side Tidecast vs DL4J
 * benchmark ({@link LstmBench}); {@code jmh [JMH options]} runs the JMH kernel suite ({@link KernelBench});
 * {@code stream} the streaming runtimes side by side ({@link StreamBench}); {@code soak} memory over time
 * ({@link SoakBench}); {@code accuracy} backtests every shared dataset against baselines ({@link AccuracyBench}),
 * {@code ett} the Informer protocol on ETTh1 ({@link EttBench}).
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) throws Exception {
    String cmd = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (cmd) {
      case "lstm":
        LstmBench.main(rest);
        break;
      case "profile": // profile CONFIG train|infer SECONDS [dl4j]: one runner in a loop, for JFR/async profilers
        LstmBench.profile(rest);
        break;
      case "stream":
        StreamBench.main(rest);
        break;
      case "soak":
        SoakBench.main(rest);
        break;
      case "accuracy": // accuracy [--data DIR] [sweep options]: every shared dataset at h = 1, 10, 48 vs baselines
        AccuracyBench.main(rest);
        break;
      case "ett": // ett [--data DIR]: ETTh1 OT under the Informer protocol, frozen and online
        EttBench.main(rest);
        break;
      case "learner": // learner [--keys 1000]: the learner alone, per-key default vs global placement, same run
        LearnerBench.main(rest);
        break;
      case "jmh":
        org.openjdk.jmh.Main.main(rest.length == 0 ? new String[] {"io.tidecast.bench.KernelBench"} : rest);
        break;
      default:
        System.out.println("usage: OMP_NUM_THREADS=1 java -jar bench/target/tidecast-bench.jar lstm [--quick]\n"
            + "       java -jar bench/target/tidecast-bench.jar jmh [JMH options, e.g. -f 1 -wi 3 -i 5]\n"
            + "       java -jar bench/target/tidecast-bench.jar stream [--keys 1000,100000] [--events N] [--rate 10000]"
            + " [--config default,stateful,short,micro] [--state-backend rocksdb,hashmap] [--parallelism 1]"
            + " [--checkpoint-ms 10000] [--quick]\n"
            + "       java -jar bench/target/tidecast-bench.jar soak [--events 1000000 --keys 10000] [--quick]\n"
            + "       java -jar bench/target/tidecast-bench.jar accuracy [--data ../shared/data]\n"
            + "       java -jar bench/target/tidecast-bench.jar ett [--data ../shared/data]\n"
            + "       java -jar bench/target/tidecast-bench.jar learner [--keys 1000] [--horizon 1]");
    }
  }
}
