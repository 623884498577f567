package io.tidecast.models.examples;

import io.tidecast.models.History;
import io.tidecast.models.Regularizer;
import io.tidecast.models.Sequential;
import io.tidecast.models.data.DataUtils;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.Dropout;
import io.tidecast.models.optimizers.RMSprop;
import io.tidecast.models.regularizers.L1;
import io.tidecast.models.regularizers.L2;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Port of Keras's {@code mnist_mlp.py}, 784 → 512 → 512 → 10 (669,706 parameters, as Keras's summary
 * says), in four variants: plain, with the script's {@code Dropout(0.2)} after each hidden layer, and with
 * an L1 or L2 {@code kernel_regularizer} on the hidden layers.
 *
 * <pre>
 * model = Sequential()
 * model.add(Dense(512, activation='relu', input_shape=(784,)))
 * model.add(Dropout(0.2))
 * model.add(Dense(512, activation='relu'))
 * model.add(Dropout(0.2))
 * model.add(Dense(num_classes, activation='softmax'))
 * model.compile(loss='categorical_crossentropy', optimizer=RMSprop(), metrics=['accuracy'])
 * </pre>
 *
 * MNIST is not bundled, so {@link #data} draws MNIST-shaped digits: per class a fixed pattern of three
 * blurred strokes on a 28×28 grid, shifted by up to two pixels per sample, with noise, values in [0, 1].
 */
public final class MnistMlp {
  public enum Variant { PLAIN, DROPOUT, L1, L2 }

  public static final int PIXELS = 28 * 28;
  public static final int CLASSES = 10;

  private MnistMlp() {
  }

  public record Result(Variant variant, Sequential model, History history, double testAccuracy) {
  }

  /** {@code (n, 784)} images and {@code (n, 10)} one-hot labels. */
  public static INDArray[] data(int n, long seed) {
    SplittableRandom classes = new SplittableRandom(99); // the same digit patterns for every data set
    double[][][] strokes = new double[CLASSES][3][3]; // per class 3 blobs: row, col, width
    for (double[][] c : strokes) {
      for (double[] s : c) {
        s[0] = 6 + classes.nextDouble() * 16;
        s[1] = 6 + classes.nextDouble() * 16;
        s[2] = 1.5 + classes.nextDouble() * 2.5;
      }
    }
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n * PIXELS];
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(CLASSES);
      labels[i] = c;
      int dr = r.nextInt(5) - 2;
      int dc = r.nextInt(5) - 2;
      for (int p = 0; p < PIXELS; p++) {
        int row = p / 28 - dr;
        int col = p % 28 - dc;
        double v = 0;
        for (double[] s : strokes[c]) {
          double d2 = (row - s[0]) * (row - s[0]) + (col - s[1]) * (col - s[1]);
          v += Math.exp(-d2 / (2 * s[2] * s[2]));
        }
        v += 0.1 * r.nextGaussian();
        x[i * PIXELS + p] = Math.max(0, Math.min(1, v));
      }
    }
    INDArray y = DataUtils.toCategorical(Nd4j.create(labels, new long[] {n}, 'c'), CLASSES);
    return new INDArray[] {Nd4j.create(x, new long[] {n, PIXELS}, 'c'), y};
  }

  /** The script's model in the given variant, compiled with RMSprop. */
  public static Sequential model(Variant v) {
    Regularizer reg = v == Variant.L1 ? new L1(1e-3) : v == Variant.L2 ? new L2(1e-2) : null;
    Sequential m = new Sequential().name("mnist_mlp_" + v.name().toLowerCase(java.util.Locale.ROOT));
    m.add(new Dense(512, "relu").kernelRegularizer(reg).inputShape(PIXELS));
    if (v == Variant.DROPOUT) {
      m.add(new Dropout(0.2));
    }
    m.add(new Dense(512, "relu").kernelRegularizer(reg));
    if (v == Variant.DROPOUT) {
      m.add(new Dropout(0.2));
    }
    m.add(new Dense(CLASSES, "softmax"));
    m.compile(new RMSprop(), "categorical_crossentropy", "accuracy");
    return m;
  }

  public static Result run(Variant v, int trainSize, int epochs, int batchSize) {
    INDArray[] train = data(trainSize, 1);
    INDArray[] test = data(Math.max(100, trainSize / 4), 2);
    Sequential m = model(v);
    History h = m.fit(train[0], train[1], epochs, batchSize, 0);
    return new Result(v, m, h, m.evaluate(test[0], test[1])[1]);
  }

  public static void main(String[] args) {
    System.out.print(model(Variant.DROPOUT).summary());
    for (Variant v : Variant.values()) {
      Result r = run(v, 600, 2, 32);
      System.out.printf("%-8s params %,d  train loss %.4f  held-out accuracy %.4f%n", v, r.model().countParams(),
          r.history().last("loss"), r.testAccuracy());
    }
  }
}
