package io.tidecast.stream;

import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.Optimizer;
import java.util.List;

/**
 * One model's trainable state outside the model object: every weight (Keras order, flattened) and the
 * optimizer's slots, step counter and scalars. Stored as float32, which is exact for float32 models (the
 * learner's models are float32), so load → save → load is bit for bit. This is what lets one compute model
 * per operator serve many keys: load a key's state, step, capture it back.
 */
public final class ModelState {
  private final float[] params;
  private final float[][] slots;
  private long iterations;
  private double[] scalars;

  private ModelState(float[] params, float[][] slots, long iterations, double[] scalars) {
    this.params = params;
    this.slots = slots;
    this.iterations = iterations;
    this.scalars = scalars;
  }

  /** The state of {@code model} (compiled, float32) as it is now. */
  public static ModelState capture(Sequential model) {
    List<Weight> ws = model.weights();
    int n = 0;
    for (Weight w : ws) {
      n += w.size();
    }
    Optimizer opt = model.optimizer();
    int k = ws.isEmpty() ? 0 : opt.slots(ws.get(0)).length;
    ModelState s = new ModelState(new float[n], new float[k][n], 0, new double[0]);
    s.captureFrom(model);
    return s;
  }

  /** Copies {@code model}'s weights and optimizer state into this object (same architecture). */
  public void captureFrom(Sequential model) {
    int off = 0;
    Optimizer opt = model.optimizer();
    for (Weight w : model.weights()) {
      double[] v = w.value();
      double[][] s = opt.slots(w);
      for (int i = 0; i < v.length; i++) {
        params[off + i] = (float) v[i];
      }
      for (int k = 0; k < slots.length; k++) {
        double[] a = s[k];
        float[] dst = slots[k];
        for (int i = 0; i < a.length; i++) {
          dst[off + i] = (float) a[i];
        }
      }
      off += v.length;
    }
    iterations = opt.iterations();
    scalars = opt.scalarState().clone();
  }

  /** Loads this state into {@code model} (same architecture and optimizer). */
  public void loadInto(Sequential model) {
    loadWeightsInto(model);
    loadSlotsInto(model);
  }

  /** Loads only the weights: enough to forecast, and a third of the copying (the optimizer's slots are the rest). */
  void loadWeightsInto(Sequential model) {
    int off = 0;
    for (Weight w : model.weights()) {
      double[] v = w.value();
      if (off + v.length > params.length) {
        throw new IllegalStateException("model state has " + params.length + " params but the model has more");
      }
      for (int i = 0; i < v.length; i++) {
        v[i] = params[off + i];
      }
      off += v.length;
    }
    if (off != params.length) {
      throw new IllegalStateException("model state has " + params.length + " params but the model has " + off);
    }
  }

  /** Loads the optimizer's slots and counters (after {@link #loadWeightsInto}, before a training step). */
  void loadSlotsInto(Sequential model) {
    int off = 0;
    Optimizer opt = model.optimizer();
    for (Weight w : model.weights()) {
      double[][] s = opt.slots(w);
      if (s.length != slots.length) {
        throw new IllegalStateException("model state does not fit this model: " + slots.length
            + " optimizer slots per weight, the optimizer has " + s.length);
      }
      for (int k = 0; k < slots.length; k++) {
        double[] a = s[k];
        float[] src = slots[k];
        for (int i = 0; i < a.length; i++) {
          a[i] = src[off + i];
        }
      }
      off += w.size();
    }
    opt.restoreIterations(iterations);
    opt.restoreScalarState(scalars.length == 0 ? null : scalars);
  }

  public int paramCount() {
    return params.length;
  }

  /** Optimizer steps applied. */
  public long iterations() {
    return iterations;
  }

  /** Approximate bytes this state takes when serialised. */
  public int sizeBytes() {
    return 4 * params.length * (1 + slots.length) + 8 * scalars.length + 16;
  }

  private static final int VERSION = 1;

  /** This state alone as a blob (what a runtime stores when it keeps the model apart from the key's state). */
  public byte[] toBytes() {
    StateWriter w = new StateWriter(sizeBytes() + 112);
    writeTo(w);
    return w.toByteArray();
  }

  /** Reads {@link #toBytes()} output; a corrupt or hostile blob gives a {@link StateFormatException}. */
  public static ModelState fromBytes(byte[] bytes) {
    StateReader r = new StateReader(bytes);
    ModelState m = readFrom(r);
    r.finish();
    return m;
  }

  void writeTo(StateWriter w) {
    w.writeHeader(StateTags.MODEL_STATE, VERSION);
    w.writeFloats(params);
    w.writeVarInt(slots.length);
    for (float[] s : slots) {
      w.writeFloats(s);
    }
    w.writeVarLong(iterations);
    w.writeDoubles(scalars);
  }

  static ModelState readFrom(StateReader r) {
    r.readHeader(StateTags.MODEL_STATE, VERSION);
    float[] params = r.readFloats();
    int k = r.readVarInt();
    StateReader.check(k >= 0 && k <= 8, "optimizer slot count " + k);
    float[][] slots = new float[k][];
    for (int i = 0; i < k; i++) {
      slots[i] = r.readFloats();
      StateReader.check(slots[i].length == params.length, "optimizer slot " + i + " has " + slots[i].length
          + " values for " + params.length + " params");
    }
    long it = r.readVarLong();
    double[] scalars = r.readDoubles();
    StateReader.check(scalars.length <= 16, "optimizer scalar count " + scalars.length);
    return new ModelState(params, slots, it, scalars);
  }
}
