package io.tidecast.models.examples;

import io.tidecast.models.FitOptions;
import io.tidecast.models.History;
import io.tidecast.models.Sequential;
import io.tidecast.models.callbacks.Callback;
import io.tidecast.models.data.DataUtils;
import io.tidecast.models.data.Split;
import io.tidecast.models.data.StandardScaler;
import io.tidecast.models.layers.Dense;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Port of the Keras tutorial on bank customer churn ({@code Churn_Modelling.csv}): 11 features (two
 * geography dummies, credit score, gender, age, tenure, balance, products, has card, active member, salary),
 * scaled, into an MLP that predicts whether the customer leaves. The CSV is not bundled, so {@link #data}
 * draws a synthetic table of the same shape and roughly the same distributions (about 20% churn; older,
 * German, inactive customers and those with 3-4 products leave more).
 *
 * <pre>
 * X_train = sc.fit_transform(X_train); X_test = sc.transform(X_test)
 * classifier = Sequential()
 * classifier.add(Dense(6, kernel_initializer='uniform', activation='relu', input_dim=11))
 * classifier.add(Dense(6, kernel_initializer='uniform', activation='relu'))
 * classifier.add(Dense(1, kernel_initializer='uniform', activation='sigmoid'))
 * classifier.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
 * classifier.fit(X_train, y_train, batch_size=10, epochs=100)
 * y_pred = classifier.predict(X_test) > 0.5
 * </pre>
 */
public final class Churn {
  public static final int FEATURES = 11;

  private Churn() {
  }

  /**
   * The trained model, its history, held-out accuracy, the held-out share of the majority class (what
   * always answering "stays" scores) and the confusion matrix {@code [[tn, fp], [fn, tp]]}.
   */
  public record Result(Sequential model, History history, double testAccuracy, double majorityRate,
      long[][] confusion) {
  }

  /** {@code rows} customers, {@code (rows, 11)} features and {@code (rows, 1)} exited labels. */
  public static INDArray[] data(int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[rows * FEATURES];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      double geo = r.nextDouble();
      double germany = geo >= 0.5 && geo < 0.75 ? 1 : 0;
      double spain = geo >= 0.75 ? 1 : 0;
      double credit = clip(650 + 97 * r.nextGaussian(), 350, 850);
      double male = r.nextDouble() < 0.55 ? 1 : 0;
      double age = Math.rint(clip(38 + 10 * r.nextGaussian(), 18, 92));
      double tenure = r.nextInt(11);
      double balance = r.nextDouble() < 0.36 ? 0 : Math.max(0, 120_000 + 30_000 * r.nextGaussian());
      double p = r.nextDouble();
      double products = p < 0.50 ? 1 : p < 0.96 ? 2 : p < 0.99 ? 3 : 4;
      double card = r.nextDouble() < 0.7 ? 1 : 0;
      double active = r.nextDouble() < 0.51 ? 1 : 0;
      double salary = 200_000 * r.nextDouble();
      // sharper than the real data (which tops out near 86% accuracy), so a short run shows the learning
      double logit = 2.5 * (-0.3 + 0.09 * (age - 38) + 0.9 * germany - 0.5 * male - 1.1 * active
          + 3e-6 * (balance - 76_000) - 0.001 * (credit - 650)
          + (products == 2 ? -1.4 : products == 3 ? 2.5 : products == 4 ? 4.0 : 0.2));
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      double[] row = {germany, spain, credit, male, age, tenure, balance, products, card, active, salary};
      System.arraycopy(row, 0, x, i * FEATURES, FEATURES);
    }
    return new INDArray[] {Nd4j.create(x, new long[] {rows, FEATURES}, 'c'), Nd4j.create(y, new long[] {rows, 1}, 'c')};
  }

  private static double clip(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** The tutorial's classifier, compiled. */
  public static Sequential model() {
    Sequential m = new Sequential();
    m.add(new Dense(6, "relu").kernelInitializer("uniform").inputShape(FEATURES));
    m.add(new Dense(6, "relu").kernelInitializer("uniform"));
    m.add(new Dense(1, "sigmoid").kernelInitializer("uniform"));
    m.compile("adam", "binary_crossentropy", "accuracy");
    return m;
  }

  /** Trains on 80% of {@code rows} synthetic customers and scores the other 20%. */
  public static Result run(int rows, int epochs, int batchSize, Callback... callbacks) {
    INDArray[] d = data(rows, 2024);
    Split s = DataUtils.trainTestSplit(d[0], d[1], 0.2, true, 0);
    StandardScaler sc = new StandardScaler().fit(s.xTrain());
    INDArray xTrain = sc.transform(s.xTrain());
    INDArray xTest = sc.transform(s.xTest());
    Sequential m = model();
    History h = m.fit(xTrain, s.yTrain(), new FitOptions().epochs(epochs).batchSize(batchSize).verbose(0)
        .validationData(xTest, s.yTest()).callbacks(callbacks));
    double[] p = m.predict(xTest).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    double[] t = s.yTest().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    long[][] cm = new long[2][2];
    long positives = 0;
    for (int i = 0; i < t.length; i++) {
      int truth = (int) t[i];
      cm[truth][p[i] > 0.5 ? 1 : 0]++;
      positives += truth;
    }
    double acc = (cm[0][0] + cm[1][1]) / (double) t.length;
    double majority = Math.max(positives, t.length - positives) / (double) t.length;
    return new Result(m, h, acc, majority, cm);
  }

  public static void main(String[] args) {
    Result r = run(10_000, 40, 10);
    System.out.print(r.model().summary());
    System.out.printf("held-out accuracy %.4f (always 'stays': %.4f)%n", r.testAccuracy(), r.majorityRate());
    System.out.printf("confusion matrix [[tn, fp], [fn, tp]]: [[%d, %d], [%d, %d]]%n", r.confusion()[0][0],
        r.confusion()[0][1], r.confusion()[1][0], r.confusion()[1][1]);
  }
}
