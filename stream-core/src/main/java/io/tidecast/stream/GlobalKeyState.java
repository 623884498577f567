package io.tidecast.stream;

/**
 * What one key keeps under the global model: its normalisation (log-space level and seasonal indices), the
 * recent normalised values its inputs and training segments are built from, the network's recurrent state
 * carried to its newest step, and the training cursor (the state at the start of its next training segment).
 * Everything else (the weights, the replay buffer) is shared by the learner.
 */
public final class GlobalKeyState {
  final String key;
  /** Accepted observations. */
  long steps;
  /** The newest accepted event's time; {@code Long.MIN_VALUE} before any. */
  long lastTimestamp = Long.MIN_VALUE;
  long interval;
  final EsNormalizer norm;
  /** Deseasonalised values e(t) (see {@link EsNormalizer}) at {@code t % ring.length}. */
  final float[] ring;
  /** [h, c] after the newest step. */
  final float[] live;
  /** The step whose state {@link #cursorState} is (the next segment starts after it); -1 before any. */
  long cursor = -1;
  final float[] cursorState;
  double cursorLevel;
  double cursorScale = 1;

  final PrequentialEvaluator evaluator;
  /** The combination with the classical forecasts, or null. */
  ForecastEnsemble ensemble;

  GlobalKeyState(String key, GlobalConfig cfg, long warmupTargets, boolean ensemble) {
    this.key = key;
    this.evaluator = new PrequentialEvaluator(cfg.horizon(), cfg.period(), warmupTargets);
    this.ensemble = ensemble ? new ForecastEnsemble(cfg.horizon(), cfg.period()) : null;
    this.norm = new EsNormalizer(cfg.period());
    this.ring = new float[cfg.lags() + cfg.tbptt() + cfg.horizon()];
    this.live = new float[2 * cfg.units()];
    this.cursorState = new float[2 * cfg.units()];
  }

  public String key() {
    return key;
  }

  public long steps() {
    return steps;
  }

  /** The prequential scores of this key's emitted forecasts (and of naive and seasonal naive). */
  public PrequentialEvaluator evaluator() {
    return evaluator;
  }

  /** Starts the key over (its normalisation changes mode): no values, zero states. */
  void restart() {
    steps = 0;
    cursor = -1;
    cursorLevel = 0;
    cursorScale = 1;
    java.util.Arrays.fill(live, 0f);
    java.util.Arrays.fill(cursorState, 0f);
  }

  /** e(t); NaN before the key's first observation. */
  float e(long t) {
    return t < 0 ? Float.NaN : ring[(int) (t % ring.length)];
  }

  // ---- codec ----

  static final int VERSION = 1;

  public void writeTo(StateWriter w) {
    w.writeHeader(StateTags.GLOBAL_KEY_STATE, VERSION);
    w.writeString(key);
    w.writeVarLong(steps).writeLong(lastTimestamp).writeLong(interval);
    w.writeByte(norm.mode).writeDouble(norm.level).writeDouble(norm.scale).writeFloats(norm.seasonal);
    w.writeFloats(ring).writeFloats(live);
    w.writeLong(cursor).writeFloats(cursorState).writeDouble(cursorLevel).writeDouble(cursorScale);
    evaluator.writeTo(w);
    w.writeBoolean(ensemble != null);
    if (ensemble != null) {
      ensemble.writeTo(w);
    }
  }

  /** Reads {@link #writeTo} output into a state shaped for {@code cfg}; a blob of another shape is refused. */
  public static GlobalKeyState readFrom(StateReader r, GlobalConfig cfg) {
    r.readHeader(StateTags.GLOBAL_KEY_STATE, VERSION);
    String key = r.readString();
    long steps = r.readVarLong();
    long last = r.readLong();
    long interval = r.readLong();
    int mode = r.readByte();
    double level = r.readDouble();
    double scale = r.readDouble();
    float[] seasonal = r.readFloats();
    float[] ring = r.readFloats();
    float[] live = r.readFloats();
    long cursor = r.readLong();
    float[] cursorState = r.readFloats();
    double cursorLevel = r.readDouble();
    double cursorScale = r.readDouble();
    PrequentialEvaluator ev = PrequentialEvaluator.readFrom(r);
    ForecastEnsemble ens = r.readBoolean() ? ForecastEnsemble.readFrom(r) : null;
    GlobalKeyState s = new GlobalKeyState(key, cfg, ev);
    StateReader.check(steps >= 0 && interval >= 0 && cursor >= -1 && cursor < Math.max(steps, 1)
        && mode >= 0 && mode <= EsNormalizer.LINEAR, "GlobalKeyState counters");
    StateReader.check(seasonal.length == s.norm.seasonal.length && ring.length == s.ring.length
        && live.length == s.live.length && cursorState.length == s.cursorState.length,
        "GlobalKeyState of key '" + key + "' was written for another configuration (period, lags, tbptt, horizon "
            + "or units differ)");
    StateReader.check(ev.horizon() == cfg.horizon(), "GlobalKeyState evaluator horizon");
    s.steps = steps;
    s.lastTimestamp = last;
    s.interval = interval;
    s.norm.mode = (byte) mode;
    s.norm.level = level;
    s.norm.scale = scale;
    System.arraycopy(seasonal, 0, s.norm.seasonal, 0, seasonal.length);
    System.arraycopy(ring, 0, s.ring, 0, ring.length);
    System.arraycopy(live, 0, s.live, 0, live.length);
    s.cursor = cursor;
    System.arraycopy(cursorState, 0, s.cursorState, 0, cursorState.length);
    s.cursorLevel = cursorLevel;
    s.cursorScale = cursorScale;
    s.ensemble = ens;
    return s;
  }

  private GlobalKeyState(String key, GlobalConfig cfg, PrequentialEvaluator evaluator) {
    this.key = key;
    this.evaluator = evaluator;
    this.norm = new EsNormalizer(cfg.period());
    this.ring = new float[cfg.lags() + cfg.tbptt() + cfg.horizon()];
    this.live = new float[2 * cfg.units()];
    this.cursorState = new float[2 * cfg.units()];
  }

  public byte[] toBytes() {
    StateWriter w = new StateWriter(4096);
    writeTo(w);
    return w.toByteArray();
  }

  public static GlobalKeyState fromBytes(byte[] bytes, GlobalConfig cfg) {
    StateReader r = new StateReader(bytes);
    GlobalKeyState s = readFrom(r, cfg);
    r.finish();
    return s;
  }
}
