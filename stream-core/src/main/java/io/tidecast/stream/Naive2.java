package io.tidecast.stream;

/**
 * The M4 competition's Naive2 benchmark: the naive forecast of the seasonally adjusted series, re-seasonalised.
 * Seasonal adjustment is classical multiplicative decomposition (R {@code decompose(type = "multiplicative")})
 * and is applied only when the series is seasonal by the M4 90% autocorrelation test at lag {@code m}.
 */
public final class Naive2 {
  private Naive2() {
  }

  /**
   * M4's test (R benchmark code, {@code SeasonalityTest}): at least {@code 3m} values and
   * {@code |r_m| > 1.645 sqrt((1 + 2 sum_{k<m} r_k^2) / n)}, with {@code r_k} the sample autocorrelation
   * {@code sum_{t>=k} (y_t - mean)(y_{t-k} - mean) / sum_t (y_t - mean)^2}. (The M4 Python code leaves {@code r_1}
   * unsquared; this follows the R code and the textbook limit.)
   */
  public static boolean isSeasonal(double[] y, int m) {
    int n = y.length;
    if (m < 2 || n < 3 * m) {
      return false;
    }
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= n;
    double den = 0;
    for (double v : y) {
      den += (v - mean) * (v - mean);
    }
    if (den == 0) {
      return false;
    }
    double sumSq = 0;
    double rm = 0;
    for (int k = 1; k <= m; k++) {
      double num = 0;
      for (int t = k; t < n; t++) {
        num += (y[t] - mean) * (y[t - k] - mean);
      }
      double r = num / den;
      if (k < m) {
        sumSq += r * r;
      } else {
        rm = r;
      }
    }
    return Math.abs(rm) > 1.645 * Math.sqrt((1 + 2 * sumSq) / n);
  }

  /**
   * Multiplicative seasonal indices by phase {@code t % m} (mean 1): the centred moving average of order
   * {@code m} (2 x m for even m) is the trend, {@code y / trend} averaged per phase over the points where the
   * trend is defined, then divided by the mean of the {@code m} averages.
   */
  public static double[] seasonalIndices(double[] y, int m) {
    int half = m / 2;
    if (y.length < m + 2 * half) {
      throw new IllegalArgumentException("decomposition needs at least " + (m + 2 * half) + " values for period "
          + m + "; got " + y.length);
    }
    double[] sum = new double[m];
    int[] count = new int[m];
    for (int t = half; t < y.length - half; t++) {
      double trend = 0;
      if (m % 2 == 0) {
        trend = 0.5 * y[t - half] + 0.5 * y[t + half];
        for (int j = t - half + 1; j < t + half; j++) {
          trend += y[j];
        }
      } else {
        for (int j = t - half; j <= t + half; j++) {
          trend += y[j];
        }
      }
      trend /= m;
      sum[t % m] += y[t] / trend;
      count[t % m]++;
    }
    double mean = 0;
    double[] s = new double[m];
    for (int p = 0; p < m; p++) {
      s[p] = sum[p] / count[p];
      mean += s[p] / m;
    }
    for (int p = 0; p < m; p++) {
      s[p] /= mean;
    }
    return s;
  }

  /** Naive2 forecast of steps {@code 1..h} after {@code y}; plain naive when the series is not seasonal. */
  public static double[] forecast(double[] y, int h, int m) {
    int n = y.length;
    double[] f = new double[h];
    if (!isSeasonal(y, m)) {
      java.util.Arrays.fill(f, y[n - 1]);
      return f;
    }
    double[] s = seasonalIndices(y, m);
    double level = y[n - 1] / s[(n - 1) % m];
    for (int i = 0; i < h; i++) {
      f[i] = level * s[(n + i) % m];
    }
    return f;
  }
}
