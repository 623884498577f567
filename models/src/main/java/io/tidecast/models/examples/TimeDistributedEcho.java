package io.tidecast.models.examples;

import io.tidecast.models.History;
import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.TimeDistributed;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Port of the "TimeDistributed layer" tutorial (many-to-many, encoder-decoder head): an LSTM returns its whole
 * sequence and {@code TimeDistributed(Dense(1))} emits one value per step, learning to echo 0.0, 0.2, ..., 0.8
 * given as one sample {@code (1, 5, 1)}.
 *
 * <pre>
 * model = Sequential()
 * model.add(LSTM(5, input_shape=(5, 1), return_sequences=True))
 * model.add(TimeDistributed(Dense(1)))
 * model.compile(loss='mean_squared_error', optimizer='adam')
 * model.fit(X, y, epochs=1000, batch_size=1, verbose=2)
 * </pre>
 */
public final class TimeDistributedEcho {
  private TimeDistributedEcho() {
  }

  /** Data, model, history and predictions of one run. */
  public record Result(INDArray x, Sequential model, History history, INDArray predictions) {
  }

  public static Result run(int epochs) {
    int length = 5;
    double[] seq = new double[length];
    for (int i = 0; i < length; i++) {
      seq[i] = i / (double) length;
    }
    INDArray x = Nd4j.create(seq, new long[] {1, length, 1}, 'c');
    INDArray y = Nd4j.create(seq, new long[] {1, length, 1}, 'c');

    Sequential model = new Sequential();
    model.add(new LSTM(length).inputShape(length, 1).returnSequences(true));
    model.add(new TimeDistributed(new Dense(1)));
    model.compile("adam", "mean_squared_error");
    History h = model.fit(x, y, epochs, 1, 0);
    return new Result(x, model, h, model.predict(x, 1));
  }

  public static void main(String[] args) {
    Result r = run(1000);
    System.out.print(r.model().summary());
    System.out.printf("final loss %.6f%n", r.history().last("loss"));
    for (int i = 0; i < r.x().size(1); i++) {
      System.out.printf("%.1f -> %.3f%n", r.x().getDouble(0, i, 0), r.predictions().getDouble(0, i, 0));
    }
  }
}
