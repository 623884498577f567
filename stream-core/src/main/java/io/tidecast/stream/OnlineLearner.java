package io.tidecast.stream;

import io.tidecast.models.layers.Tensor;
import java.util.List;

/**
 * The prequential online learner: for each key's events in event-time order it (1) scores earlier forecasts
 * against the new value (model, naive and seasonal-naive baselines), (2) updates the key's scalers, (3) when a
 * window's targets have become known, trains one step on a mini-batch of that window plus windows replayed
 * from the key's recent history, and (4) forecasts the next {@code horizon} steps from the newest window.
 *
 * <p>One learner serves many keys: it owns a single compute model and loads each key's {@link ModelState}
 * into it (or, with {@code sharedModel}, keeps one model for all keys). A key's output depends only on its
 * {@link KeyState} and events, so runs are bit-for-bit repeatable, whatever the key interleaving.
 *
 * <p>Its parts: {@link EventRows} turns an event into the model's row, {@link Network} is the compute model keys'
 * weights are loaded into, {@link ForecastEmitter} turns the network's output into scored forecasts; this class
 * keeps the order of things per event and assembles the training batches.
 *
 * <p>Guards: events not after their key's newest one are refused ({@link #isLate}), so the key's inferred step
 * between events is always > 0; non-finite inputs are dropped (counted), a non-finite or exploding loss and an
 * update that would overflow are refused so the model keeps its last good weights (counted as rollbacks),
 * gradients are clipped by norm by default, and a non-finite forecast is never emitted. Not thread-safe: one per
 * operator instance.
 */
public final class OnlineLearner implements KeyedLearner<KeyState> {
  private static final int LOSS_WARMUP_STEPS = 20;
  private static final double LOSS_EMA_ALPHA = 0.05;
  private static final long SEED_MIX = 0x2545F4914F6CDD1DL;

  private final LearnerConfig cfg;
  private final LearnerMetrics metrics;
  private final WindowSpec modelWindow;
  private final Network network;
  private final EventRows rows;
  private final ForecastEmitter emitter;
  private final int t;
  private final int f;
  private final int nOut;
  private final int steps;
  private final int outputs;
  private final boolean recursive;
  private final boolean differencing;
  private final int period;
  private final double[] winBuf;
  private final double[] tgtBuf;
  private final boolean stateful;
  private final int stateSize;
  private final int ringRows;

  public OnlineLearner(LearnerConfig cfg) {
    this(cfg, LearnerMetrics.noop(cfg.window().horizon()));
  }

  public OnlineLearner(LearnerConfig cfg, LearnerMetrics metrics) {
    this.cfg = cfg;
    this.metrics = metrics;
    WindowSpec w = cfg.window();
    this.modelWindow = new WindowSpec(w.timesteps(), w.stride(), w.samplingRate(), w.horizon(),
        cfg.modelInputNames(), cfg.modelTargetNames(), w.strategy());
    this.t = w.timesteps();
    this.f = cfg.inputFeatures();
    this.nOut = w.targets().size();
    this.steps = w.horizon();
    this.outputs = cfg.outputs();
    this.recursive = w.strategy() == WindowSpec.Strategy.RECURSIVE;
    if (recursive && (w.samplingRate() != 1 || !w.inputs().equals(w.targets()))) {
      throw new IllegalArgumentException("the recursive strategy needs sampling_rate 1 and inputs equal to "
          + "targets (each forecast step is fed back as the next input); use strategy direct");
    }
    this.network = new Network(cfg);
    this.stateful = cfg.stateful();
    this.stateSize = network.stateSize;
    this.ringRows = modelWindow.span() + modelWindow.targetSteps() + 1;
    this.rows = new EventRows(cfg);
    this.emitter = new ForecastEmitter(cfg, metrics, rows.targetInInput);
    this.differencing = cfg.seasonalDifference();
    this.period = cfg.seasonality();
    this.winBuf = new double[t * f];
    this.tgtBuf = new double[outputs];
  }

  public LearnerConfig config() {
    return cfg;
  }

  @Override
  public LearnerMetrics metrics() {
    return metrics;
  }

  /** Model parameters (weights) per key. */
  public long paramCount() {
    return network.model.countParams();
  }

  /** Keras-style summary of the model every key trains. */
  public String modelSummary() {
    return network.model.summary();
  }

