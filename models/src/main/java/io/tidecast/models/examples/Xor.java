package io.tidecast.models.examples;

import io.tidecast.models.History;
import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.optimizers.Adam;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * XOR with a small MLP, Dense 8 → 4 → 1:
 *
 * <pre>
 * model = Sequential([Dense(8, activation='tanh', input_shape=(2,)), Dense(4, activation='tanh'),
 *                     Dense(1, activation='sigmoid')])
 * model.compile(optimizer=Adam(0.05), loss='binary_crossentropy', metrics=['accuracy'])
 * model.fit(X, y, epochs=300, batch_size=4, verbose=0)
 * </pre>
 */
public final class Xor {
  private Xor() {
  }

  public record Result(INDArray x, INDArray y, Sequential model, History history, double[] scores) {
  }

  public static Result run(int epochs) {
    INDArray x = Nd4j.create(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, new long[] {4, 2}, 'c');
    INDArray y = Nd4j.create(new double[] {0, 1, 1, 0}, new long[] {4, 1}, 'c');
    Sequential model = new Sequential(
        new Dense(8, "tanh").inputShape(2),
        new Dense(4, "tanh"),
        new Dense(1, "sigmoid"));
    model.compile(new Adam(0.05), "binary_crossentropy", "accuracy");
    History h = model.fit(x, y, epochs, 4, 0);
    return new Result(x, y, model, h, model.evaluate(x, y));
  }

  public static void main(String[] args) {
    Result r = run(300);
    System.out.printf("loss %.4f accuracy %.2f%n", r.scores()[0], r.scores()[1]);
    System.out.println(r.model().predict(r.x()));
  }
}
