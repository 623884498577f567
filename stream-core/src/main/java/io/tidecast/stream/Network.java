package io.tidecast.stream;

import io.tidecast.models.Sequential;
import io.tidecast.models.layers.Dense;
import io.tidecast.models.layers.LSTM;
import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.Recurrent;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.optimizers.Optimizer;
import io.tidecast.models.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.List;

/**
 * The one compute model a learner runs every key's network on: recurrent layers ({@link RecurrentLayers}) then
 * {@code Dense(outputs)}, compiled with the config's optimizer and loss. A key's {@link ModelState} is loaded into it
 * before use (unless it is there already), and captured back after a training step; with a shared model it simply
 * is the model. Carries the recurrent layers' states in and out for the stateful mode.
 */
final class Network {
  final Sequential model;
  private final List<Recurrent<?>> recurrents = new ArrayList<>();
  /** Floats of recurrent state per key (h, and c for LSTMs, of every layer). */
  final int stateSize;
  private ModelState loaded;
  private long loadedVersion = -1;
  /** Whether the compute model's optimizer slots are {@code loaded}'s too (forecasts load only the weights). */
  private boolean slotsLoaded;

  Network(LearnerConfig cfg) {
    this.model = build(cfg, cfg.seed());
    int size = 0;
    for (Layer<?> l : model.layers()) {
      if (l instanceof Recurrent<?> r) {
        recurrents.add(r);
        size += r.units() * (r instanceof LSTM ? 2 : 1);
      }
    }
    this.stateSize = size;
  }

  static Sequential build(LearnerConfig cfg, long seed) {
    Sequential m = new Sequential().seed(seed).name(cfg.modelName());
    List<Integer> units = cfg.units();
    for (int i = 0; i < units.size(); i++) {
      Recurrent<?> r = RecurrentLayers.create(cfg.recurrent(), units.get(i));
      r.returnSequences(i < units.size() - 1).dropout(cfg.dropout());
      if (i == 0) {
        r.inputShape(cfg.window().timesteps(), cfg.inputFeatures());
      }
      m.add((Layer<?>) r);
    }
    m.add(new Dense(cfg.outputs()));
    Optimizer opt = Optimizers.get(cfg.optimizer());
    opt.setLearningRate(cfg.learningRate());
    if (cfg.clipnorm() > 0) {
      opt.clipnorm(cfg.clipnorm());
    }
    m.compile(opt, cfg.loss());
    return m;
  }

  /** Puts the key's weights into the compute model unless they are already there. */
  void load(KeyState s) {
    if (s.model == null || (s.model == loaded && loadedVersion == s.version)) {
      return;
    }
    s.model.loadWeightsInto(model);
    loaded = s.model;
    loadedVersion = s.version;
    slotsLoaded = false;
  }

  /** {@link #load}, and the optimizer's slots too. */
  void loadForTraining(KeyState s) {
    load(s);
    if (s.model != null && !slotsLoaded) {
      s.model.loadSlotsInto(model);
      slotsLoaded = true;
    }
  }

  /** After a successful training step at the key's new version: the key's model is the compute model's. */
  void trained(KeyState s) {
    if (s.model != null) {
      s.model.captureFrom(model);
      loadedVersion = s.version;
      slotsLoaded = true;
    }
  }

  Tensor predict(Tensor x) {
    return model.predict(x);
  }

  /** Sets the recurrent layers' initial states from {@code src} at {@code off}. */
  void setStates(float[] src, int off) {
    int k = off;
    for (Recurrent<?> r : recurrents) {
      int u = r.units();
      int parts = r instanceof LSTM ? 2 : 1;
      List<Tensor> st = new ArrayList<>(parts);
      for (int p = 0; p < parts; p++) {
        Tensor tt = new Tensor(1, u);
        for (int i = 0; i < u; i++) {
          tt.data[i] = src[k++];
        }
        st.add(tt);
      }
      r.initialState(st);
    }
  }

  /** Copies the recurrent layers' final states into {@code dst} at {@code off}. */
  void captureStates(float[] dst, int off) {
    int k = off;
    for (Recurrent<?> r : recurrents) {
      for (Tensor tt : r.states()) {
        for (double v : tt.data) {
          dst[k++] = (float) v;
        }
      }
    }
  }
}
