package io.tidecast.models.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras {@code keras.utils} data helpers ({@code timeseries_dataset_from_array}, {@code to_categorical})
 * and scikit-learn's {@code train_test_split}, on {@link INDArray}s with the first axis as samples.
 */
public final class DataUtils {
  private DataUtils() {
  }

  /** {@link #timeseriesDatasetFromArray(INDArray, INDArray, int, int, int, int, boolean, long, Integer, Integer)} with Keras defaults: stride 1, sampling rate 1, batches of 128, no shuffle, all the data. */
  public static List<Batch> timeseriesDatasetFromArray(INDArray data, INDArray targets, int sequenceLength) {
    return timeseriesDatasetFromArray(data, targets, sequenceLength, 1, 1, 128, false, 0L, null, null);
  }

  public static List<Batch> timeseriesDatasetFromArray(INDArray data, INDArray targets, int sequenceLength,
      int batchSize) {
    return timeseriesDatasetFromArray(data, targets, sequenceLength, 1, 1, batchSize, false, 0L, null, null);
  }

  /**
   * Keras {@code timeseries_dataset_from_array}: sliding windows over {@code data} (samples on axis 0).
   * Window {@code i} starts at {@code start_index + p_i} with {@code p_i = i * sequence_stride} and takes
   * {@code sequence_length} steps {@code sampling_rate} apart, so it is shaped
   * {@code (sequence_length, ...features)}; its target is {@code targets[start_index + p_i]}. There are
   * {@code end_index - start_index - (sequence_length - 1) * sampling_rate} candidate starts (fewer if
   * {@code targets} is shorter). Windows are grouped into batches of {@code batch_size} (the last may be
   * smaller).
   *
   * <p>{@code shuffle} permutes the windows with a seeded {@link SplittableRandom}: the same windows as Keras,
   * in a different (but reproducible) order, since Keras's order depends on NumPy's and tf.data's generators.
   *
   * @param targets null for a dataset of inputs only ({@link Batch#y()} is then null)
   * @param startIndex null for 0
   * @param endIndex null for the whole data (exclusive)
   */
  public static List<Batch> timeseriesDatasetFromArray(INDArray data, INDArray targets, int sequenceLength,
      int sequenceStride, int samplingRate, int batchSize, boolean shuffle, long seed, Integer startIndex,
      Integer endIndex) {
    if (data == null || data.rank() < 1) {
      throw new IllegalArgumentException("data must be an array with samples on axis 0");
    }
    long len = data.size(0);
    if (startIndex != null) {
      if (startIndex < 0) {
        throw new IllegalArgumentException("`start_index` must be 0 or greater. Received: start_index=" + startIndex);
      }
      if (startIndex >= len) {
        throw new IllegalArgumentException("`start_index` must be lower than the length of the data. Received: "
            + "start_index=" + startIndex + ", for data of length " + len);
      }
    }
    if (endIndex != null) {
      if (startIndex != null && endIndex <= startIndex) {
        throw new IllegalArgumentException("`end_index` must be higher than `start_index`. Received: start_index="
            + startIndex + ", and end_index=" + endIndex);
      }
      if (endIndex >= len) {
        throw new IllegalArgumentException("`end_index` must be lower than the length of the data. Received: "
            + "end_index=" + endIndex + ", for data of length " + len);
      }
      if (endIndex <= 0) {
        throw new IllegalArgumentException("`end_index` must be higher than 0. Received: end_index=" + endIndex);
      }
    }
    if (sequenceLength <= 0) {
      throw new IllegalArgumentException("`sequence_length` must be higher than 0. Received: sequence_length="
          + sequenceLength);
    }
    if (samplingRate <= 0) {
      throw new IllegalArgumentException("`sampling_rate` must be higher than 0. Received: sampling_rate="
          + samplingRate);
    }
    if (samplingRate >= len) {
      throw new IllegalArgumentException("`sampling_rate` must be lower than the length of the data. Received: "
          + "sampling_rate=" + samplingRate + ", for data of length " + len);
    }
    if (sequenceStride <= 0) {
      throw new IllegalArgumentException("`sequence_stride` must be higher than 0. Received: sequence_stride="
          + sequenceStride);
    }
    if (sequenceStride >= len) {
      throw new IllegalArgumentException("`sequence_stride` must be lower than the length of the data. Received: "
          + "sequence_stride=" + sequenceStride + ", for data of length " + len);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("`batch_size` must be a positive integer. Received: batch_size=" + batchSize);
    }
    int start = startIndex == null ? 0 : startIndex;
    int end = endIndex == null ? (int) len : endIndex;
    long numSeqs = end - start - (long) (sequenceLength - 1) * samplingRate;
    if (targets != null) {
      numSeqs = Math.min(numSeqs, targets.size(0) - start);
    }
    List<Batch> out = new ArrayList<>();
    if (numSeqs <= 0) {
      return out;
    }
    int count = (int) ((numSeqs + sequenceStride - 1) / sequenceStride);
    int[] positions = new int[count];
    for (int i = 0; i < count; i++) {
      positions[i] = i * sequenceStride;
    }
    if (shuffle) {
      SplittableRandom rng = new SplittableRandom(seed);
      for (int i = count - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = positions[i];
        positions[i] = positions[j];
        positions[j] = t;
      }
    }
    double[] dv = Arrays2.values(data);
    int per = (int) Arrays2.rowSize(data);
    DataType dt = data.dataType().isFPType() ? data.dataType() : DataType.FLOAT;
    double[] tv = targets == null ? null : Arrays2.values(targets);
    int tper = targets == null ? 0 : (int) Arrays2.rowSize(targets);
    for (int b = 0; b < count; b += batchSize) {
      int n = Math.min(batchSize, count - b);
      double[] x = new double[Math.multiplyExact(Math.multiplyExact(n, sequenceLength), per)];
      double[] y = targets == null ? null : new double[n * tper];
      for (int i = 0; i < n; i++) {
        int p = start + positions[b + i];
        for (int s = 0; s < sequenceLength; s++) {
          System.arraycopy(dv, (p + s * samplingRate) * per, x, (i * sequenceLength + s) * per, per);
        }
        if (y != null) {
          System.arraycopy(tv, p * tper, y, i * tper, tper);
        }
      }
      long[] xs = new long[data.rank() + 1];
      xs[0] = n;
      xs[1] = sequenceLength;
      for (int k = 1; k < data.rank(); k++) {
        xs[k + 1] = data.size(k);
      }
      INDArray yb = null;
      if (y != null) {
        long[] ys = targets.shape().clone();
        ys[0] = n;
        yb = Arrays2.create(y, ys, targets.dataType());
      }
      out.add(new Batch(Arrays2.create(x, xs, dt), yb));
    }
    return out;
  }

