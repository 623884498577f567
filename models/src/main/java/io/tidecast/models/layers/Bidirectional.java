package io.tidecast.models.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras {@code Bidirectional(layer, merge_mode="concat", backward_layer=None)} for {@link LSTM},
 * {@link GRU} and {@link SimpleRNN}: a forward copy of {@code layer} and a backward copy
 * ({@code go_backwards=True}) read the sequence, and their outputs are merged: {@code "concat"} (last axis,
 * forward first), {@code "sum"}, {@code "mul"}, {@code "ave"}, or {@code null} (Keras {@code None}: both
 * outputs, see {@link #call}). With {@code return_sequences} the backward output is flipped back to input
 * time order first. As in Keras, the copies are made from {@code layer}'s config (fresh weights), named
 * {@code forward_<name>} and {@code backward_<name>}; weights are the forward layer's then the backward
 * layer's. With a timestep mask and {@code return_sequences}, masked timesteps output zeros (Keras forces
 * {@code zero_output_for_mask}).
 *
 * <p>{@code return_state}: {@link #states()} gives the forward layer's states then the backward layer's
 * ({@code [h_f, c_f, h_b, c_b]} for LSTM); a Sequential passes on only the merged output.
 */
public class Bidirectional extends Wrapper<Bidirectional> {
  private static final List<String> MODES = List.of("concat", "sum", "mul", "ave");
  private final Recurrent<?> forwardLayer;
  private final Recurrent<?> backwardLayer;
  private final String mergeMode;
  private final boolean returnSequences;
  private Tensor lastF;
  private Tensor lastB; // the backward output in input time order

  public Bidirectional(Recurrent<?> layer) {
    this(layer, "concat");
  }

  /** {@code mergeMode}: "concat", "sum", "mul", "ave" or null (Keras {@code None}). */
  public Bidirectional(Recurrent<?> layer, String mergeMode) {
    this(layer, mergeMode, null);
  }

  /**
   * With an explicit {@code backwardLayer} (Keras {@code backward_layer}): it must differ from {@code layer}
   * in {@code go_backwards} and agree in {@code stateful}, {@code return_sequences}, {@code return_state}
   * and units.
   */
  public Bidirectional(Recurrent<?> layer, String mergeMode, Recurrent<?> backwardLayer) {
    if (layer == null) {
      throw new IllegalArgumentException("Bidirectional needs a recurrent layer (LSTM, GRU or SimpleRNN), got null");
    }
    if (mergeMode != null && !MODES.contains(mergeMode)) {
      throw new IllegalArgumentException("Invalid merge mode. Received: " + mergeMode + ". Merge mode should be "
          + "one of {\"sum\", \"mul\", \"ave\", \"concat\", null}");
    }
    this.mergeMode = mergeMode;
    String base = layer.name() != null ? layer.name() : layer.defaultNameStem();
    this.forwardLayer = copy(layer, false);
    wrap(forwardLayer, "forward_" + strip(base, "forward_"));
    if (backwardLayer == null) {
      this.backwardLayer = copy(layer, true);
      wrap(this.backwardLayer, "backward_" + strip(base, "backward_"));
    } else {
      this.backwardLayer = backwardLayer;
      wrap(backwardLayer, backwardLayer.name());
    }
    verify();
    this.returnSequences = layer.returnSequences();
    forwardLayer.zeroOutputForMask(returnSequences);
    this.backwardLayer.zeroOutputForMask(returnSequences);
    adoptInputShape(layer);
  }

  private static String strip(String s, String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }

  /** A fresh layer from {@code l}'s config, as Keras recreates the wrapped layer. */
  private static Recurrent<?> copy(Recurrent<?> l, boolean backwards) {
    Map<String, Object> c = new HashMap<>(l.getConfig());
    c.remove("name");
    c.remove("input_shape");
    c.remove("batch_input_shape");
    if (backwards) {
      c.put("go_backwards", !l.goBackwards());
    }
    return (Recurrent<?>) Layers.fromConfig(l.className(), c);
  }

  private void verify() {
    Recurrent<?> f = forwardLayer;
    Recurrent<?> b = backwardLayer;
    if (f.goBackwards() == b.goBackwards()) {
      throw new IllegalArgumentException("Forward layer and backward layer should have different `go_backwards` "
          + "value. Received: forward_layer.go_backwards " + f.goBackwards() + ", backward_layer.go_backwards="
          + b.goBackwards());
    }
    String[] names = {"stateful", "return_sequences", "return_state", "units"};
    Object[][] v = {{f.stateful(), b.stateful()}, {f.returnSequences(), b.returnSequences()},
        {f.returnState(), b.returnState()}, {f.units(), b.units()}};
    for (int i = 0; i < names.length; i++) {
      if (!v[i][0].equals(v[i][1])) {
        throw new IllegalArgumentException("Forward layer and backward layer are expected to have the same value "
            + "for attribute \"" + names[i] + "\", got \"" + v[i][0] + "\" for forward layer and \"" + v[i][1]
            + "\" for backward layer");
      }
    }
  }

  /** Keras {@code merge_mode}; null for {@code None}. */
  public String mergeMode() {
    return mergeMode;
  }

  public Recurrent<?> forwardLayer() {
    return forwardLayer;
  }

  public Recurrent<?> backwardLayer() {
    return backwardLayer;
  }

  public boolean returnSequences() {
    return returnSequences;
  }

  @Override
  protected void build(int[] inputShape) {
    buildInner(0, inputShape);
    buildInner(1, inputShape);
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    if (mergeMode == null) {
      throw new IllegalStateException("Bidirectional with merge_mode=None returns two outputs, which a Sequential "
          + "cannot pass on: use merge_mode \"concat\", \"sum\", \"mul\" or \"ave\", or call(x, training) on "
          + "the layer itself.");
    }
    int[] o = forwardLayer.computeOutputShape(inputShape);
    if ("concat".equals(mergeMode)) {
      o[o.length - 1] *= 2;
    }
    return o;
  }

  @Override
  public Tensor computeMask(Tensor x, Tensor mask) {
    return returnSequences ? mask : null;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    return forward(x, training, null);
  }

  @Override
  public Tensor forward(Tensor x, boolean training, Tensor mask) {
    computeOutputShape(builtInputShape()); // refuses merge_mode=None
    return call(x, training, mask).get(0);
  }

  /**
   * Keras {@code call}: the merged output, or with {@code merge_mode=None} the forward and backward outputs
   * (the backward one in input time order with {@code return_sequences}); then, with {@code return_state},
   * the forward layer's states and the backward layer's.
   */
  public List<Tensor> call(Tensor x, boolean training, Tensor mask) {
    Tensor f = forwardLayer.forward(x, training, mask);
    Tensor b = backwardLayer.forward(x, training, mask);
    if (returnSequences) {
      b = reverseTime(b);
    }
    lastF = f;
    lastB = b;
    List<Tensor> out = new ArrayList<>();
    if (mergeMode == null) {
      out.add(f);
      out.add(b);
    } else {
      out.add(merge(f, b));
    }
    if (forwardLayer.returnState()) {
      out.addAll(states());
    }
    return out;
  }

  public List<Tensor> call(Tensor x, boolean training) {
    return call(x, training, null);
  }

  private Tensor merge(Tensor f, Tensor b) {
    int u = f.dim(-1);
    int rows = f.size() / u;
    if ("concat".equals(mergeMode)) {
      int[] shape = f.shape.clone();
      shape[shape.length - 1] = 2 * u;
      Tensor y = new Tensor(shape);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(f.data, r * u, y.data, r * 2 * u, u);
        System.arraycopy(b.data, r * u, y.data, r * 2 * u + u, u);
      }
      return y;
    }
    Tensor y = new Tensor(f.shape);
    for (int k = 0; k < y.size(); k++) {
      switch (mergeMode) {
        case "sum":
          y.data[k] = f.data[k] + b.data[k];
          break;
        case "ave":
          y.data[k] = (f.data[k] + b.data[k]) / 2;
          break;
        default: // mul
          y.data[k] = f.data[k] * b.data[k];
      }
    }
    return y;
  }

  /** Flips axis 1 of {@code (samples, timesteps, units)}. */
  private static Tensor reverseTime(Tensor t) {
    int n = t.dim(0);
    int steps = t.dim(1);
    int u = t.dim(2);
    Tensor r = new Tensor(t.shape);
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < steps; s++) {
        System.arraycopy(t.data, (i * steps + s) * u, r.data, (i * steps + steps - 1 - s) * u, u);
      }
    }
    return r;
  }

  @Override
  public Tensor backward(Tensor dy) {
    if (mergeMode == null) {
      throw new IllegalStateException("Bidirectional with merge_mode=None has two outputs: use backward(List)");
    }
    int u = lastF.dim(-1);
    Tensor df = new Tensor(lastF.shape);
    Tensor db = new Tensor(lastF.shape);
    if ("concat".equals(mergeMode)) {
      int rows = lastF.size() / u;
      for (int r = 0; r < rows; r++) {
        System.arraycopy(dy.data, r * 2 * u, df.data, r * u, u);
        System.arraycopy(dy.data, r * 2 * u + u, db.data, r * u, u);
      }
    } else {
      for (int k = 0; k < df.size(); k++) {
        double g = dy.data[k];
        switch (mergeMode) {
          case "sum":
            df.data[k] = g;
            db.data[k] = g;
            break;
          case "ave":
            df.data[k] = g / 2;
            db.data[k] = g / 2;
            break;
          default: // mul
            df.data[k] = g * lastB.data[k];
            db.data[k] = g * lastF.data[k];
        }
      }
    }
    return backward(List.of(df, db));
  }

  /** Backward for {@code merge_mode=None}: {@code [dLoss/dForwardOutput, dLoss/dBackwardOutput]}. */
  public Tensor backward(List<Tensor> dys) {
    if (lastF == null) {
      throw new IllegalStateException("backward called before forward on layer \"" + name() + "\"");
    }
    if (dys.size() != 2) {
      throw new IllegalArgumentException("Bidirectional.backward needs 2 output gradients [forward, backward], got "
          + dys.size());
    }
    Tensor db = returnSequences ? reverseTime(dys.get(1)) : dys.get(1);
    Tensor dx = forwardLayer.backward(dys.get(0));
    Tensor dxb = backwardLayer.backward(db);
    for (int k = 0; k < dx.size(); k++) {
      dx.data[k] += dxb.data[k];
    }
    return dx;
  }

  /** The forward layer's final states then the backward layer's (Keras {@code return_state} order). */
  public List<Tensor> states() {
    List<Tensor> s = new ArrayList<>(forwardLayer.states());
    s.addAll(backwardLayer.states());
    return Collections.unmodifiableList(s);
  }

  /** States the next forward starts from: the first half for the forward layer, the rest for the backward one. */
  public void initialState(List<Tensor> states) {
    int half = states.size() / 2;
    if (states.size() % 2 != 0) {
      throw new IllegalArgumentException("Bidirectional.initialState needs as many states for the backward layer "
          + "as for the forward one, got " + states.size());
    }
    forwardLayer.initialState(states.subList(0, half));
    backwardLayer.initialState(states.subList(half, states.size()));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("merge_mode", mergeMode == null ? null : mergeMode.toLowerCase(Locale.ROOT));
    c.put("layer", innerConfig(0));
    c.put("backward_layer", innerConfig(1));
    return c;
  }
}
