package io.tidecast.models.examples;

import io.tidecast.models.History;
import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Activation;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.optimizers.SGD;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Port of the Keras Q&A seed: classify 2-step sequences by whether their values are above 50, with data
 * shaped {@code (100, 2, 1)} = (samples, timesteps, features) — the shape the seed's author got wrong by
 * feeding {@code (100, 1, 2)}. Values are divided by 100 before training: unscaled inputs saturate the
 * LSTM's gates (the model warns when it sees them).
 *
 * <pre>
 * model.add(LSTM(10, input_shape=(2, 1)))
 * model.add(Dense(2)); model.add(Activation('softmax'))
 * model.compile(loss='categorical_crossentropy', optimizer=SGD(), metrics=['accuracy'])
 * model.fit(data, y, batch_size=50, epochs=300)
 * </pre>
 */
public final class ThresholdClassification {
  private ThresholdClassification() {
  }

  public record Result(INDArray x, INDArray y, Sequential model, History history, double[] scores) {
  }

  public static Result run(int epochs, long dataSeed) {
    int n = 100;
    SplittableRandom r = new SplittableRandom(dataSeed);
    double[] data = new double[n * 2];
    double[] labels = new double[n * 2];
    for (int i = 0; i < n; i++) {
      boolean above = i % 2 == 0;
      for (int t = 0; t < 2; t++) {
        double v = above ? 50 + r.nextDouble() * 50 : r.nextDouble() * 50;
        data[i * 2 + t] = v / 100.0;
      }
      labels[i * 2 + (above ? 1 : 0)] = 1.0;
    }
    INDArray x = Nd4j.create(data, new long[] {n, 2, 1}, 'c');
    INDArray y = Nd4j.create(labels, new long[] {n, 2}, 'c');

    Sequential model = new Sequential();
    model.add(new LSTM(10).inputShape(2, 1));
    model.add(new Dense(2));
    model.add(new Activation("softmax"));
    model.compile(new SGD(), "categorical_crossentropy", "accuracy");
    History h = model.fit(x, y, epochs, 50, 0);
    return new Result(x, y, model, h, model.evaluate(x, y));
  }

  public static void main(String[] args) {
    Result res = run(300, 7);
    System.out.print(res.model().summary());
    System.out.printf("loss %.4f accuracy %.4f%n", res.scores()[0], res.scores()[1]);
    System.out.println("classes of the first 6 samples: " + res.model().predictClasses(res.x()).get(
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6)));
  }
}
