package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowsTest {
  private static double[][] column(double... v) {
    double[][] a = new double[v.length][1];
    for (int i = 0; i < v.length; i++) {
      a[i][0] = v[i];
    }
    return a;
  }

  private static double[][] range(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return column(v);
  }

  private static double[] flatColumn(double[][] window) {
    double[] v = new double[window.length];
    for (int i = 0; i < v.length; i++) {
      assertEquals(1, window[i].length);
      v[i] = window[i][0];
    }
    return v;
  }

  @Test
  void handWorkedStrideAndRate() {
    // data 0..9, seq_len 3, stride 2, rate 2: num_seqs = 10 - 2*2 = 6 -> starts 0, 2, 4
    Windows.Dataset ds = Windows.timeseriesDataset(range(10), null, 3, 2, 2);
    assertEquals(3, ds.size());
    assertArrayEquals(new double[] {0, 2, 4}, flatColumn(ds.inputs()[0]));
    assertArrayEquals(new double[] {2, 4, 6}, flatColumn(ds.inputs()[1]));
    assertArrayEquals(new double[] {4, 6, 8}, flatColumn(ds.inputs()[2]));
    assertNull(ds.targets());
  }

  @Test
  void kerasDocstringExample1() {
    // indices 0..98, sequence_length=10, sampling_rate=2, sequence_stride=3
    Windows.Dataset ds = Windows.timeseriesDataset(range(99), null, 10, 3, 2);
    assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, flatColumn(ds.inputs()[0]));
    assertArrayEquals(new double[] {3, 5, 7, 9, 11, 13, 15, 17, 19, 21}, flatColumn(ds.inputs()[1]));
    assertArrayEquals(new double[] {6, 8, 10, 12, 14, 16, 18, 20, 22, 24}, flatColumn(ds.inputs()[2]));
    assertArrayEquals(new double[] {78, 80, 82, 84, 86, 88, 90, 92, 94, 96},
        flatColumn(ds.inputs()[ds.size() - 1]));
    assertEquals(27, ds.size()); // starts 0, 3, ..., 78
  }

  @Test
  void kerasDocstringExample2TargetsIndexedByWindowStart() {
    // data = 1..20; inputs = data[:10], targets = data[10:], sequence_length=10 -> one window, target 11
    double[][] data = column(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    double[][] targets = column(11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
    Windows.Dataset ds = Windows.timeseriesDataset(data, targets, 10, 1, 1);
    assertEquals(1, ds.size());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, flatColumn(ds.inputs()[0]));
    assertArrayEquals(new double[] {11}, ds.targets()[0]);
  }

  @Test
  void shortTargetsCapTheWindowCount() {
    // num_seqs = min(10 - 2, len(targets) = 3) -> starts 0, 1, 2
    Windows.Dataset ds = Windows.timeseriesDataset(range(10), column(100, 101, 102), 3, 1, 1);
    assertEquals(3, ds.size());
    assertArrayEquals(new double[] {2, 3, 4}, flatColumn(ds.inputs()[2]));
    assertArrayEquals(new double[] {102}, ds.targets()[2]);
  }

  @Test
  void kerasArgumentErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Windows.timeseriesDataset(range(5), null, 2, 1, 5));
    assertTrue(e.getMessage().contains("`sampling_rate` must be lower than the length of the data"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Windows.timeseriesDataset(range(5), null, 2, 0, 1));
    assertTrue(e.getMessage().contains("`sequence_stride` must be higher than 0"), e.getMessage());
  }

  @Test
  void forecastTargetsAlignHandWorked() {
    WindowSpec direct = WindowSpec.of(3, 2, List.of("y"), List.of("y")).withStride(2).withSamplingRate(2);
    // windows end at e = start + 4 with start in {0, 2, 4, ...}; DIRECT needs rows e+1, e+2 <= 9 -> starts 0, 2
    Windows.Dataset d = Windows.forecastDataset(range(10), range(10), direct);
    assertEquals(2, d.size());
    assertArrayEquals(new double[] {0, 2, 4}, flatColumn(d.inputs()[0]));
    assertArrayEquals(new double[] {5, 6}, d.targets()[0]);
    assertArrayEquals(new double[] {2, 4, 6}, flatColumn(d.inputs()[1]));
    assertArrayEquals(new double[] {7, 8}, d.targets()[1]);

    // RECURSIVE learns one step: row e+1 <= 9 -> starts 0, 2, 4
    Windows.Dataset r = Windows.forecastDataset(range(10), range(10), direct.withStrategy(WindowSpec.Strategy.RECURSIVE));
    assertEquals(3, r.size());
    assertArrayEquals(new double[] {4, 6, 8}, flatColumn(r.inputs()[2]));
    assertArrayEquals(new double[] {9}, r.targets()[2]);
  }

  @Test
  void forecastDatasetWithHorizonOneEqualsKerasWithShiftedTargets() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 30; trial++) {
      int n = 20 + rnd.nextInt(60);
      int seq = 1 + rnd.nextInt(5);
      int stride = 1 + rnd.nextInt(4);
      int rate = 1 + rnd.nextInt(3);
      double[][] x = randomSeries(rnd, n, 2);
      double[][] y = randomSeries(rnd, n, 1);
      int delay = (seq - 1) * rate + 1; // the Keras tutorial idiom: targets = y[delay:]
      if (delay >= n) {
        continue;
      }
      double[][] shifted = new double[n - delay][];
      System.arraycopy(y, delay, shifted, 0, n - delay);
      WindowSpec spec = new WindowSpec(seq, stride, rate, 1, List.of("a", "b"), List.of("y"), WindowSpec.Strategy.DIRECT);
      Windows.Dataset ours = Windows.forecastDataset(x, y, spec);
      Windows.Dataset keras = Windows.timeseriesDataset(x, shifted, seq, stride, rate);
      assertEquals(keras.size(), ours.size());
      for (int i = 0; i < ours.size(); i++) {
        assertTrue(java.util.Arrays.deepEquals(keras.inputs()[i], ours.inputs()[i]));
        assertArrayEquals(keras.targets()[i], ours.targets()[i]);
      }
    }
  }

  @Test
  void streamingEqualsBatchAndDirectIndexingOnRandomSeries() {
    SplittableRandom rnd = new SplittableRandom(42);
    List<String> names = List.of("temp", "load", "hour");
    for (int trial = 0; trial < 40; trial++) {
      int n = 30 + rnd.nextInt(100);
      int seq = 1 + rnd.nextInt(6);
      int stride = 1 + rnd.nextInt(4);
      int rate = 1 + rnd.nextInt(3);
      int horizon = 1 + rnd.nextInt(4);
      WindowSpec.Strategy strategy = rnd.nextBoolean() ? WindowSpec.Strategy.DIRECT : WindowSpec.Strategy.RECURSIVE;
      List<String> inputs = strategy == WindowSpec.Strategy.DIRECT ? List.of("temp", "hour") : List.of("load");
      List<String> targets = List.of("load");
      WindowSpec spec = new WindowSpec(seq, stride, rate, horizon, inputs, targets, strategy);
      int steps = spec.targetSteps();

      double[][] data = randomSeries(rnd, n, 3);
      SlidingWindow sw = new SlidingWindow(spec);
      List<double[][]> streamedInputs = new ArrayList<>();
      List<double[][]> trainX = new ArrayList<>();
      List<double[][]> trainY = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        sw.add(new Event("k", 1000L * t, names, data[t]));
        if (sw.inputReady()) {
          streamedInputs.add(sw.inputWindow());
        }
        if (sw.trainingReady()) {
          trainX.add(sw.trainingInputs());
          trainY.add(sw.trainingTargets());
          assertEquals(1000L * (t - steps), sw.trainingOriginTimestamp());
        }
      }

      double[][] x = select(data, names, inputs);
      double[][] y = select(data, names, targets);
      // independent reference: window i starts at i*stride, rows start + k*rate
      int span = (seq - 1) * rate + 1;
      int expected = 0;
      for (int start = 0; start + span - 1 < n; start += stride, expected++) {
        double[][] w = streamedInputs.get(expected);
        for (int k = 0; k < seq; k++) {
          assertArrayEquals(x[start + k * rate], w[k]);
        }
      }
      assertEquals(expected, streamedInputs.size());
      int pairs = 0;
      for (int start = 0; start + span - 1 + steps < n; start += stride, pairs++) {
        int last = start + span - 1;
        for (int h = 1; h <= steps; h++) {
          assertArrayEquals(y[last + h], trainY.get(pairs)[h - 1]);
        }
      }
      assertEquals(pairs, trainX.size());

      Windows.Dataset batchInputs = Windows.timeseriesDataset(x, null, seq, stride, rate);
      assertEquals(streamedInputs.size(), batchInputs.size());
      for (int i = 0; i < batchInputs.size(); i++) {
        assertTrue(java.util.Arrays.deepEquals(batchInputs.inputs()[i], streamedInputs.get(i)));
      }
      Windows.Dataset batchPairs = Windows.forecastDataset(x, y, spec);
      assertEquals(trainX.size(), batchPairs.size());
      for (int i = 0; i < batchPairs.size(); i++) {
        assertTrue(java.util.Arrays.deepEquals(batchPairs.inputs()[i], trainX.get(i)));
        double[] flat = new double[steps];
        for (int h = 0; h < steps; h++) {
          flat[h] = trainY.get(i)[h][0];
        }
        assertArrayEquals(flat, batchPairs.targets()[i]);
      }
    }
  }

  @Test
  void inputLagReadsRecentRows() {
    WindowSpec spec = WindowSpec.of(2, 1, List.of("y"), List.of("y"));
    SlidingWindow sw = new SlidingWindow(spec);
    for (int t = 0; t < 5; t++) {
      sw.add(t, new double[] {10 + t}, new double[] {10 + t});
    }
    assertEquals(14, sw.input(0, 0));
    assertEquals(12, sw.input(2, 0)); // capacity (2-1)*1 + 1 + 1 = 3 rows
    assertThrows(IndexOutOfBoundsException.class, () -> sw.input(3, 0));
  }

  @Test
  void rejectsOutOfOrderMissingAndNonFinite() {
    WindowSpec spec = WindowSpec.of(2, 1, List.of("a"), List.of("b"));
    SlidingWindow sw = new SlidingWindow(spec);
    sw.add(new Event("k", 10, List.of("a", "b"), new double[] {1, 2}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sw.add(new Event("k", 9, List.of("a", "b"), new double[] {1, 2})));
    assertTrue(e.getMessage().contains("event-time order"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> sw.add(new Event("k", 11, List.of("a"), new double[] {1})));
    assertTrue(e.getMessage().contains("'b'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> sw.add(new Event("k", 11, List.of("a", "b"), new double[] {Double.NaN, 2})));
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    assertEquals(1, sw.count());
    assertFalse(sw.inputReady());
    assertThrows(IllegalStateException.class, sw::inputWindow);
  }

  @Test
  void specValidationNamesFieldAndAllowedValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WindowSpec.of(0, 1, List.of("y"), List.of("y")));
    assertTrue(e.getMessage().startsWith("timesteps must be an integer >= 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WindowSpec.of(3, 1, List.of("y"), List.of("y")).withStride(0));
    assertTrue(e.getMessage().startsWith("stride must be"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WindowSpec.of(3, 0, List.of("y"), List.of("y")));
    assertTrue(e.getMessage().startsWith("horizon must be"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WindowSpec.Strategy.parse("multi"));
    assertTrue(e.getMessage().contains("[DIRECT, RECURSIVE]") && e.getMessage().contains("multi"), e.getMessage());
    assertEquals(WindowSpec.Strategy.RECURSIVE, WindowSpec.Strategy.parse(" recursive "));
    e = assertThrows(IllegalArgumentException.class, () -> WindowSpec.of(3, 2, List.of("y", "x"), List.of("y"))
        .withStrategy(WindowSpec.Strategy.RECURSIVE));
    assertTrue(e.getMessage().contains("RECURSIVE") && e.getMessage().contains("DIRECT"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WindowSpec.of(3, 2, List.of("y", "y"), List.of("y")));
    assertTrue(e.getMessage().startsWith("inputs must not repeat"), e.getMessage());
  }

  static double[][] randomSeries(SplittableRandom rnd, int n, int width) {
    double[][] a = new double[n][width];
    for (double[] row : a) {
      for (int j = 0; j < width; j++) {
        row[j] = rnd.nextDouble(-5, 5);
      }
    }
    return a;
  }

  private static double[][] select(double[][] data, List<String> names, List<String> wanted) {
    double[][] out = new double[data.length][wanted.size()];
    for (int t = 0; t < data.length; t++) {
      for (int j = 0; j < wanted.size(); j++) {
        out[t][j] = data[t][names.indexOf(wanted.get(j))];
      }
    }
    return out;
  }
}
