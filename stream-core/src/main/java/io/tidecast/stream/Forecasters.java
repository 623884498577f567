package io.tidecast.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The forecasters by name, for backtests and evaluations; a new one is its class plus one {@link #register} line. */
public final class Forecasters {
  /** Makes a forecaster for a series of seasonal period {@code m}; {@code network} is the learner's config. */
  @FunctionalInterface
  public interface Factory {
    Forecaster create(int m, LearnerConfig network);
  }

  private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

  static {
    register("naive", (m, c) -> new NaiveForecaster());
    register("seasonal_naive", (m, c) -> new SeasonalNaiveForecaster(m));
    register("holt_winters", (m, c) -> new HoltWinters(m));
    register("naive2", (m, c) -> new Naive2Forecaster(m));
    register("network", (m, c) -> new NetworkForecaster(c.toBuilder().seasonality(m).build()));
  }

  private Forecasters() {
  }

  public static synchronized void register(String name, Factory factory) {
    FACTORIES.put(name, factory);
  }

  public static synchronized List<String> names() {
    return List.copyOf(FACTORIES.keySet());
  }

  /** A fresh forecaster {@code name} for a series of seasonal period {@code m} (the network: of {@code network}). */
  public static synchronized Forecaster create(String name, int m, LearnerConfig network) {
    Factory f = FACTORIES.get(name);
    if (f == null) {
      throw new IllegalArgumentException("no forecaster '" + name + "'; known: " + String.join(", ", FACTORIES.keySet()));
    }
    return f.create(m, network);
  }
}
