package io.tidecast.stream;

/**
 * Everything one key carries between events: its window and replay history, scalers, prequential
 * evaluators, model state (unless the model is shared), random stream and counters. It serialises to a
 * compact versioned binary form ({@link #toBytes()}) that runtimes keep in their state stores; a key's
 * forecasts depend only on this state and its events, which is what makes recovery bit-identical.
 */
public final class KeyState {
  final String key;
  final SlidingWindow window;
  final Scaler inScaler;
  final Scaler outScaler;
  final PrequentialEvaluator[] evaluators;
  ModelState model;
  final Rng rng;
  long events;
  long version;
  long rollbacks;
  int labelled;
  long interval;
  double lossEma;
  long lossCount;
  /** Stateful mode: the recurrent state after the newest row, and after each of the last rows (a ring). */
  float[] carried;
  float[] stateRing;
  /** Per target, with {@link LearnerConfig#ensemble()}; null otherwise or in a state written before version 3. */
  ForecastEnsemble[] ensembles;

  KeyState(String key, SlidingWindow window, Scaler inScaler, Scaler outScaler, PrequentialEvaluator[] evaluators,
      ModelState model, Rng rng) {
    this.key = key;
    this.window = window;
    this.inScaler = inScaler;
    this.outScaler = outScaler;
    this.evaluators = evaluators;
    this.model = model;
    this.rng = rng;
  }

  public String key() {
    return key;
  }

  /** Events accepted for this key. */
  public long events() {
    return events;
  }

  /** Model version: training updates applied to this key's model. */
  public long version() {
    return version;
  }

  /** Training steps refused (non-finite or exploding loss, overflowing update). */
  public long rollbacks() {
    return rollbacks;
  }

  /** Prequential evaluator of target {@code index} (in the window spec's target order). */
  public PrequentialEvaluator evaluator(int index) {
    return evaluators[index];
  }

  /** Event time of the newest accepted event, or {@code Long.MIN_VALUE} before any. */
  public long lastTimestamp() {
    return window.count() == 0 ? Long.MIN_VALUE : window.lastTimestamp();
  }

  /** The per-key model state, or null when the learner shares one model across keys. */
  public ModelState model() {
    return model;
  }

  /**
   * Takes the model out (this state then serialises without it) and returns it: for runtimes that keep the model
   * in a value of its own, written only when it changed, rather than rewriting ~53 KB with every event.
   */
  public ModelState detachModel() {
    ModelState m = model;
    model = null;
    return m;
  }

  /** Puts back a model kept apart by {@link #detachModel()}. */
  public void attachModel(ModelState m) {
    model = m;
  }

  /** Not stored: the version of the model as its store holds it, -1 when the store does not hold it apart. */
  private transient long storedModelVersion = -1;

  /** {@link #attachModel} a model read from its own store (at this state's version). */
  void attachStoredModel(ModelState m) {
    model = m;
    storedModelVersion = version;
  }

  long storedModelVersion() {
    return storedModelVersion;
  }

  /** The model, as of this version, is in its store now. */
  void modelStored() {
    storedModelVersion = version;
  }

  // ---- codec ----

  // version 2 added the stateful-mode recurrent state (version 1 blobs read as stateless); version 3 the forecast
  // ensemble (older blobs read without one and the learner starts a fresh one)
  static final int VERSION = 3;

  void writeTo(StateWriter w) {
    w.writeHeader(StateTags.KEY_STATE, VERSION);
    w.writeString(key);
    w.writeVarLong(events).writeVarLong(version).writeVarLong(rollbacks).writeVarInt(labelled);
    w.writeLong(interval).writeDouble(lossEma).writeVarLong(lossCount).writeLong(rng.state());
    window.writeTo(w);
    inScaler.writeTo(w);
    outScaler.writeTo(w);
    w.writeVarInt(evaluators.length);
    for (PrequentialEvaluator e : evaluators) {
      e.writeTo(w);
    }
    w.writeBoolean(model != null);
    if (model != null) {
      model.writeTo(w);
    }
    w.writeBoolean(carried != null);
    if (carried != null) {
      w.writeFloats(carried);
      w.writeFloats(stateRing);
    }
    w.writeBoolean(ensembles != null);
    if (ensembles != null) {
      w.writeVarInt(ensembles.length);
      for (ForecastEnsemble e : ensembles) {
        e.writeTo(w);
      }
    }
  }

  static KeyState readFrom(StateReader r) {
    int format = r.readHeader(StateTags.KEY_STATE, VERSION);
    String key = r.readString();
    long events = r.readVarLong();
    long version = r.readVarLong();
    long rollbacks = r.readVarLong();
    int labelled = r.readVarInt();
    long interval = r.readLong();
    StateReader.check(interval >= 0, "KeyState event interval " + interval);
    double lossEma = r.readDouble();
    long lossCount = r.readVarLong();
    long rng = r.readLong();
    SlidingWindow window = SlidingWindow.readFrom(r);
    Scaler in = Scaler.readFrom(r);
    Scaler out = Scaler.readFrom(r);
    int n = r.readVarInt();
    StateReader.check(n >= 1 && n <= 1024 && n == window.spec().targets().size(),
        "KeyState has " + n + " evaluators for " + window.spec().targets().size() + " targets");
    StateReader.check(out.features() == n && in.features() == window.spec().inputs().size(),
        "KeyState scalers do not match the window's features");
    PrequentialEvaluator[] ev = new PrequentialEvaluator[n];
    for (int i = 0; i < n; i++) {
      ev[i] = PrequentialEvaluator.readFrom(r);
    }
    ModelState model = r.readBoolean() ? ModelState.readFrom(r) : null;
    float[] carried = null;
    float[] ring = null;
    if (format >= 2 && r.readBoolean()) {
      carried = r.readFloats();
      ring = r.readFloats();
      StateReader.check(carried.length > 0 && ring.length % carried.length == 0,
          "KeyState recurrent state ring of " + ring.length + " for state size " + carried.length);
    }
    ForecastEnsemble[] ensembles = null;
    if (format >= 3 && r.readBoolean()) {
      int m = r.readVarInt();
      StateReader.check(m == n, "KeyState has " + m + " forecast ensembles for " + n + " targets");
      ensembles = new ForecastEnsemble[m];
      for (int i = 0; i < m; i++) {
        ensembles[i] = ForecastEnsemble.readFrom(r);
      }
    }
    KeyState s = new KeyState(key, window, in, out, ev, model, new Rng(rng));
    s.ensembles = ensembles;
    s.carried = carried;
    s.stateRing = ring;
    s.events = events;
    s.version = version;
    s.rollbacks = rollbacks;
    s.labelled = labelled;
    s.interval = interval;
    s.lossEma = lossEma;
    s.lossCount = lossCount;
    return s;
  }

  // size of the last encoding: a RocksDB job decodes and re-encodes every event, so the writer starts big enough
  private int encodedSize;

  /** The state as one self-describing blob (format header + this key's state). */
  public byte[] toBytes() {
    StateWriter w = new StateWriter(encodedSize + 64);
    writeTo(w);
    encodedSize = w.size();
    return w.toByteArray();
  }

  /** Reads {@link #toBytes()} output; a corrupt or hostile blob gives a {@link StateFormatException}. */
  public static KeyState fromBytes(byte[] bytes) {
    StateReader r = new StateReader(bytes);
    KeyState s = readFrom(r);
    r.finish();
    s.encodedSize = bytes.length;
    return s;
  }

  @Override
  public String toString() {
    return "KeyState{" + key + ", events=" + events + ", version=" + version + ", rollbacks=" + rollbacks + "}";
  }
}
