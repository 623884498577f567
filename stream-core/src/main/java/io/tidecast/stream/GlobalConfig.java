package io.tidecast.stream;

/**
 * Settings of the global model (one network for every key). Each key keeps its own normalisation and carried
 * recurrent state; the network learns by truncated BPTT from batches of segments of many keys.
 *
 * @param horizon forecast steps H
 * @param period seasonal period m of the per-key normalisation, in events (1 = none)
 * @param lags L: the per-step input is the key's last L normalised values
 * @param units LSTM units U
 * @param hidden units of the head's hidden layer on [h, input]; 0 = a linear head
 * @param tbptt K: steps per training segment (truncated BPTT length)
 * @param trainEvery S: a key yields a new training segment every S steps, so each step is learned K/S times
 * @param replay segments replayed from the shared buffer per new segment
 * @param bufferSegments capacity of the shared replay buffer, in segments
 * @param batchSegments new segments that trigger one optimizer step (with their replays)
 * @param learningRate Adam learning rate
 * @param clipnorm global gradient norm clip, 0 = none
 * @param alpha level smoothing of the normalisation
 * @param gamma seasonal smoothing of the normalisation
 * @param normalization {@code log} (values must be positive; others are skipped), {@code linear}, or {@code auto}:
 *     log for a key whose values have all been positive, linear from its first value that is not (the key then
 *     starts over)
 * @param ensemble emit the online combination of the network with naive, seasonal naive and Holt-Winters
 * @param seed seeds the weights and the replay draws
 */
public record GlobalConfig(int horizon, int period, int lags, int units, int hidden, int tbptt, int trainEvery,
    int replay, int bufferSegments, int batchSegments, double learningRate, double clipnorm, double alpha,
    double gamma, String normalization, boolean ensemble, long seed) {

  public GlobalConfig {
    check(horizon >= 1, "horizon must be >= 1");
    check(period >= 1, "period must be >= 1");
    check(lags >= 1, "lags must be >= 1");
    check(units >= 1, "units must be >= 1");
    check(hidden >= 0, "hidden must be >= 0");
    check(tbptt >= 1, "tbptt must be >= 1");
    check(trainEvery >= 1 && trainEvery <= tbptt, "train_every must be in [1, tbptt]");
    check(replay >= 0, "replay must be >= 0");
    check(bufferSegments >= 1, "buffer must hold at least one segment");
    check(batchSegments >= 1, "batch must be >= 1 segment");
    check(learningRate > 0, "learning rate must be > 0");
    check(alpha > 0 && alpha <= 1 && gamma >= 0 && gamma <= 1, "alpha must be in (0, 1], gamma in [0, 1]");
    check(java.util.List.of("auto", "log", "linear").contains(normalization),
        "normalization must be auto, log or linear; got '" + normalization + "'");
  }

  /**
   * What a user gets for horizon H and seasonal period m (chosen on the M4 hourly validation runs in
   * BENCHMARKS.md): 168 lags, LSTM(64), a 64-unit head, TBPTT over 24 steps every 4 steps, 4 replayed segments per
   * new one from a buffer of 32,768, an update per 104 new segments, Adam 0.003 with global clipnorm 1, level and
   * seasonal smoothing 0.05 and 0.1, automatic normalisation, no forecast ensemble (on M4 it made the network's
   * forecasts worse: see BENCHMARKS.md).
   */
  public static GlobalConfig defaults(int horizon, int period) {
    return new GlobalConfig(horizon, period, 168, 64, 64, 24, 4, 4, 32_768, 104, 0.003, 1.0, 0.05, 0.1, "auto",
        false, 42);
  }

  /**
   * The throughput budget: 48 lags, LSTM(16), a linear head, TBPTT over 8 steps every 8 steps, no replay, an update
   * per 64 new segments: each observed step is learned from once.
   */
  public static GlobalConfig throughput(int horizon, int period) {
    return new GlobalConfig(horizon, period, 48, 16, 0, 8, 8, 0, 1, 64, 0.003, 1.0, 0.05, 0.1, "auto", false, 42);
  }

  private static void check(boolean ok, String msg) {
    if (!ok) {
      throw new IllegalArgumentException(msg);
    }
  }

  /** Observed steps each training uses, per event: {@code K/S (1 + replay)}. */
  public double gradientUsesPerEvent() {
    return (double) tbptt / trainEvery * (1 + replay);
  }
}
