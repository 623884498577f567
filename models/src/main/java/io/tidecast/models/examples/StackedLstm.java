package io.tidecast.models.examples;

import io.tidecast.models.History;
import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.LSTM;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stacked LSTMs: the first returns its whole sequence so the second sees every timestep.
 *
 * <pre>
 * model.add(LSTM(32, return_sequences=True, input_shape=(5, 3)))
 * model.add(LSTM(8))
 * model.add(Dense(1))
 * model.compile(loss='mse', optimizer='adam')
 * </pre>
 * The target is the mean of the last timestep's features, so there is something to learn.
 */
public final class StackedLstm {
  private StackedLstm() {
  }

  public record Result(Sequential model, History history) {
  }

  public static Result run(int epochs) {
    int n = 64;
    SplittableRandom r = new SplittableRandom(3);
    double[] xs = new double[n * 5 * 3];
    double[] ys = new double[n];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = r.nextDouble() * 2 - 1;
    }
    for (int i = 0; i < n; i++) {
      int last = (i * 5 + 4) * 3;
      ys[i] = (xs[last] + xs[last + 1] + xs[last + 2]) / 3.0;
    }
    INDArray x = Nd4j.create(xs, new long[] {n, 5, 3}, 'c');
    INDArray y = Nd4j.create(ys, new long[] {n, 1}, 'c');
    Sequential model = new Sequential();
    model.add(new LSTM(32).returnSequences(true).inputShape(5, 3));
    model.add(new LSTM(8));
    model.add(new Dense(1));
    model.compile("adam", "mse");
    History h = model.fit(x, y, epochs, 16, 0);
    return new Result(model, h);
  }

  public static void main(String[] args) {
    Result r = run(50);
    System.out.print(r.model().summary());
    System.out.println("loss per epoch: " + r.history().history().get("loss"));
  }
}
