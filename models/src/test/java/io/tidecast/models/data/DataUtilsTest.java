package io.tidecast.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DataUtilsTest {
  private static INDArray range(int from, int to) {
    double[] v = new double[to - from];
    for (int i = 0; i < v.length; i++) {
      v[i] = from + i;
    }
    return Nd4j.create(v, new long[] {v.length}, 'c');
  }

  private static double[] row(INDArray batchX, int i) {
    return batchX.slice(i).dup('c').castTo(DataType.DOUBLE).data().asDouble();
  }

  /** Keras docs, example 1: inputs data[:-10], targets data[10:], sequence_length 10. */
  @Test
  void kerasDocExampleTargetsOffsetByTheWindow() {
    INDArray data = range(0, 100);
    List<Batch> ds = DataUtils.timeseriesDatasetFromArray(data.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
        90)), data.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(10, 100)), 10);
    // 90 - 9 = 81 windows: a batch of 128 holds them all
    assertEquals(1, ds.size());
    assertArrayEquals(new long[] {81, 10}, ds.get(0).x().shape());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, row(ds.get(0).x(), 0));
    assertEquals(10.0, ds.get(0).y().getDouble(0));
    assertArrayEquals(new double[] {80, 81, 82, 83, 84, 85, 86, 87, 88, 89}, row(ds.get(0).x(), 80));
    assertEquals(90.0, ds.get(0).y().getDouble(80));
  }

  /** Keras docs, example 2: indices 0..98, sequence_length 10, sampling_rate 2, sequence_stride 3. */
  @Test
  void kerasDocExampleStrideAndSamplingRate() {
    List<Batch> ds = DataUtils.timeseriesDatasetFromArray(range(0, 99), null, 10, 3, 2, 10, false, 0, null, null);
    List<double[]> rows = new ArrayList<>();
    for (Batch b : ds) {
      assertNull(b.y());
      for (int i = 0; i < b.x().size(0); i++) {
        rows.add(row(b.x(), i));
      }
    }
    assertEquals(27, rows.size()); // starts 0, 3, ..., 78
    assertEquals(3, ds.size());    // 10 + 10 + 7
    assertEquals(7, ds.get(2).x().size(0));
    assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, rows.get(0));
    assertArrayEquals(new double[] {3, 5, 7, 9, 11, 13, 15, 17, 19, 21}, rows.get(1));
    assertArrayEquals(new double[] {6, 8, 10, 12, 14, 16, 18, 20, 22, 24}, rows.get(2));
    assertArrayEquals(new double[] {78, 80, 82, 84, 86, 88, 90, 92, 94, 96}, rows.get(26));
  }

  @Test
  void multivariateWindowsStartEndAndShuffle() {
    // 20 steps x 2 features: value = 10 * step + feature
    double[] v = new double[40];
    for (int t = 0; t < 20; t++) {
      v[2 * t] = 10 * t;
      v[2 * t + 1] = 10 * t + 1;
    }
    INDArray data = Nd4j.create(v, new long[] {20, 2}, 'c');
    INDArray targets = range(0, 20);
    List<Batch> ds = DataUtils.timeseriesDatasetFromArray(data, targets, 3, 1, 1, 4, false, 0, 5, 12);
    // windows start at 5..9 (12 - 5 - 2 = 5 of them)
    assertEquals(2, ds.size());
    assertArrayEquals(new long[] {4, 3, 2}, ds.get(0).x().shape());
    assertArrayEquals(new double[] {50, 51, 60, 61, 70, 71}, row(ds.get(0).x(), 0));
    assertEquals(5.0, ds.get(0).y().getDouble(0));
    assertArrayEquals(new double[] {90, 91, 100, 101, 110, 111}, row(ds.get(1).x(), 0));

    List<Batch> a = DataUtils.timeseriesDatasetFromArray(data, targets, 3, 1, 1, 32, true, 42, null, null);
    List<Batch> b = DataUtils.timeseriesDatasetFromArray(data, targets, 3, 1, 1, 32, true, 42, null, null);
    assertEquals(a.get(0).x(), b.get(0).x());
    double[] ys = a.get(0).y().castTo(DataType.DOUBLE).data().asDouble();
    java.util.Arrays.sort(ys);
    assertArrayEquals(range(0, 18).data().asDouble(), ys, "the same 18 windows, permuted");
    for (int i = 0; i < 18; i++) {
      // each window still matches its own target
      assertEquals(10 * a.get(0).y().getDouble(i), a.get(0).x().getDouble(i, 0, 0));
    }
  }

  @Test
  void timeseriesArgumentErrorsAreKeras() {
    INDArray d = range(0, 10);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DataUtils.timeseriesDatasetFromArray(d, null, 0))
        .getMessage().contains("sequence_length"));
    assertThrows(IllegalArgumentException.class,
        () -> DataUtils.timeseriesDatasetFromArray(d, null, 2, 1, 10, 4, false, 0, null, null));
    assertThrows(IllegalArgumentException.class,
        () -> DataUtils.timeseriesDatasetFromArray(d, null, 2, 1, 1, 4, false, 0, 5, 3));
    assertEquals(0, DataUtils.timeseriesDatasetFromArray(d, null, 11).size());
  }

  @Test
  void toCategoricalLikeKeras() {
    INDArray y = Nd4j.create(new double[] {0, 2, 1, 2}, new long[] {4, 1}, 'c');
    INDArray c = DataUtils.toCategorical(y);
    assertArrayEquals(new long[] {4, 3}, c.shape());
    assertEquals(DataType.FLOAT, c.dataType());
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1}, c.data().asFloat());
    assertArrayEquals(new long[] {2, 5}, DataUtils.toCategorical(Nd4j.create(new double[] {1, 4}, new long[] {2}, 'c'),
        5).shape());
    assertThrows(IllegalArgumentException.class, () -> DataUtils.toCategorical(y, 2));
    assertThrows(IllegalArgumentException.class,
        () -> DataUtils.toCategorical(Nd4j.create(new double[] {0.5}, new long[] {1}, 'c')));
  }

  @Test
  void trainTestSplitKeepsOrderOrShufflesReproducibly() {
    INDArray x = Nd4j.create(new double[] {0, 0, 1, 10, 2, 20, 3, 30, 4, 40}, new long[] {5, 2}, 'c');
    INDArray y = range(0, 5);
    Split s = DataUtils.trainTestSplit(x, y, 0.25, false, 0);
    // ceil(0.25 * 5) = 2 test samples: the last two
    assertArrayEquals(new double[] {0, 1, 2}, s.yTrain().castTo(DataType.DOUBLE).data().asDouble());
    assertArrayEquals(new double[] {3, 4}, s.yTest().castTo(DataType.DOUBLE).data().asDouble());
    assertArrayEquals(new double[] {3, 30, 4, 40}, s.xTest().castTo(DataType.DOUBLE).data().asDouble());
    Split r = DataUtils.trainTestSplit(x, y, 0.4, true, 7);
    assertEquals(3, r.xTrain().size(0));
    for (int i = 0; i < 3; i++) {
      assertEquals(10 * r.yTrain().getDouble(i), r.xTrain().getDouble(i, 1));
    }
    assertEquals(r.yTest(), DataUtils.trainTestSplit(x, y, 0.4, true, 7).yTest());
  }

  @Test
  void scalersMatchSklearn() {
    // feature 0: 1, 2, 3, 4 (mean 2.5, population std sqrt(1.25)); feature 1 constant 5
    INDArray x = Nd4j.create(new double[] {1, 5, 2, 5, 3, 5, 4, 5}, new long[] {4, 2}, 'c');
    StandardScaler ss = new StandardScaler().fit(x);
    assertArrayEquals(new double[] {2.5, 5}, ss.mean());
    assertArrayEquals(new double[] {Math.sqrt(1.25), 0}, ss.std(), 1e-15);
    double[] t = ss.transform(x).data().asDouble();
    assertEquals(-1.5 / Math.sqrt(1.25), t[0], 1e-15);
    assertEquals(0.0, t[1]); // constant feature only centred
    assertEquals(1.5 / Math.sqrt(1.25), t[6], 1e-15);
    assertArrayEquals(x.data().asDouble(), ss.inverseTransform(ss.transform(x)).data().asDouble(), 1e-15);

    MinMaxScaler mm = new MinMaxScaler(-1, 1).fit(x);
    double[] m = mm.transform(x).data().asDouble();
    assertArrayEquals(new double[] {-1, -1, -1 / 3.0, -1, 1 / 3.0, -1, 1, -1}, m, 1e-15);
    assertArrayEquals(x.data().asDouble(), mm.inverseTransform(mm.transform(x)).data().asDouble(), 1e-15);

    // (samples, timesteps, features): statistics over samples and timesteps per feature
    INDArray seq = Nd4j.create(new double[] {0, 10, 2, 30, 4, 50, 6, 70}, new long[] {2, 2, 2}, 'c');
    MinMaxScaler s3 = new MinMaxScaler().fit(seq);
    assertArrayEquals(new double[] {0, 10}, s3.dataMin());
    assertArrayEquals(new double[] {6, 70}, s3.dataMax());
    assertThrows(IllegalStateException.class, () -> new StandardScaler().transform(x));
    assertThrows(IllegalArgumentException.class, () -> ss.transform(seq.reshape(4, 2).get(
        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0)).reshape(4, 1)));
  }
}
