package io.tidecast.models.optimizers;

import io.tidecast.models.optimizers.schedules.LearningRateSchedule;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Keras {@code keras.optimizers.get}: an optimizer with Keras defaults, by name (case-insensitive). */
public final class Optimizers {
  private static final List<String> NAMES =
      List.of("sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "adamw");

  private Optimizers() {
  }

  public static Optimizer get(String name) {
    if (name == null) {
      throw new IllegalArgumentException("Optimizer name is null. Use one of " + NAMES);
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "sgd":
        return new SGD();
      case "adam":
        return new Adam();
      case "rmsprop":
        return new RMSprop();
      case "adagrad":
        return new Adagrad();
      case "adadelta":
        return new Adadelta();
      case "adamax":
        return new Adamax();
      case "nadam":
        return new Nadam();
      case "adamw":
        return new AdamW();
      default:
        throw new IllegalArgumentException("Unknown optimizer '" + name + "'. Use one of " + NAMES);
    }
  }

  /** The names {@link #get} accepts. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Keras {@code keras.optimizers.deserialize}: an optimizer from its class name and {@code get_config()}
   * (as saved models hold them). {@code learning_rate} may be a number or a schedule's
   * {@code {class_name, config}}; missing keys take Keras defaults.
   */
  public static Optimizer fromConfig(String className, Map<String, ?> c) {
    Object lrValue = c.get("learning_rate");
    LearningRateSchedule schedule = null;
    if (lrValue instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) lrValue;
      Object cfg = m.get("config");
      @SuppressWarnings("unchecked")
      Map<String, ?> sc = cfg instanceof Map ? (Map<String, ?>) cfg : Map.of();
      schedule = LearningRateSchedule.fromConfig(String.valueOf(m.get("class_name")), sc);
    } else if (lrValue != null && !(lrValue instanceof Number)) {
      throw new IllegalArgumentException("Optimizer learning_rate must be a number or a schedule, got " + lrValue);
    }
    // with a schedule the constant rate is unused until setLearningRate; Keras keeps only the schedule
    double lr = lrValue instanceof Number ? ((Number) lrValue).doubleValue()
        : schedule != null ? schedule.learningRate(0) : Double.NaN;
    Optimizer o;
    switch (className) {
      case "SGD":
        o = new SGD(or(lr, 0.01), num(c, "momentum", 0.0), bool(c, "nesterov"));
        break;
      case "Adam":
        o = new Adam(or(lr, 0.001), num(c, "beta_1", 0.9), num(c, "beta_2", 0.999), num(c, "epsilon", 1e-7),
            bool(c, "amsgrad")).tfjsEpsilon(bool(c, "tfjs_epsilon"));
        break;
      case "AdamW":
        o = new AdamW(or(lr, 0.001), num(c, "weight_decay", 0.004), num(c, "beta_1", 0.9),
            num(c, "beta_2", 0.999), num(c, "epsilon", 1e-7), bool(c, "amsgrad"));
        break;
      case "RMSprop":
        o = new RMSprop(or(lr, 0.001), num(c, "rho", 0.9), num(c, "momentum", 0.0), num(c, "epsilon", 1e-7),
            bool(c, "centered"));
        break;
      case "Adagrad":
        o = new Adagrad(or(lr, 0.001), num(c, "initial_accumulator_value", 0.1), num(c, "epsilon", 1e-7));
        break;
      case "Adadelta":
        o = new Adadelta(or(lr, 0.001), num(c, "rho", 0.95), num(c, "epsilon", 1e-7));
        break;
      case "Adamax":
        o = new Adamax(or(lr, 0.001), num(c, "beta_1", 0.9), num(c, "beta_2", 0.999), num(c, "epsilon", 1e-7));
        break;
      case "Nadam":
        o = new Nadam(or(lr, 0.001), num(c, "beta_1", 0.9), num(c, "beta_2", 0.999), num(c, "epsilon", 1e-7));
        break;
      default:
        throw new IllegalArgumentException("Unknown optimizer class '" + className
            + "'. Known: [SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, Nadam]");
    }
    if (schedule != null) {
      o.learningRateSchedule(schedule);
    }
    if (c.get("weight_decay") instanceof Number && !className.equals("AdamW")) {
      o.weightDecay(((Number) c.get("weight_decay")).doubleValue());
    }
    if (c.get("clipnorm") instanceof Number) {
      o.clipnorm(((Number) c.get("clipnorm")).doubleValue());
    }
    if (c.get("global_clipnorm") instanceof Number) {
      o.globalClipnorm(((Number) c.get("global_clipnorm")).doubleValue());
    }
    if (c.get("clipvalue") instanceof Number) {
      o.clipvalue(((Number) c.get("clipvalue")).doubleValue());
    }
    return o;
  }

  private static double or(double v, double dflt) {
    return Double.isNaN(v) ? dflt : v;
  }

  private static double num(Map<String, ?> c, String key, double dflt) {
    Object v = c.get(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number)) {
      throw new IllegalArgumentException("Optimizer config needs a number for '" + key + "', got " + v);
    }
    return ((Number) v).doubleValue();
  }

  private static boolean bool(Map<String, ?> c, String key) {
    return Boolean.TRUE.equals(c.get(key));
  }
}
