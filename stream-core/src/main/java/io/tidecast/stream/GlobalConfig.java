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
