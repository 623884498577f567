package io.tidecast.models.optimizers;

/**
 * Keras 3 {@code AdamW(learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
 * amsgrad=False)}: Adam plus decoupled weight decay {@code w -= w * weight_decay * lr}, which the
 * {@link Optimizer} base applies before the Adam step. Note Keras' argument order: weight_decay is second.
 */
public class AdamW extends Adam {
  public AdamW() {
    this(0.001);
  }

  public AdamW(double learningRate) {
    this(learningRate, 0.004);
  }

  public AdamW(double learningRate, double weightDecay) {
    this(learningRate, weightDecay, 0.9, 0.999, 1e-7, false);
  }

  public AdamW(double learningRate, double weightDecay, double beta1, double beta2) {
    this(learningRate, weightDecay, beta1, beta2, 1e-7, false);
  }

  public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
    this(learningRate, weightDecay, beta1, beta2, epsilon, false);
  }

  public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
      boolean amsgrad) {
    super(learningRate, beta1, beta2, epsilon, amsgrad);
    weightDecay(weightDecay);
  }
}
