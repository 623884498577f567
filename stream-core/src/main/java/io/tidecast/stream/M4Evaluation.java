package io.tidecast.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores forecasts of M4-format series as the M4 competition does: per series sMAPE
 * {@code 200/h sum |y - yhat| / (|y| + |yhat|)} and MASE (MAE over the in-sample MAE of the seasonal naive at lag
 * {@code m}), averaged over the series; OWA is {@code (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2) / 2} over those
 * means, so Naive2 scores 1 and lower is better.
 */
public final class M4Evaluation {
  private M4Evaluation() {
  }

  /** Forecasts steps {@code 1..h} after {@code history}; null when it cannot (the series is then forecast by Naive2). */
  @FunctionalInterface
  public interface Method {
    double[] forecast(double[] history, int h);
  }

  /** A {@link Forecaster} per series: it learns the history value by value; null when it cannot forecast yet. */
  public static Method of(java.util.function.Supplier<Forecaster> fresh) {
    return (history, h) -> {
      Forecaster f = fresh.get();
      for (double y : history) {
        f.learnOne(y);
      }
      double[] out = f.forecast(new double[h]);
      for (double v : out) {
        if (Double.isNaN(v)) {
          return null;
        }
      }
      return out;
    };
  }

  /** Dataset means; {@code fallbacks} counts series the forecaster could not forecast (Naive2 stood in). */
  public record Result(int series, double smape, double mase, double owa, double naive2Smape, double naive2Mase,
      int fallbacks) {
    /** {@code {"series":N,"smape":…,"mase":…,"owa":…,"naive2":{"smape":…,"mase":…},"fallbacks":…}}. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("series", series);
      m.put("smape", smape);
      m.put("mase", mase);
      m.put("owa", owa);
      Map<String, Object> n2 = new LinkedHashMap<>();
      n2.put("smape", naive2Smape);
      n2.put("mase", naive2Mase);
      m.put("naive2", n2);
      m.put("fallbacks", fallbacks);
      return m;
    }
  }

  public static Result evaluate(List<M4Series> data, int h, int m, Method forecaster) {
    return evaluate(data, h, m, forecaster, 1, null);
  }

  /**
   * As {@link #evaluate(List, int, int, Method)} with the series forecast on {@code threads} threads (the
   * forecaster must then be safe to call concurrently, as {@link #online} is: a fresh learner per series), and
   * {@code progress} (may be null) advanced per series. The scores are summed in the data's order, so the result
   * is the same for any number of threads, bit for bit.
   */
  public static Result evaluate(List<M4Series> data, int h, int m, Method forecaster, int threads,
      Progress progress) {
    if (data.isEmpty()) {
      throw new IllegalArgumentException("no series to evaluate");
    }
    if (h < 1 || m < 1) {
      throw new IllegalArgumentException("horizon and seasonality must be >= 1; got " + h + ", " + m);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1; got " + threads);
    }
    double[] scale = new double[data.size()];
    for (int i = 0; i < data.size(); i++) {
      M4Series s = data.get(i);
      if (s.test().length < h) {
        throw new IllegalArgumentException("series " + s.id() + " has " + s.test().length + " test values; the "
            + "horizon is " + h);
      }
      scale[i] = maseScale(s, m); // checked before the long part starts
    }
    double[][] forecasts = forecastAll(data, h, forecaster, threads, progress);
    double smape = 0;
    double mase = 0;
    double n2Smape = 0;
    double n2Mase = 0;
    int fallbacks = 0;
    for (int i = 0; i < data.size(); i++) {
      M4Series s = data.get(i);
      double[] naive2 = Naive2.forecast(s.train(), h, m);
      double[] f = forecasts[i];
      if (f == null) {
        fallbacks++;
        f = naive2;
      } else if (f.length != h) {
        throw new IllegalStateException("forecaster gave " + f.length + " steps for series " + s.id() + "; expected "
            + h);
      }
      smape += smape(s.test(), f, h);
      mase += mae(s.test(), f, h) / scale[i];
      n2Smape += smape(s.test(), naive2, h);
      n2Mase += mae(s.test(), naive2, h) / scale[i];
    }
    int n = data.size();
    smape /= n;
    mase /= n;
    n2Smape /= n;
    n2Mase /= n;
    return new Result(n, smape, mase, (smape / n2Smape + mase / n2Mase) / 2, n2Smape, n2Mase, fallbacks);
  }

  private static double[][] forecastAll(List<M4Series> data, int h, Method forecaster, int threads,
      Progress progress) {
    double[][] out = new double[data.size()][];
    if (threads == 1) {
      for (int i = 0; i < out.length; i++) {
        out[i] = forecaster.forecast(data.get(i).train(), h);
        if (progress != null) {
          progress.advance(1);
        }
      }
      return out;
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "tidecast-m4");
      t.setDaemon(true);
      return t;
    });
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < out.length; i++) {
        int k = i;
        done.add(pool.submit(() -> {
          out[k] = forecaster.forecast(data.get(k).train(), h);
          if (progress != null) {
            progress.advance(1);
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** In-sample MAE of the seasonal naive at lag {@code m}: {@code mean_{t>=m} |y_t - y_{t-m}|}. */
  static double maseScale(M4Series s, int m) {
    double[] y = s.train();
    if (y.length <= m) {
      throw new IllegalArgumentException("series " + s.id() + " has " + y.length + " values; MASE at lag " + m
          + " needs more than " + m);
    }
    double sum = 0;
    for (int t = m; t < y.length; t++) {
      sum += Math.abs(y[t] - y[t - m]);
    }
    if (sum == 0) {
      throw new IllegalArgumentException("series " + s.id() + " repeats itself exactly at lag " + m + ", so its MASE "
          + "scale is 0 and MASE is undefined");
    }
    return sum / (y.length - m);
  }

  private static double smape(double[] y, double[] f, int h) {
    double s = 0;
    for (int i = 0; i < h; i++) {
      s += ErrorStats.smape(y[i], f[i]);
    }
    return s / h;
  }

  private static double mae(double[] y, double[] f, int h) {
    double s = 0;
    for (int i = 0; i < h; i++) {
      s += Math.abs(y[i] - f[i]);
    }
    return s / h;
  }

  /**
   * Tidecast as an M4 forecaster: a fresh {@link OnlineLearner} per series learns online (predict, then learn)
   * through the history, one event per value, and its forecast from the last value is the answer; null when the
   * series is too short for one window.
   */
  public static Method online(LearnerConfig cfg) {
    NetworkForecaster.check(cfg);
    return (history, h) -> {
      if (h != cfg.window().horizon()) {
        throw new IllegalArgumentException("the learner forecasts " + cfg.window().horizon() + " steps; asked for "
            + h);
      }
      return of(() -> new NetworkForecaster(cfg)).forecast(history, h);
    };
  }
}
