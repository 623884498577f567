package io.tidecast.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Batch windowing for backtests and tests. Both helpers replay the series row by row through a
 * {@link SlidingWindow}, so batch and streaming windows come from the same code.
 */
public final class Windows {
  private Windows() {}

  /** All windows of a series: {@code inputs[sample][timestep][feature]}, {@code targets[sample][...]} or null. */
  public record Dataset(double[][][] inputs, double[][] targets) {
    public int size() {
      return inputs.length;
    }
  }

  /**
   * {@code keras.utils.timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride,
   * sampling_rate)} without batching or shuffling: window {@code i} starts at {@code i * sequenceStride};
   * {@code targets[start]} is the target of the window starting at row {@code start}, and the number of windows
   * is capped by {@code targets.length}, as in Keras. {@code targets} may be null.
   */
  public static Dataset timeseriesDataset(double[][] data, double[][] targets, int sequenceLength,
      int sequenceStride, int samplingRate) {
    if (sequenceLength < 1) {
      throw new IllegalArgumentException("`sequence_length` must be higher than 0. Received: sequence_length="
          + sequenceLength);
    }
    if (samplingRate <= 0) {
      throw new IllegalArgumentException("`sampling_rate` must be higher than 0. Received: sampling_rate="
          + samplingRate);
    }
    if (samplingRate >= data.length) {
      throw new IllegalArgumentException("`sampling_rate` must be lower than the length of the data. Received: "
          + "sampling_rate=" + samplingRate + ", for data of length " + data.length);
    }
    if (sequenceStride <= 0) {
      throw new IllegalArgumentException("`sequence_stride` must be higher than 0. Received: sequence_stride="
          + sequenceStride);
    }
    if (sequenceStride >= data.length) {
      throw new IllegalArgumentException("`sequence_stride` must be lower than the length of the data. Received: "
          + "sequence_stride=" + sequenceStride + ", for data of length " + data.length);
    }
    int width = width(data, "data");
    SlidingWindow sw = new SlidingWindow(null, sequenceLength, sequenceStride, samplingRate, 0, width, 0);
    double[] none = new double[0];
    List<double[][]> xs = new ArrayList<>();
    List<double[]> ys = new ArrayList<>();
    for (double[] row : data) {
      sw.add(0L, row, none);
      if (sw.inputReady()) {
        long start = sw.windowStart(sw.count() - 1);
        if (targets != null && start >= targets.length) {
          break;
        }
        xs.add(sw.inputWindow());
        if (targets != null) {
          ys.add(targets[(int) start].clone());
        }
      }
    }
    return new Dataset(xs.toArray(new double[0][][]), targets == null ? null : ys.toArray(new double[0][]));
  }

  /**
   * Training pairs of a series under a {@link WindowSpec}: inputs are windows of {@code inputs} (columns in
   * {@code spec.inputs()} order); targets are {@code targets} rows (columns in {@code spec.targets()} order)
   * {@code 1..targetSteps} after each window's last row, flattened step-major ({@code [h-1][target]}). Windows
   * whose targets run past the end of the series are left out.
   */
  public static Dataset forecastDataset(double[][] inputs, double[][] targets, WindowSpec spec) {
    if (inputs.length != targets.length) {
      throw new IllegalArgumentException("inputs and targets must have the same number of rows; got "
          + inputs.length + " and " + targets.length);
    }
    SlidingWindow sw = new SlidingWindow(null, spec.timesteps(), spec.stride(), spec.samplingRate(),
        spec.targetSteps(), spec.inputs().size(), spec.targets().size());
    List<double[][]> xs = new ArrayList<>();
    List<double[]> ys = new ArrayList<>();
    for (int t = 0; t < inputs.length; t++) {
      sw.add(t, inputs[t], targets[t]);
      if (sw.trainingReady()) {
        xs.add(sw.trainingInputs());
        ys.add(sw.trainingTargets(new double[spec.targetSteps() * spec.targets().size()]));
      }
    }
    return new Dataset(xs.toArray(new double[0][][]), ys.toArray(new double[0][]));
  }

  private static int width(double[][] data, String name) {
    if (data.length == 0) {
      throw new IllegalArgumentException(name + " must have at least one row");
    }
    int w = data[0].length;
    for (int i = 1; i < data.length; i++) {
      if (data[i].length != w) {
        throw new IllegalArgumentException(name + " rows must all have " + w + " columns; row " + i + " has "
            + data[i].length);
      }
    }
    return w;
  }
}
