package io.tidecast.bench;

import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.Adam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Tidecast vs DL4J, same architecture (LSTM stack then Dense(1)), same data, MSE, Adam(1e-3), float32,
 * in one process: per config and mode, both are warmed up, then timed in alternating rounds; the median
 * round gives sequences per second. DL4J runs single-threaded (OMP_NUM_THREADS=1, set before the JVM
 * starts, and one master thread), with workspaces enabled and NWC input.
 */
final class LstmBench {
  private LstmBench() {
  }

  /** One benchmark configuration: LSTM units per layer (all but the last return sequences). */
  record Config(String name, int[] units, int timesteps, int features, int batch) {
    /** FLOPs of one forward over the batch (recurrent layers only: 2·B·(F+H)·4H·T per layer). */
    double forwardFlops() {
      double total = 0;
      int in = features;
      for (int h : units) {
        total += 2.0 * batch * (in + h) * 4.0 * h * timesteps;
        in = h;
      }
      return total;
    }
  }

  static final List<Config> CONFIGS = List.of(
      new Config("h32_t24_f1_b32", new int[] {32}, 24, 1, 32),
      new Config("h32_t24_f1_b1", new int[] {32}, 24, 1, 1),
      new Config("h64_t48_f4_b16", new int[] {64}, 48, 4, 16),
      new Config("h128_t48_f8_b256", new int[] {128}, 48, 8, 256),
      new Config("h64s_h32_t24_f1_b32", new int[] {64, 32}, 24, 1, 32));

