package io.tidecast.stream;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The global model's online learner: one {@link GlobalNetwork} for all keys, fed events of many keys at once.
 *
 * <p>Per event (predict, then learn): the key's normalisation takes the new value, its carried recurrent state
 * advances one step and the head forecasts the next H steps. Every {@code trainEvery} steps a key's next training
 * segment (K steps whose H-step targets are all known) is cut from its recent values; when
 * {@code batchSegments} new segments are waiting, they are learned from in one batched truncated-BPTT step,
 * together with {@code replay} segments per new one drawn from a bounded buffer shared by all keys.
 *
 * <p>The outcome depends only on the sequence of events, not on how it is split into calls: each key's step is
 * computed row by row, and training happens at points of the sequence (when the batch fills), which a call
 * boundary never moves. Not thread-safe.
 */
public final class GlobalLearner {
  private final GlobalConfig cfg;
  private final GlobalNetwork net;
  private final int lags;
  private final int tbptt;
  private final int horizon;
  private final int period;
  private final GlobalSegment[] buffer;
  private int bufferNext;
  private int bufferSize;
  private final List<GlobalSegment> pending = new ArrayList<>();
  private final Rng rng;
  private long updates;
  /** Keys this learner has taken a first value of: an update waits for at most this many new segments. */
  private long keysSeen;
  private long refused;
  private double lastLoss = Double.NaN;
  private final float[] x;
  private final float[] out;

  /** Receives each accepted event's forecast of the next H values (null when it could not be made). */
  @FunctionalInterface
  public interface Sink {
    void accept(Event e, GlobalKeyState state, double[] forecast);
  }

  public GlobalLearner(GlobalConfig cfg) {
    this.cfg = cfg;
    this.net = new GlobalNetwork(cfg);
    this.lags = cfg.lags();
    this.tbptt = cfg.tbptt();
    this.horizon = cfg.horizon();
    this.period = cfg.period();
    this.buffer = new GlobalSegment[cfg.bufferSegments()];
    this.rng = new Rng(cfg.seed() * 0x9E3779B97F4A7C15L + 7);
    this.x = new float[lags];
    this.out = new float[horizon];
  }

  public GlobalConfig config() {
    return cfg;
  }

  public GlobalKeyState newState(String key) {
    return newState(key, 0);
  }

  /** A fresh key whose first {@code warmupTargets} values are not scored. */
  public GlobalKeyState newState(String key, long warmupTargets) {
    return new GlobalKeyState(key, cfg, warmupTargets, cfg.ensemble());
  }

  public long updates() {
    return updates;
  }

  public long refusedUpdates() {
    return refused;
  }

  public double lastLoss() {
    return lastLoss;
  }

  public long paramCount() {
    return net.countParams();
  }

  /**
   * Learns from {@code events} (any keys; each key's in event-time order) and hands each accepted event's forecast
   * to {@code sink}. Events not after their key's newest one, and values the normalisation cannot take (not
   * finite, or not positive), are skipped.
   */
  public void learn(List<Event> events, Function<String, GlobalKeyState> states, Sink sink) {
    int n = events.size();
    int i = 0;
    List<GlobalKeyState> wave = new ArrayList<>();
    List<Event> waveEvents = new ArrayList<>();
    List<GlobalKeyState> ready = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    while (i < n) {
      wave.clear();
      waveEvents.clear();
      ready.clear();
      keys.clear();
      // a wave: events of distinct keys up to the one that fills the training batch
      while (i < n) {
        Event e = events.get(i);
        if (keys.contains(e.key())) {
          break;
        }
        i++;
        GlobalKeyState s = states.apply(e.key());
        if (!observe(s, e)) {
          continue;
        }
        keys.add(e.key());
        wave.add(s);
        waveEvents.add(e);
        if (s.cursor + tbptt + horizon <= s.steps - 1) {
          ready.add(s);
          if (pending.size() + ready.size() >= batchTrigger()) {
            break;
          }
        }
      }
      for (int j = 0; j < wave.size(); j++) {
        GlobalKeyState s = wave.get(j);
        sink.accept(waveEvents.get(j), s, forecast(s));
      }
      for (GlobalKeyState s : ready) {
        GlobalSegment seg = cut(s);
        pending.add(seg);
        buffer[bufferNext] = seg;
        bufferNext = (bufferNext + 1) % buffer.length;
        bufferSize = Math.min(bufferSize + 1, buffer.length);
      }
      if (pending.size() >= batchTrigger()) {
        train();
      }
    }
  }

