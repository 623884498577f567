package io.tidecast.bench;

import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.SimpleRNN;
import io.tidecast.models.layers.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH suite for the layer kernels through the public layer API (build, forward, backward), float32 and
 * float64: one batch of {@code (batch, 24, 1)} through LSTM/SimpleRNN, and Dense on {@code (batch, units)}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class KernelBench {
  @Param({"32", "128"})
  public int units;

  @Param({"1", "32"})
  public int batch;

  @Param({"float32", "float64"})
  public String dtype;

  private static final int T = 24;
  private Layer<?> lstm;
  private Layer<?> rnn;
  private Layer<?> dense;
  private Tensor x;
  private Tensor dyLstm;
  private Tensor xDense;
  private Tensor dyDense;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(7);
    lstm = new LSTM(units).dtype(dtype);
    lstm.build("lstm", new int[] {T, 1}, new SplittableRandom(1));
    rnn = new SimpleRNN(units).dtype(dtype);
    rnn.build("rnn", new int[] {T, 1}, new SplittableRandom(2));
    dense = new Dense(units).dtype(dtype);
    dense.build("dense", new int[] {units}, new SplittableRandom(3));
    x = random(r, batch, T, 1);
    dyLstm = random(r, batch, units);
    xDense = random(r, batch, units);
    dyDense = random(r, batch, units);
  }

  private static Tensor random(SplittableRandom r, int... shape) {
    Tensor t = new Tensor(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data[i] = r.nextDouble() * 2 - 1;
    }
    return t;
  }

  @Benchmark
  public Tensor lstmForward() {
    return lstm.forward(x, false);
  }

  @Benchmark
  public Tensor lstmForwardBackward() {
    lstm.forward(x, true);
    return lstm.backward(dyLstm);
  }

  @Benchmark
  public Tensor simpleRnnForwardBackward() {
    rnn.forward(x, true);
    return rnn.backward(dyLstm);
  }

  @Benchmark
  public Tensor denseForwardBackward() {
    dense.forward(xDense, true);
    return dense.backward(dyDense);
  }
}
