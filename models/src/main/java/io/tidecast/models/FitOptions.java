package io.tidecast.models;

import io.tidecast.models.callbacks.Callback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The keyword arguments of Keras {@code fit}, with Keras defaults:
 * {@code new FitOptions().epochs(300).batchSize(50).validationSplit(0.1).callbacks(cb)}.
 */
public final class FitOptions {
  int epochs = 1;
  int batchSize = 32;
  int verbose = 1;
  double validationSplit = 0.0;
  INDArray validationX;
  INDArray validationY;
  boolean shuffle = true;
  int initialEpoch = 0;
  final List<Callback> callbacks = new ArrayList<>();

  public FitOptions epochs(int epochs) {
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
    }
    this.epochs = epochs;
    return this;
  }

  public FitOptions batchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch_size must be a positive integer, got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /** 0 = silent, 1 = progress bar, 2 = one line per epoch. */
  public FitOptions verbose(int verbose) {
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
    }
    this.verbose = verbose;
    return this;
  }

  /** Fraction of the data, taken from the end before shuffling (as Keras does), held out for validation. */
  public FitOptions validationSplit(double split) {
    if (!(split >= 0 && split < 1)) {
      throw new IllegalArgumentException("validation_split must be in [0, 1), got " + split);
    }
    this.validationSplit = split;
    return this;
  }

  public FitOptions validationData(INDArray x, INDArray y) {
    this.validationX = x;
    this.validationY = y;
    return this;
  }

  public FitOptions shuffle(boolean shuffle) {
    this.shuffle = shuffle;
    return this;
  }

  public FitOptions initialEpoch(int initialEpoch) {
    if (initialEpoch < 0) {
      throw new IllegalArgumentException("initial_epoch must be >= 0, got " + initialEpoch);
    }
    this.initialEpoch = initialEpoch;
    return this;
  }

  public FitOptions callbacks(Callback... callbacks) {
    this.callbacks.addAll(Arrays.asList(callbacks));
    return this;
  }

  public FitOptions callbacks(List<? extends Callback> callbacks) {
    this.callbacks.addAll(callbacks);
    return this;
  }
}
