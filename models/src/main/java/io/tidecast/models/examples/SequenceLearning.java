package io.tidecast.models.examples;

import io.tidecast.models.History;
import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.LSTM;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Port of the "sequence learning" tutorial: an LSTM learns to echo the sequence 0.0, 0.1, ..., 0.9, one value
 * per sample shaped {@code (samples=10, timesteps=1, features=1)}.
 *
 * <pre>
 * model = Sequential()
 * model.add(LSTM(10, input_shape=(1, 1)))
 * model.add(Dense(1))
 * model.compile(loss='mean_squared_error', optimizer='adam')
 * model.fit(X, y, epochs=1000, batch_size=10, verbose=0)
 * </pre>
 */
public final class SequenceLearning {
  private SequenceLearning() {
  }

  /** Data, model, history and predictions of one run. */
  public record Result(INDArray x, INDArray y, Sequential model, History history, INDArray predictions) {
  }

  public static Result run(int epochs) {
    int length = 10;
    double[] seq = new double[length];
    for (int i = 0; i < length; i++) {
      seq[i] = i / (double) length;
    }
    INDArray x = Nd4j.create(seq, new long[] {length, 1, 1}, 'c');
    INDArray y = Nd4j.create(seq, new long[] {length, 1}, 'c');

    Sequential model = new Sequential();
    model.add(new LSTM(10).inputShape(1, 1));
    model.add(new Dense(1));
    model.compile("adam", "mean_squared_error");
    History h = model.fit(x, y, epochs, length, 0);
    return new Result(x, y, model, h, model.predict(x));
  }

  public static void main(String[] args) {
    Result r = run(1000);
    System.out.print(r.model().summary());
    System.out.printf("final loss %.6f%n", r.history().last("loss"));
    for (int i = 0; i < r.x().size(0); i++) {
      System.out.printf("%.1f -> %.3f%n", r.y().getDouble(i, 0), r.predictions().getDouble(i, 0));
    }
  }
}