  /**
   * New segments that make an update: {@code batchSegments}, or fewer while fewer keys are known, so one key
   * alone still updates the network every {@code trainEvery} steps.
   */
  private int batchTrigger() {
    return (int) Math.max(1, Math.min(cfg.batchSegments(), keysSeen));
  }

  /** Takes the event's value into the key's normalisation; false if the event cannot be learned from. */
  private boolean observe(GlobalKeyState s, Event e) {
    if (e.timestamp() <= s.lastTimestamp) {
      return false;
    }
    double y = e.value(0);
    if (!Double.isFinite(y)) {
      return false;
    }
    EsNormalizer nz = s.norm;
    if (nz.mode == 0 || nz.mode == EsNormalizer.LOG && !(y > 0)) {
      byte mode = switch (cfg.normalization()) {
        case "log" -> EsNormalizer.LOG;
        case "linear" -> EsNormalizer.LINEAR;
        default -> y > 0 ? EsNormalizer.LOG : EsNormalizer.LINEAR;
      };
      if (mode == EsNormalizer.LOG && !(y > 0)) {
        return false;
      }
      if (nz.mode != 0) {
        s.restart();
      }
      nz.reset(mode);
    }
    if (s.steps > 0) {
      s.interval = e.timestamp() - s.lastTimestamp;
    }
    if (s.lastTimestamp == Long.MIN_VALUE) {
      keysSeen++;
    }
    s.lastTimestamp = e.timestamp();
    s.evaluator.observe(y);
    if (s.ensemble != null) {
      s.ensemble.observe(y, true);
    }
    long t = s.steps;
    s.ring[(int) (t % s.ring.length)] = nz.observe(t, y, cfg.alpha(), cfg.gamma());
    s.steps++;
    return true;
  }

  /** Advances the key's carried state by its newest step and returns the forecast of the next H values. */
  private double[] forecast(GlobalKeyState s) {
    long t = s.steps - 1;
    EsNormalizer nz = s.norm;
    for (int l = 0; l < lags; l++) {
      x[l] = GlobalNetwork.input(s.e(t - lags + 1 + l), nz.level, nz.scale);
    }
    net.step(x, s.live, out);
    double[] v = new double[horizon];
    for (int h = 0; h < horizon; h++) {
      v[h] = nz.unz(out[h] * nz.scale + nz.level + nz.seasonalAt(t + 1 + h));
      if (!Double.isFinite(v[h])) {
        return null;
      }
    }
    if (s.ensemble != null) {
      s.ensemble.combine(v);
    }
    s.evaluator.forecast(v);
    return v;
  }

  /** Cuts the key's next training segment and moves its cursor {@code trainEvery} steps on. */
  private GlobalSegment cut(GlobalKeyState s) {
    long first = s.cursor + 1;
    float[] values = new float[lags + tbptt + horizon - 1];
    for (int q = 0; q < values.length; q++) {
      values[q] = s.e(first - lags + 1 + q);
    }
    double[] levels = new double[tbptt];
    double[] scales = new double[tbptt];
    double lv = s.cursorLevel;
    double sc = s.cursorScale;
    boolean linear = s.norm.mode == EsNormalizer.LINEAR;
    for (int j = 0; j < tbptt; j++) {
      float e = values[lags - 1 + j];
      if (linear) {
        sc = EsNormalizer.scaleStep(first + j, sc, lv, e, cfg.alpha());
      }
      lv = EsNormalizer.levelStep(first + j, lv, e, cfg.alpha());
      levels[j] = lv;
      scales[j] = sc;
    }
    GlobalSegment seg = new GlobalSegment(s.cursorState.clone(), levels, scales, values);
    int stride = cfg.trainEvery();
    for (int j = 0; j < stride; j++) {
      for (int l = 0; l < lags; l++) {
        x[l] = GlobalNetwork.input(values[j + l], levels[j], scales[j]);
      }
      net.advance(x, s.cursorState);
    }
    s.cursorLevel = levels[stride - 1];
    s.cursorScale = scales[stride - 1];
    s.cursor += stride;
    return seg;
  }

  private void train() {
    List<GlobalSegment> batch = new ArrayList<>(pending.size() * (1 + cfg.replay()));
    batch.addAll(pending);
    int draws = pending.size() * cfg.replay();
    for (int d = 0; d < draws; d++) {
      batch.add(buffer[(int) rng.nextLong(bufferSize)]);
    }
    pending.clear();
    double loss = net.train(batch);
    if (Double.isNaN(loss)) {
      refused++;
    } else {
      updates++;
      lastLoss = loss;
    }
  }
}