  /** Learns the bundle event by event (each key's model is its own, so any bundling gives the same forecasts). */
  @Override
  public void learn(List<Event> events, List<KeyState> states, ForecastSink out) {
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      for (Forecast f : onEvent(states.get(i), e)) {
        out.forecast(e, f);
      }
    }
  }

  /** Whether each key's state carries a model of its own (see {@link KeyStates}). */
  public boolean modelPerKey() {
    return !cfg.sharedModel();
  }

  @Override
  public long newestTimestamp(KeyState s) {
    return s.lastTimestamp();
  }

  /** Successful training steps of the shared model (see {@link #sharedState()}); 0 with per-key models. */
  @Override
  public long sharedVersion() {
    return sharedVersion;
  }

  private long sharedVersion;

  /** Fresh state for {@code key}; its model is seeded from the configured seed and the key. */
  @Override
  public KeyState newState(String key) {
    long keySeed = cfg.seed() ^ Rng.hash(key) * SEED_MIX;
    PrequentialEvaluator[] ev = new PrequentialEvaluator[nOut];
    for (int i = 0; i < nOut; i++) {
      ev[i] = new PrequentialEvaluator(steps, cfg.seasonality(), cfg.warmupTargets());
    }
    ModelState ms = cfg.sharedModel() ? null : ModelState.capture(Network.build(cfg, keySeed));
    metrics.addLiveKeys(1);
    KeyState s = new KeyState(key, new SlidingWindow(modelWindow, cfg.replayRows() - modelWindow.span()
        - modelWindow.targetSteps()), newScaler(f), newScaler(nOut), ev, ms, new Rng(keySeed + 1));
    if (stateful) {
      s.carried = new float[stateSize];
      s.stateRing = new float[ringRows * stateSize];
    }
    s.ensembles = newEnsembles();
    return s;
  }

  private ForecastEnsemble[] newEnsembles() {
    if (!cfg.ensemble()) {
      return null;
    }
    ForecastEnsemble[] e = new ForecastEnsemble[nOut];
    for (int j = 0; j < nOut; j++) {
      e[j] = new ForecastEnsemble(steps, period);
    }
    return e;
  }

  /** A state restored from an older format, or written under another config, gets a fresh ensemble (or none). */
  private void fitEnsembles(KeyState s) {
    ForecastEnsemble[] e = s.ensembles;
    if (cfg.ensemble() != (e != null)
        || e != null && (e.length != nOut || e[0].horizon() != steps || e[0].seasonalPeriod() != period)) {
      s.ensembles = newEnsembles();
    }
  }

  private Scaler newScaler(int n) {
    return "minmax".equals(cfg.scaler()) ? new OnlineMinMaxScaler(n) : new OnlineStandardScaler(n);
  }

  /**
   * True when {@code e} is not after the newest accepted event of its key (older, or at the same time): it cannot
   * join the key's windows. A repeat of the newest time is refused too: learning it would count one instant twice
   * and make the key's inferred step zero.
   */
  public boolean isLate(KeyState s, Event e) {
    return s.window.count() > 0 && e.timestamp() <= s.window.lastTimestamp();
  }

  /**
   * Processes the key's next event and returns the forecasts made from it: one per target when a window ends at
   * this event, none otherwise. Late events (see {@link #isLate}) and non-finite ones are dropped and counted,
   * never thrown.
   */
  public List<Forecast> onEvent(KeyState s, Event e) {
    return onEvent(s, e, true);
  }

  /**
   * {@link #onEvent(KeyState, Event)}; with {@code learn} false the key's model and scalers stay as they are (a
   * frozen model: the event only joins the window, is scored and forecast from).
   */
  public List<Forecast> onEvent(KeyState s, Event e, boolean learn) {
    if (!s.key.equals(e.key())) {
      throw new IllegalArgumentException("event of key '" + e.key() + "' given the state of key '" + s.key + "'");
    }
    if (isLate(s, e)) {
      metrics.late();
      return List.of();
    }
    if (!rows.project(e)) {
      metrics.dropped("non_finite");
      return List.of();
    }
    metrics.eventsIn.increment();
    long ts = e.timestamp();
    if (s.window.count() > 0) {
      s.interval = ts - s.window.lastTimestamp(); // > 0: isLate refused the rest
    }
    rows.derive(s.window);
    s.window.add(ts, rows.in, rows.target);
    s.events++;
    fitEnsembles(s);
    for (int j = 0; j < nOut; j++) {
      s.evaluators[j].observe(rows.out[j], j == 0 ? metrics::scored : null);
      if (s.ensembles != null) {
        s.ensembles[j].observe(rows.out[j], learn);
      }
    }
    if (learn && (!differencing || s.window.count() > period)) {
      s.inScaler.update(rows.in);
      s.outScaler.update(rows.target);
    }

    if (learn && s.window.trainingReady() && trainable(s) && ++s.labelled >= cfg.trainEvery()) {
      s.labelled = 0;
      train(s);
    }
    if (stateful) {
      return step(s, ts);
    }
    if (!s.window.inputReady()) {
      return List.of();
    }
    return forecast(s, ts);
  }

  // ---- training ------------------------------------------------------------------------------------------

  /** Labelled windows that may be trained on: with differencing, only those whose rows all have a difference. */
  private long replayable(KeyState s) {
    long all = s.window.replayable();
    if (!differencing) {
      return all;
    }
    // window back b starts at row count-1-shift-b-(span-1); it must be >= period
    long newestStart = s.window.count() - modelWindow.targetSteps() - modelWindow.span();
    return Math.max(0, Math.min(all, newestStart - period + 1));
  }

  private boolean trainable(KeyState s) {
    return replayable(s) > 0;
  }

  private void train(KeyState s) {
    long start = System.nanoTime();
    long avail = replayable(s);
    // stateful: only the newest window has its starting state saved, so it is trained alone
    int n = stateful ? 1 : (int) Math.min(cfg.batchSize(), avail);
    Tensor x = new Tensor(n, t, f);
    Tensor y = new Tensor(n, outputs);
    for (int b = 0; b < n; b++) {
      // the newest labelled window always, the rest drawn from the key's recent history
      long back = b == 0 ? 0 : 1 + s.rng.nextLong(avail - 1);
      s.window.replayWindow(back, winBuf, tgtBuf);
      scaleInputs(s, winBuf, x.data, b * t * f);
      for (int k = 0; k < outputs; k++) {
        y.data[b * outputs + k] = s.outScaler.transform(k % nOut, tgtBuf[k]);
      }
    }
    network.loadForTraining(s);
    if (stateful) {
      // the window covers rows e-span+1..e (e = newest-shift); it starts from the state after row e-span
      long before = s.window.count() - 1 - modelWindow.targetSteps() - modelWindow.span();
      if (before >= 0) {
        network.setStates(s.stateRing, (int) (before % ringRows) * stateSize);
      } else {
        network.setStates(new float[stateSize], 0);
      }
    }
    double loss = network.model.computeGradients(x, y);
    boolean ok = Double.isFinite(loss)
        && !(s.lossCount >= LOSS_WARMUP_STEPS && loss > cfg.explodeFactor() * s.lossEma)
        && network.model.optimizer().apply(network.model.weights());
    if (!ok) {
      s.rollbacks++;
      metrics.rollbacks.increment();
      return;
    }
    s.version++;
    if (s.model == null) {
      sharedVersion++;
    }
    s.lossEma = s.lossCount == 0 ? loss : s.lossEma + LOSS_EMA_ALPHA * (loss - s.lossEma);
    s.lossCount++;
    network.trained(s);
    metrics.trained(loss, System.nanoTime() - start);
  }

  private void scaleInputs(KeyState s, double[] raw, double[] dst, int off) {
    for (int k = 0; k < t; k++) {
      for (int j = 0; j < f; j++) {
        dst[off + k * f + j] = s.inScaler.transform(j, raw[k * f + j]);
      }
    }
  }

  // ---- forecasting ---------------------------------------------------------------------------------------

  /** Stateful: advance the key's recurrent state by the newest row, and forecast once a window is complete. */
  private List<Forecast> step(KeyState s, long ts) {
    long start = System.nanoTime();
    network.load(s);
    Tensor x = new Tensor(1, 1, f);
    for (int j = 0; j < f; j++) {
      x.data[j] = s.inScaler.transform(j, s.window.input(0, j));
    }
    network.setStates(s.carried, 0);
    double[] scaled = network.predict(x).data.clone();
    network.captureStates(s.carried, 0);
    System.arraycopy(s.carried, 0, s.stateRing, (int) ((s.window.count() - 1) % ringRows) * stateSize, stateSize);
    if (!s.window.inputReady()) {
      return List.of();
    }
    return emitter.emit(s, ts, scaled, start);
  }

  private List<Forecast> forecast(KeyState s, long ts) {
    long start = System.nanoTime();
    network.load(s);
    Tensor x = new Tensor(1, t, f);
    scaleInputs(s, s.window.inputWindow(winBuf), x.data, 0);
    double[] scaled = new double[steps * nOut];
    if (recursive) {
      for (int h = 0; h < steps; h++) {
        double[] p = network.predict(x).data;
        System.arraycopy(p, 0, scaled, h * nOut, nOut);
        System.arraycopy(x.data, f, x.data, 0, (t - 1) * f);
        // inputs equal targets in the recursive strategy: the scaled forecast is the next scaled input
        for (int j = 0; j < nOut; j++) {
          x.data[(t - 1) * f + j] = s.inScaler.transform(j, s.outScaler.inverseTransform(j, p[j]));
        }
      }
    } else {
      System.arraycopy(network.predict(x).data, 0, scaled, 0, scaled.length);
    }
    return emitter.emit(s, ts, scaled, start);
  }

  // ---- shared model ----------------------------------------------------------------------------------------

  /** With {@code sharedModel}: the one model's {@link ModelState} blob; null otherwise. */
  @Override
  public byte[] sharedState() {
    return cfg.sharedModel() ? ModelState.capture(network.model).toBytes() : null;
  }

  /** With {@code sharedModel}: restores the one model; a per-key learner shares nothing and ignores it. */
  @Override
  public void restoreSharedState(byte[] state) {
    if (cfg.sharedModel()) {
      restoreSharedModel(ModelState.fromBytes(state));
    }
  }

  /** With {@code sharedModel}: the one model's state, for the runtime to checkpoint. */
  public ModelState sharedModelState() {
    requireShared();
    return ModelState.capture(network.model);
  }

  /** With {@code sharedModel}: restores the one model from a checkpoint. */
  public void restoreSharedModel(ModelState state) {
    requireShared();
    state.loadInto(network.model);
  }

  private void requireShared() {
    if (!cfg.sharedModel()) {
      throw new IllegalStateException("this learner keeps one model per key (sharedModel is false)");
    }
  }
}
