package io.tidecast.models.callbacks;

import io.tidecast.models.optimizers.Optimizer;
import java.util.Map;

/**
 * Keras {@code ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=10, mode="auto",
 * min_delta=1e-4, cooldown=0, min_lr=0)}: multiplies the learning rate by {@code factor} (not below
 * {@code min_lr}) after {@code patience} epochs without improvement, then waits {@code cooldown} epochs.
 *
 * <p>As in Keras: improvement means {@code current < best - min_delta} (min mode) or
 * {@code current > best + min_delta} (max mode); {@code auto} is max only when the monitor's name contains
 * {@code "acc"}. During cooldown the counter decrements and {@code wait} stays 0. The current rate is
 * logged as {@code learning_rate} every epoch.
 */
public class ReduceLROnPlateau extends Callback {
  private String monitor = "val_loss";
  private double factor = 0.1;
  private int patience = 10;
  private int verbose;
  private String mode = "auto";
  private double minDelta = 1e-4;
  private int cooldown;
  private double minLr;

  private boolean maximize;
  private double best;
  private int wait;
  private int cooldownCounter;

  public ReduceLROnPlateau() {
    reset();
  }

  public ReduceLROnPlateau monitor(String monitor) {
    this.monitor = monitor;
    reset();
    return this;
  }

  public ReduceLROnPlateau factor(double factor) {
    if (!(factor < 1.0)) {
      throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0. Received factor="
          + factor);
    }
    this.factor = factor;
    return this;
  }

  public ReduceLROnPlateau patience(int patience) {
    this.patience = patience;
    return this;
  }

  public ReduceLROnPlateau verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  public ReduceLROnPlateau mode(String mode) {
    this.mode = Monitor.checkMode(mode);
    reset();
    return this;
  }

  /** Used as given (Keras does not take its absolute value here). */
  public ReduceLROnPlateau minDelta(double minDelta) {
    this.minDelta = minDelta;
    return this;
  }

  public ReduceLROnPlateau cooldown(int cooldown) {
    this.cooldown = cooldown;
    return this;
  }

  public ReduceLROnPlateau minLr(double minLr) {
    this.minLr = minLr;
    return this;
  }

  public double best() {
    return best;
  }

  public int waitCount() {
    return wait;
  }

  public int cooldownCounter() {
    return cooldownCounter;
  }

  private void reset() {
    maximize = !(mode.equals("min") || (mode.equals("auto") && !monitor.contains("acc")));
    best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    cooldownCounter = 0;
    wait = 0;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    reset();
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Optimizer o = LrControl.optimizer(model(), "ReduceLROnPlateau");
    logs.put("learning_rate", LrControl.current(o));
    Double current = logs.get(monitor);
    if (current == null) {
      System.err.println("WARNING: Learning rate reduction is conditioned on metric `" + monitor + "` which is not "
          + "available. Available metrics are: " + String.join(",", logs.keySet()) + ".");
      return;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    if (maximize ? current > best + minDelta : current < best - minDelta) {
      best = current;
      wait = 0;
    } else if (cooldownCounter <= 0) {
      wait++;
      if (wait >= patience) {
        double old = LrControl.current(o);
        if (old > (float) minLr) {
          double lr = Math.max(old * factor, minLr);
          LrControl.set(o, lr);
          if (verbose > 0) {
            System.out.println("\nEpoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to "
                + PyFormat.repr(lr) + ".");
          }
          cooldownCounter = cooldown;
          wait = 0;
        }
      }
    }
  }
}
