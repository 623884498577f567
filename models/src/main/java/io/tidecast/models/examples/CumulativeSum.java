package io.tidecast.models.examples;

import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Bidirectional;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.TimeDistributed;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Port of the "Bidirectional LSTM for sequence classification" tutorial: each step of a random sequence of
 * 10 values in [0, 1) is labelled 1 once the cumulative sum passes 10/4, else 0. A Bidirectional LSTM reads
 * the sequence both ways and {@code TimeDistributed(Dense(1, sigmoid))} classifies every step. Trained on one
 * fresh sequence per step, as the tutorial.
 *
 * <pre>
 * model = Sequential()
 * model.add(Bidirectional(LSTM(20, return_sequences=True), input_shape=(10, 1)))
 * model.add(TimeDistributed(Dense(1, activation='sigmoid')))
 * model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
 * for epoch in range(1000):
 *     X, y = get_sequence(10)
 *     model.fit(X, y, epochs=1, batch_size=1, verbose=2)
 * </pre>
 */
public final class CumulativeSum {
  static final int STEPS = 10;

  private CumulativeSum() {
  }

  /** The trained model and its {@code [loss, accuracy]} on {@code testSequences} fresh sequences. */
  public record Result(Sequential model, double[] scores) {
  }

  /** {@code [x (n, 10, 1), y (n, 10, 1)]}: random values and their cumulative-sum labels. */
  public static INDArray[] sequences(SplittableRandom r, int n) {
    double[] x = new double[n * STEPS];
    double[] y = new double[n * STEPS];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int s = 0; s < STEPS; s++) {
        x[i * STEPS + s] = r.nextDouble();
        sum += x[i * STEPS + s];
        y[i * STEPS + s] = sum < STEPS / 4.0 ? 0 : 1;
      }
    }
    return new INDArray[] {Nd4j.create(x, new long[] {n, STEPS, 1}, 'c'), Nd4j.create(y, new long[] {n, STEPS, 1}, 'c')};
  }

  public static Result run(int sequences, int testSequences) {
    SplittableRandom r = new SplittableRandom(1);
    Sequential model = new Sequential();
    model.add(new Bidirectional(new LSTM(20).returnSequences(true)).inputShape(STEPS, 1));
    model.add(new TimeDistributed(new Dense(1, "sigmoid")));
    model.compile("adam", "binary_crossentropy", "accuracy");
    for (int i = 0; i < sequences; i++) {
      INDArray[] d = sequences(r, 1);
      model.trainOnBatch(d[0], d[1]);
    }
    INDArray[] test = sequences(r, testSequences);
    return new Result(model, model.evaluate(test[0], test[1]));
  }

  public static void main(String[] args) {
    Result r = run(1000, 100);
    System.out.print(r.model().summary());
    System.out.printf("test loss %.4f, accuracy %.4f%n", r.scores()[0], r.scores()[1]);
  }
}