  /** Keras {@code to_categorical(y)}: one-hot with {@code max(y) + 1} classes. */
  public static INDArray toCategorical(INDArray y) {
    return toCategorical(y, -1);
  }

  /**
   * Keras {@code to_categorical(y, num_classes)}: integer class labels to one-hot float32 rows. The result
   * has shape {@code y.shape + (num_classes,)}, except that a trailing axis of size 1 is replaced
   * (labels {@code (n, 1)} give {@code (n, num_classes)}), as in Keras.
   */
  public static INDArray toCategorical(INDArray y, int numClasses) {
    double[] v = Arrays2.values(y);
    int max = -1;
    for (int i = 0; i < v.length; i++) {
      double c = v[i];
      if (c != Math.rint(c) || c < 0) {
        throw new IllegalArgumentException("to_categorical needs non-negative integer class labels; element " + i
            + " is " + c + ".");
      }
      max = (int) Math.max(max, c);
    }
    int k = numClasses < 0 ? max + 1 : numClasses;
    if (max >= k) {
      throw new IllegalArgumentException("to_categorical: label " + max + " is out of range for num_classes=" + k
          + " (labels must be in [0, " + k + ")).");
    }
    long[] in = y.shape();
    int keep = in.length > 1 && in[in.length - 1] == 1 ? in.length - 1 : in.length;
    long[] shape = new long[keep + 1];
    System.arraycopy(in, 0, shape, 0, keep);
    shape[keep] = k;
    double[] out = new double[Math.multiplyExact(v.length, k)];
    for (int i = 0; i < v.length; i++) {
      out[i * k + (int) v[i]] = 1.0;
    }
    return Arrays2.create(out, shape, DataType.FLOAT);
  }

  /**
   * scikit-learn {@code train_test_split(x, y, test_size=testSize, shuffle=shuffle, random_state=seed)}:
   * {@code ceil(testSize * n)} samples for testing. Without shuffle the test set is the last samples (what
   * time series need: no look-ahead); with shuffle a seeded permutation decides (its first
   * {@code n_test} indices are the test set), reproducible but not numpy's order.
   *
   * @param y may be null (then {@link Split#yTrain()} and {@link Split#yTest()} are null)
   */
  public static Split trainTestSplit(INDArray x, INDArray y, double testSize, boolean shuffle, long seed) {
    int n = (int) x.size(0);
    if (y != null && y.size(0) != n) {
      throw new IllegalArgumentException("Found input variables with inconsistent numbers of samples: [" + n + ", "
          + y.size(0) + "]");
    }
    if (!(testSize > 0 && testSize < 1)) {
      throw new IllegalArgumentException("test_size=" + testSize + " should be a float in the (0, 1) range");
    }
    int nTest = (int) Math.ceil(testSize * n);
    int nTrain = n - nTest;
    if (nTrain == 0) {
      throw new IllegalArgumentException("With n_samples=" + n + ", test_size=" + testSize
          + " the resulting train set will be empty. Adjust test_size.");
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    int[] train;
    int[] test;
    if (shuffle) {
      SplittableRandom rng = new SplittableRandom(seed);
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      test = java.util.Arrays.copyOfRange(perm, 0, nTest);
      train = java.util.Arrays.copyOfRange(perm, nTest, n);
    } else {
      train = java.util.Arrays.copyOfRange(perm, 0, nTrain);
      test = java.util.Arrays.copyOfRange(perm, nTrain, n);
    }
    double[] xv = Arrays2.values(x);
    DataType xt = x.dataType();
    INDArray yTrain = null;
    INDArray yTest = null;
    if (y != null) {
      double[] yv = Arrays2.values(y);
      yTrain = Arrays2.rows(yv, y.shape(), train, y.dataType());
      yTest = Arrays2.rows(yv, y.shape(), test, y.dataType());
    }
    return new Split(Arrays2.rows(xv, x.shape(), train, xt), Arrays2.rows(xv, x.shape(), test, xt), yTrain, yTest);
  }
}