  static void main(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    double warmup = quick ? 1.0 : 3.0;
    double round = quick ? 0.3 : 0.6;
    int rounds = quick ? 3 : 7;
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    System.out.println("# Tidecast vs DL4J " + (quick ? "(quick)" : "") + " java " + System.getProperty("java.version")
        + ", " + Runtime.getRuntime().availableProcessors() + " cpus, OMP_NUM_THREADS="
        + System.getenv("OMP_NUM_THREADS"));
    if (!"1".equals(System.getenv("OMP_NUM_THREADS"))) {
      System.out.println("# WARNING: OMP_NUM_THREADS is not 1; DL4J/ND4J may use several threads");
    }

    Peak peak = Peak.measure(quick);
    System.out.printf(Locale.ROOT, "# single-core fp32 peak: ND4J sgemm n=%d %.1f GFLOP/s, Java FMA loop %.1f GFLOP/s;"
        + " peak used for fractions: %.1f GFLOP/s%n", peak.gemmN, peak.sgemm, peak.javaFma, peak.best());
    memoryReport();

    List<String> json = new ArrayList<>();
    System.out.printf(Locale.ROOT, "%n%-22s %-6s %14s %14s %9s %9s %8s%n", "config", "mode", "tidecast seq/s",
        "dl4j seq/s", "ratio", "GFLOP/s", "of peak");
    for (Config c : CONFIGS) {
      for (String mode : new String[] {"train", "infer"}) {
        boolean train = mode.equals("train");
        Runner tc = tidecast(c, train);
        Runner dl = dl4j(c, train);
        timeFor(tc, warmup);
        timeFor(dl, warmup);
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          a[r] = c.batch() / timeFor(tc, round);
          b[r] = c.batch() / timeFor(dl, round);
        }
        double ts = median(a);
        double ds = median(b);
        double flopsPerSeq = c.forwardFlops() / c.batch() * (train ? 3 : 1);
        double gflops = ts * flopsPerSeq / 1e9;
        double frac = gflops / peak.best();
        System.out.printf(Locale.ROOT, "%-22s %-6s %14.0f %14.0f %8.1fx %9.2f %7.1f%%%n", c.name(), mode, ts, ds,
            ts / ds, gflops, 100 * frac);
        json.add(String.format(Locale.ROOT, "{\"config\":\"%s\",\"mode\":\"%s\",\"tidecast_seq_s\":%.1f,"
            + "\"dl4j_seq_s\":%.1f,\"ratio\":%.2f,\"gflops\":%.3f,\"peak_fraction\":%.4f}", c.name(), mode, ts, ds,
            ts / ds, gflops, frac));
      }
    }
    System.out.println();
    json.forEach(System.out::println);
  }

  static void profile(String[] args) {
    Config c = CONFIGS.stream().filter(k -> k.name().equals(args[0])).findFirst().orElseThrow();
    boolean train = args[1].equals("train");
    Runner r = args.length > 3 && args[3].equals("dl4j") ? dl4j(c, train) : tidecast(c, train);
    double spent = 0;
    while (spent < Double.parseDouble(args[2])) {
      double s = timeFor(r, 1.0);
      spent += 1.0;
      System.out.printf(Locale.ROOT, "%.1f seq/s%n", c.batch() / s);
    }
  }

  /** Runs one step (a batch) per call. */
  interface Runner {
    void step();
  }

  /** Seconds per step, averaged over as many steps as fit in {@code seconds} (at least two). */
  static double timeFor(Runner r, double seconds) {
    long budget = (long) (seconds * 1e9);
    long start = System.nanoTime();
    long now = start;
    int steps = 0;
    while (steps < 2 || now - start < budget) {
      r.step();
      steps++;
      now = System.nanoTime();
    }
    return (now - start) / 1e9 / steps;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** The same data for both: a noisy sine per sample, target the next value. */
  static double[][] data(Config c) {
    SplittableRandom r = new SplittableRandom(123);
    double[] x = new double[c.batch() * c.timesteps() * c.features()];
    double[] y = new double[c.batch()];
    for (int i = 0; i < c.batch(); i++) {
      double phase = r.nextDouble() * 6.283;
      for (int t = 0; t < c.timesteps(); t++) {
        for (int f = 0; f < c.features(); f++) {
          x[(i * c.timesteps() + t) * c.features() + f] =
              Math.sin(phase + 0.3 * t + f) + 0.05 * (r.nextDouble() - 0.5);
        }
      }
      y[i] = Math.sin(phase + 0.3 * c.timesteps());
    }
    return new double[][] {x, y};
  }

  static Sequential tidecastModel(Config c) {
    Sequential m = new Sequential().seed(42).dtype("float32");
    int[] u = c.units();
    for (int l = 0; l < u.length; l++) {
      LSTM lstm = new LSTM(u[l]).returnSequences(l + 1 < u.length);
      if (l == 0) {
        lstm.inputShape(c.timesteps(), c.features());
      }
      m.add(lstm);
    }
    m.add(new Dense(1));
    m.compile(new Adam(1e-3), "mse");
    return m;
  }

  static Runner tidecast(Config c, boolean train) {
    Sequential m = tidecastModel(c);
    double[][] d = data(c);
    Tensor x = new Tensor(d[0], c.batch(), c.timesteps(), c.features());
    Tensor y = new Tensor(d[1], c.batch(), 1);
    return train ? () -> m.trainOnBatch(x, y) : () -> m.predict(x);
  }

  static MultiLayerNetwork dl4jModel(Config c) {
    NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
        .seed(42)
        .dataType(DataType.FLOAT)
        .updater(new org.nd4j.linalg.learning.config.Adam(1e-3))
        .weightInit(WeightInit.XAVIER)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .list();
    int[] u = c.units();
    int in = c.features();
    for (int l = 0; l < u.length; l++) {
      org.deeplearning4j.nn.conf.layers.LSTM lstm = new org.deeplearning4j.nn.conf.layers.LSTM.Builder()
          .nIn(in).nOut(u[l]).activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID)
          .forgetGateBiasInit(1.0).dataFormat(RNNFormat.NWC).build();
      b.layer(l + 1 < u.length ? lstm : new LastTimeStep(lstm));
      in = u[l];
    }
    b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(in).nOut(1)
        .activation(Activation.IDENTITY).build());
    MultiLayerConfiguration conf = b.setInputType(InputType.recurrent(c.features(), c.timesteps(), RNNFormat.NWC))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  static Runner dl4j(Config c, boolean train) {
    MultiLayerNetwork net = dl4jModel(c);
    double[][] d = data(c);
    float[] xf = new float[d[0].length];
    for (int i = 0; i < xf.length; i++) {
      xf[i] = (float) d[0][i];
    }
    float[] yf = new float[d[1].length];
    for (int i = 0; i < yf.length; i++) {
      yf[i] = (float) d[1][i];
    }
    INDArray x = Nd4j.create(xf, new long[] {c.batch(), c.timesteps(), c.features()}, 'c');
    INDArray y = Nd4j.create(yf, new long[] {c.batch(), 1}, 'c');
    return train ? () -> net.fit(x, y) : () -> net.output(x, false);
  }

  /** Bytes of trainable state of LSTM(32) (24,1) -> Dense(1) with Adam, plus the (h, c) of one sequence. */
  static void memoryReport() {
    Config c = CONFIGS.get(0);
    Sequential m = tidecastModel(c);
    double[][] d = data(c);
    m.trainOnBatch(new Tensor(d[0], c.batch(), c.timesteps(), c.features()), new Tensor(d[1], c.batch(), 1));
    long params = 0;
    long slots = 0;
    for (Weight w : m.weights()) {
      params += w.size();
      for (double[] s : m.optimizer().slots(w)) {
        slots += s.length;
      }
    }
    long state = 2L * 32; // h and c of one sequence (one stream key)
    long values = params + slots + state;
    System.out.printf(Locale.ROOT, "# state of LSTM(32)->Dense(1) + Adam: %d params + %d Adam moments + %d RNN state"
        + " = %d values = %d bytes as float32 (target <= 65536); the JVM holds them as double[] (%d bytes)%n",
        params, slots, state, values, values * 4, values * 8);
  }

  /** The machine's single-core fp32 peak, two ways. */
  static final class Peak {
    double sgemm;
    double javaFma;
    int gemmN;

    double best() {
      return Math.max(sgemm, javaFma);
    }

    static Peak measure(boolean quick) {
      Peak p = new Peak();
      p.gemmN = quick ? 1024 : 2048;
      int n = p.gemmN;
      INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
      INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
      INDArray out = Nd4j.create(DataType.FLOAT, n, n);
      double best = 0;
      for (int i = 0; i < (quick ? 3 : 6); i++) {
        long t0 = System.nanoTime();
        Nd4j.gemm(a, b, out, false, false, 1.0, 0.0);
        double s = (System.nanoTime() - t0) / 1e9;
        best = Math.max(best, 2.0 * n * n * n / s / 1e9);
      }
      p.sgemm = best;
      p.javaFma = javaFmaLoop(quick);
      return p;
    }

    /** 64 independent accumulators per pass (4 AVX-512 vectors), FMA per element; C2 vectorizes it. */
    static double javaFmaLoop(boolean quick) {
      float[] acc = new float[64];
      for (int i = 0; i < acc.length; i++) {
        acc[i] = i * 1e-3f;
      }
      float m = 0.999999f;
      float k = 1e-6f;
      double best = 0;
      int reps = 2_000_000;
      for (int trial = 0; trial < (quick ? 5 : 10); trial++) {
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
          for (int j = 0; j < 64; j++) {
            acc[j] = Math.fma(acc[j], m, k);
          }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        best = Math.max(best, 2.0 * 64 * reps / s / 1e9);
      }
      if (acc[3] == 12345f) {
        System.out.println(); // keeps acc live
      }
      return best;
    }
  }
}
