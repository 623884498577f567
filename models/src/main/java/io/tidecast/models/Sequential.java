package io.tidecast.models;

import io.tidecast.models.callbacks.Callback;
import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.Optimizer;
import io.tidecast.models.optimizers.Optimizers;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras {@code Sequential}: a linear stack of layers with {@code compile}, {@code fit}, {@code evaluate},
 * {@code predict}. Inputs and outputs are {@link INDArray}s shaped as in Keras: {@code (samples, features)}
 * for Dense input, {@code (samples, timesteps, features)} for recurrent input.
 *
 * <p>Initialisation is seeded (default seed 42, see {@link #seed}), so the same code gives the same model
 * bit for bit. A {@code float32} model (the Keras default) keeps its weights and optimizer state rounded
 * to float after every update and runs its recurrent layers on float kernels with fast activations; a
 * {@code float64} model computes everything exactly in double.
 */
public class Sequential {
  /** Default seed: a model built twice from the same code is identical unless told otherwise. */
  public static final long DEFAULT_SEED = 42L;

  private String name = "sequential";
  private final List<Layer<?>> layers = new ArrayList<>();
  private final Map<String, Integer> nameCounters = new HashMap<>();
  private long seed = DEFAULT_SEED;
  private SplittableRandom layerSeeds = new SplittableRandom(DEFAULT_SEED);
  private SplittableRandom shuffleRng = new SplittableRandom(DEFAULT_SEED ^ 0x5DEECE66DL);
  private boolean float32 = true;
  private int[] inputShape;
  private int fixedBatchSize = -1;

  private Optimizer optimizer;
  private Loss loss;
  private final List<String> metricNames = new ArrayList<>();
  private List<Metric> metrics;
  private boolean stopTraining;
  private PrintStream out = System.out;
  private boolean warnedScale;

  public Sequential() {
  }

  public Sequential(Layer<?>... layers) {
    for (Layer<?> l : layers) {
      add(l);
    }
  }

  public Sequential(List<? extends Layer<?>> layers) {
    for (Layer<?> l : layers) {
      add(l);
    }
  }

  /** Model name shown by {@link #summary()}. */
  public Sequential name(String name) {
    this.name = name;
    return this;
  }

  public String name() {
    return name;
  }

  /**
   * Seeds weight initialisation, dropout and shuffling (Keras {@code keras.utils.set_random_seed}). Call
   * before adding layers.
   */
  public Sequential seed(long seed) {
    for (Layer<?> l : layers) {
      if (l.built()) {
        throw new IllegalStateException("seed(" + seed + ") must be called before layers are added: layer \""
            + l.name() + "\" is already initialised. Use new Sequential().seed(" + seed + ").add(...)");
      }
    }
    this.seed = seed;
    this.layerSeeds = new SplittableRandom(seed);
    this.shuffleRng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    return this;
  }

  public long seed() {
    return seed;
  }

  /** {@code "float32"} (Keras default: weights and optimizer state rounded to float) or {@code "float64"}. */
  public Sequential dtype(String dtype) {
    switch (dtype.toLowerCase(Locale.ROOT)) {
      case "float32":
        float32 = true;
        break;
      case "float64":
        float32 = false;
        break;
      default:
        throw new IllegalArgumentException("dtype must be \"float32\" or \"float64\", got \"" + dtype + "\"");
    }
    for (Layer<?> l : layers) {
      l.dtype(dtype());
      roundWeights(l);
    }
    if (optimizer != null) {
      optimizer.float32(float32);
    }
    return this;
  }

  public String dtype() {
    return float32 ? "float32" : "float64";
  }

  /** Where the progress bar and warnings go (default {@code System.out}). */
  public Sequential output(PrintStream out) {
    this.out = out;
    return this;
  }

  // ---- building --------------------------------------------------------------------------------------

  /** Adds a layer on top of the stack (Keras {@code model.add}). */
  public Sequential add(Layer<?> layer) {
    if (layer == null) {
      throw new IllegalArgumentException("layer is null");
    }
    if (layers.contains(layer)) {
      throw new IllegalArgumentException("Layer \"" + layer.name() + "\" is already in this model.");
    }
    if (layers.isEmpty()) {
      if (layer.declaredInputShape() != null) {
        inputShape = layer.declaredInputShape();
        fixedBatchSize = layer.declaredBatchSize();
      }
    } else if (layer.declaredInputShape() != null && built()) {
      int[] expected = outputShape(layers.size() - 1);
      if (!java.util.Arrays.equals(expected, layer.declaredInputShape())) {
        throw new IllegalArgumentException("Layer " + layer.className() + " declares inputShape "
            + Tensor.shapeString(layer.declaredInputShape()) + " but the previous layer outputs "
            + Tensor.shapeString(expected) + ". Only the first layer needs inputShape.");
      }
    }
    layer.dtype(dtype());
    layers.add(layer);
    if (inputShape != null) {
      buildLayer(layers.size() - 1);
    }
    return this;
  }

  private void buildLayer(int index) {
    Layer<?> l = layers.get(index);
    int[] in = index == 0 ? inputShape : layers.get(index - 1).computeOutputShape(
        layers.get(index - 1).builtInputShape());
    l.build(uniqueName(l), in, layerSeeds.split());
    roundWeights(l);
  }

  private String uniqueName(Layer<?> l) {
    if (l.name() != null) {
      return l.name();
    }
    String stem = l.defaultNameStem();
    int n = nameCounters.merge(stem, 1, Integer::sum) - 1;
    return n == 0 ? stem : stem + "_" + n;
  }

  private void roundWeights(Layer<?> l) {
    if (float32) {
      for (Weight w : l.weights()) {
        double[] v = w.value();
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) v[i];
        }
      }
    }
  }

  /** Builds every layer for samples of {@code sampleShape} (Keras {@code model.build}). */
  public void build(int... sampleShape) {
    if (layers.isEmpty()) {
      throw new IllegalStateException("The model has no layers: add() layers before building it.");
    }
    if (inputShape != null) {
      if (!java.util.Arrays.equals(inputShape, sampleShape)) {
        throw new IllegalArgumentException(inputMismatch(sampleShape, -1));
      }
      return;
    }
    inputShape = sampleShape.clone();
    for (int i = 0; i < layers.size(); i++) {
      buildLayer(i);
    }
  }

  public boolean built() {
    return inputShape != null;
  }

  public List<Layer<?>> layers() {
    return Collections.unmodifiableList(layers);
  }

  public Layer<?> getLayer(String layerName) {
    for (Layer<?> l : layers) {
      if (layerName.equals(l.name())) {
        return l;
      }
    }
    throw new IllegalArgumentException("No layer named \"" + layerName + "\". Layers: " + layerNames());
  }

  private List<String> layerNames() {
    List<String> n = new ArrayList<>();
    for (Layer<?> l : layers) {
      n.add(l.name());
    }
    return n;
  }

  /** The sample shape the model takes (batch axis excluded), or null before it is built. */
  public int[] inputShape() {
    return inputShape == null ? null : inputShape.clone();
  }

  /** The sample shape the model returns (batch axis excluded). */
  public int[] outputShape() {
    requireBuilt("outputShape()");
    return outputShape(layers.size() - 1);
  }

  private int[] outputShape(int index) {
    Layer<?> l = layers.get(index);
    return l.computeOutputShape(l.builtInputShape());
  }

  // ---- compile ---------------------------------------------------------------------------------------

  /** Keras {@code compile(optimizer="adam", loss="mse", metrics=[...])}. */
  public void compile(String optimizer, String loss, String... metrics) {
    compile(Optimizers.get(optimizer), Losses.get(loss), metrics);
  }

  public void compile(Optimizer optimizer, String loss, String... metrics) {
    compile(optimizer, Losses.get(loss), metrics);
  }

  public void compile(Optimizer optimizer, Loss loss, String... metrics) {
    if (optimizer == null || loss == null) {
      throw new IllegalArgumentException("compile() needs an optimizer and a loss");
    }
    this.optimizer = optimizer;
    this.optimizer.float32(float32);
    this.loss = loss;
    this.metricNames.clear();
    for (String m : metrics) {
      if (m != null && !m.isEmpty()) {
        metricNames.add(m);
      }
    }
    this.metrics = null;
    if (built()) {
      resolveMetrics();
    }
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public Loss loss() {
    return loss;
  }

  private void resolveMetrics() {
    if (metrics != null) {
      return;
    }
    int[] os = outputShape();
    List<Metric> ms = new ArrayList<>();
    for (String m : metricNames) {
      ms.add(Metrics.get(m, loss, os[os.length - 1]));
    }
    metrics = ms;
  }

  /** Keras {@code model.metrics_names}: {@code loss} then the compiled metrics. */
  public List<String> metricsNames() {
    List<String> n = new ArrayList<>();
    n.add("loss");
    n.addAll(metricNames);
    return n;
  }

  private void requireCompiled(String what) {
    if (optimizer == null || loss == null) {
      throw new IllegalStateException("You must call compile() before " + what
          + ", e.g. model.compile(\"adam\", \"mean_squared_error\").");
    }
  }

  private void requireBuilt(String what) {
    if (!built()) {
      throw new IllegalStateException("The model is not built yet, so " + what + " is unknown. Give the "
          + "first layer an input shape, e.g. new LSTM(10).inputShape(timesteps, features), or call "
          + "build(...)/fit(...) first.");
    }
  }

  // ---- training ----------------------------------------------------------------------------------------

  /** Keras {@code fit(x, y, epochs=..., batch_size=..., verbose=...)}. */
  public History fit(INDArray x, INDArray y, int epochs, int batchSize, int verbose) {
    return fit(x, y, new FitOptions().epochs(epochs).batchSize(batchSize).verbose(verbose));
  }

  public History fit(INDArray x, INDArray y, int epochs, int batchSize) {
    return fit(x, y, new FitOptions().epochs(epochs).batchSize(batchSize));
  }

  public History fit(INDArray x, INDArray y, FitOptions o) {
    return fit(toTensor(x, "x"), toTensor(y, "y"),
        o.validationX == null ? null : toTensor(o.validationX, "validation x"),
        o.validationY == null ? null : toTensor(o.validationY, "validation y"), o);
  }

  /** {@link #fit(INDArray, INDArray, FitOptions)} on tensors (no conversion). */
  public History fit(Tensor x, Tensor y, Tensor valX, Tensor valY, FitOptions o) {
    requireCompiled("fit()");
    prepare(x, y);
    if ((valX == null) != (valY == null)) {
      throw new IllegalArgumentException("validationData needs both x and y");
    }
    Tensor trX = x;
    Tensor trY = y;
    if (valX == null && o.validationSplit > 0) {
      int n = x.dim(0);
      int splitAt = (int) (n * (1.0 - o.validationSplit));
      if (splitAt == 0 || splitAt == n) {
        throw new IllegalArgumentException("validation_split=" + o.validationSplit + " leaves no data for "
            + (splitAt == 0 ? "training" : "validation") + " with " + n + " samples.");
      }
      trX = x.slice(0, splitAt);
      trY = y.slice(0, splitAt);
      valX = x.slice(splitAt, n);
      valY = y.slice(splitAt, n);
    }
    if (valX != null) {
      prepare(valX, valY);
    }
    warnIfUnscaled(trX, trY);

    int n = trX.dim(0);
    int batch = fixedBatchSize > 0 && statefulModel() ? fixedBatchSize : Math.min(o.batchSize, Math.max(1, n));
    if (statefulModel() && n % batch != 0) {
      throw new IllegalArgumentException("This model has a stateful layer with fixed batch size " + batch
          + ", but x has " + n + " samples, which is not a multiple of it. Trim or pad the data to a "
          + "multiple of " + batch + ".");
    }
    int steps = (n + batch - 1) / batch;
    History history = new History();
    List<Callback> cbs = new ArrayList<>(o.callbacks);
    cbs.add(history);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("verbose", o.verbose);
    params.put("epochs", o.epochs);
    params.put("steps", steps);
    for (Callback c : cbs) {
      c.setModel(this);
      c.setParams(params);
    }
    stopTraining = false;
    ProgressBar bar = new ProgressBar(out, o.verbose, steps);
    Map<String, Double> none = new LinkedHashMap<>();
    for (Callback c : cbs) {
      c.onTrainBegin(none);
    }
    int[] order = new int[n];
    for (int epoch = o.initialEpoch; epoch < o.epochs && !stopTraining; epoch++) {
      for (Callback c : cbs) {
        c.onEpochBegin(epoch, new LinkedHashMap<>());
      }
      bar.epochBegin(epoch, o.epochs);
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      if (o.shuffle && !statefulModel()) {
        for (int i = n - 1; i > 0; i--) {
          int j = shuffleRng.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
      Running running = new Running();
      resetMetrics();
      Map<String, Double> logs = new LinkedHashMap<>();
      for (int s = 0; s < steps && !stopTraining; s++) {
        int from = s * batch;
        int to = Math.min(n, from + batch);
        for (Callback c : cbs) {
          c.onTrainBatchBegin(s, new LinkedHashMap<>());
        }
        Tensor xb = trX.gather(order, from, to);
        Tensor yb = trY.gather(order, from, to);
        double l = step(xb, yb, true);
        running.add(l, to - from);
        logs = running.logs(metrics);
        if (!Double.isFinite(l)) {
          String reason = "Batch " + s + " of epoch " + (epoch + 1) + ": loss is " + l
              + " (or the update overflowed); training stopped and this batch's update was not applied. Common causes: unscaled inputs or"
              + " targets (scale them, e.g. StandardScaler), a learning rate that is too high, or exploding "
              + "gradients (compile with an optimizer using clipnorm, e.g. new Adam().clipnorm(1.0)).";
          history.stopReason(reason);
          System.err.println("WARNING: " + reason);
          stopTraining = true;
        }
        for (Callback c : cbs) {
          c.onTrainBatchEnd(s, logs);
        }
        bar.update(s + 1, logs);
      }
      if (valX != null && !stopTraining) {
        double[] v = evaluateTensors(valX, valY, o.batchSize);
        List<String> names = metricsNames();
        for (int i = 0; i < names.size(); i++) {
          logs.put("val_" + names.get(i), v[i]);
        }
      }
      for (Callback c : cbs) {
        c.onEpochEnd(epoch, logs);
      }
      bar.epochEnd(logs);
    }
    for (Callback c : cbs) {
      c.onTrainEnd(new LinkedHashMap<>());
    }
    return history;
  }

  /** Callbacks set this (Keras {@code model.stop_training = True}) to end {@code fit} after the batch. */
  public void stopTraining(boolean stop) {
    this.stopTraining = stop;
  }

  public boolean stopTraining() {
    return stopTraining;
  }

  /** Keras {@code train_on_batch}: one update; returns {@code [loss, metrics...]} measured before it. */
  public double[] trainOnBatch(INDArray x, INDArray y) {
    requireCompiled("trainOnBatch()");
    Tensor tx = toTensor(x, "x");
    Tensor ty = toTensor(y, "y");
    prepare(tx, ty);
    resetMetrics();
    double l = step(tx, ty, true);
    return results(l);
  }

  /**
   * One training step on tensors, for streaming callers that validated their data: zero grads, forward,
   * loss, backward, optimizer update. Returns the loss before the update; a non-finite loss or gradient
   * skips the update and is returned as is.
   */
  public double trainOnBatch(Tensor x, Tensor y) {
    requireCompiled("trainOnBatch()");
    ensureBuiltFor(x);
    resolveMetrics();
    return step(x, y, true);
  }

  /**
   * Forward and backward in training mode without an update (Keras {@code GradientTape} over the loss):
   * returns the loss (with regularization) and leaves d(loss)/d(weight) in each {@link Weight#grad()}.
   */
  public double computeGradients(Tensor x, Tensor y) {
    requireCompiled("computeGradients()");
    ensureBuiltFor(x);
    resolveMetrics();
    List<Weight> ws = new ArrayList<>();
    return gradients(x, y, ws, true);
  }

  private double step(Tensor x, Tensor y, boolean update) {
    if (!update) {
      checkBatch(x);
      Tensor p = forward(x, false);
      double l = lossValue(y, p) + regularization();
      updateMetrics(y, p);
      return l;
    }
    List<Weight> ws = stepWeights;
    ws.clear();
    // the optimizer's own pre-check scans trainable gradients, so only frozen ones are scanned here
    double l = gradients(x, y, ws, false);
    if (!Double.isFinite(l)) {
      return l;
    }
    return optimizer.apply(ws) ? l : Double.NaN;
  }

  /** Reused by every training step: the model's weights, refilled per step (layers may be added). */
  private final List<Weight> stepWeights = new ArrayList<>();

  /**
   * Returns the loss; NaN if a gradient is not finite (only frozen weights' gradients are checked unless
   * {@code checkTrainable}). Fills {@code ws} with the model's weights.
   */
  private double gradients(Tensor x, Tensor y, List<Weight> ws, boolean checkTrainable) {
    checkBatch(x);
    for (int i = 0, n = layers.size(); i < n; i++) {
      List<Weight> lw = layers.get(i).weights();
      for (int j = 0, m = lw.size(); j < m; j++) {
        Weight w = lw.get(j);
        w.zeroGrad();
        ws.add(w);
      }
    }
    Tensor p = forward(x, true);
    double l = lossValue(y, p) + regularization();
    updateMetrics(y, p);
    if (!Double.isFinite(l)) {
      return l;
    }
    Tensor g = lossGradient(y, p);
    for (int i = layers.size() - 1; i >= 0; i--) {
      g = layers.get(i).backward(g);
    }
    boolean finite = true;
    for (int i = 0, n = ws.size(); i < n; i++) {
      Weight w = ws.get(i);
      if (w.regularizer() != null) {
        w.regularizer().addGradient(w.value(), w.grad());
      }
      if (checkTrainable || !w.trainable()) {
        finite &= allFinite(w.grad());
      }
    }
    return finite ? l : Double.NaN;
  }

  /** One branch-free pass ({@code d - d} is NaN exactly for NaN and infinities). */
  private static boolean allFinite(double[] a) {
    double s = 0;
    for (double d : a) {
      s += d - d;
    }
    return s == 0;
  }

  private double regularization() {
    double r = 0;
    for (Layer<?> l : layers) {
      for (Weight w : l.weights()) {
        if (w.regularizer() != null) {
          r += w.regularizer().penalty(w.value());
        }
      }
    }
    return r;
  }

  /**
   * Runs the layers, passing Keras' timestep mask along (from a {@code Masking} layer): layers that support
   * masking get it and pass it on; one that does not drops it with Keras 3's warning.
   */
  private Tensor forward(Tensor x, boolean training) {
    Tensor t = x;
    Tensor mask = null;
    for (int i = 0, n = layers.size(); i < n; i++) {
      Layer<?> l = layers.get(i);
      if (mask != null && !l.supportsMasking()) {
        l.warnMaskDropped();
        mask = null;
      }
      Tensor out = mask == null ? l.forward(t, training) : l.forward(t, training, mask);
      mask = l.computeMask(t, mask);
      t = out;
    }
    outputMask = mask;
    return t;
  }

  /** The mask on the last forward's output (null without one); the loss and metrics skip masked timesteps. */
  private Tensor outputMask;

  private double lossValue(Tensor y, Tensor p) {
    return outputMask == null ? loss.compute(y, p) : MaskedLoss.compute(loss, y, p, outputMask);
  }

  private Tensor lossGradient(Tensor y, Tensor p) {
    return outputMask == null ? loss.gradient(y, p) : MaskedLoss.gradient(loss, y, p, outputMask);
  }

  // ---- evaluation and prediction -----------------------------------------------------------------------

  /** Keras {@code evaluate}: {@code [loss, metrics...]} (see {@link #metricsNames()}), batch size 32. */
  public double[] evaluate(INDArray x, INDArray y) {
    return evaluate(x, y, 32);
  }

  public double[] evaluate(INDArray x, INDArray y, int batchSize) {
    requireCompiled("evaluate()");
    Tensor tx = toTensor(x, "x");
    Tensor ty = toTensor(y, "y");
    prepare(tx, ty);
    return evaluateTensors(tx, ty, batchSize);
  }

  private double[] evaluateTensors(Tensor x, Tensor y, int batchSize) {
    int n = x.dim(0);
    int batch = statefulModel() && fixedBatchSize > 0 ? fixedBatchSize : Math.max(1, batchSize);
    resetMetrics();
    Running running = new Running();
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      double l = step(x.slice(from, to), y.slice(from, to), false);
      running.add(l, to - from);
    }
    double[] r = new double[1 + metricNames.size()];
    r[0] = running.mean();
    for (int i = 0; i < metricNames.size(); i++) {
      r[i + 1] = metrics.get(i).result();
    }
    return r;
  }

  /** Keras {@code test_on_batch}: {@code [loss, metrics...]} on one batch, no update. */
  public double[] testOnBatch(INDArray x, INDArray y) {
    requireCompiled("testOnBatch()");
    Tensor tx = toTensor(x, "x");
    Tensor ty = toTensor(y, "y");
    prepare(tx, ty);
    resetMetrics();
    return results(step(tx, ty, false));
  }

  /** Keras {@code predict} with batch size 32 (the fixed batch size for stateful models). */
  public INDArray predict(INDArray x) {
    return predict(x, 32);
  }

  public INDArray predict(INDArray x, int batchSize) {
    Tensor tx = toTensor(x, "x");
    ensureBuiltFor(tx);
    int n = tx.dim(0);
    int batch = statefulModel() && fixedBatchSize > 0 ? fixedBatchSize : Math.max(1, batchSize);
    if (statefulModel() && n % batch != 0) {
      throw new IllegalArgumentException("This model has a stateful layer with fixed batch size " + batch
          + "; predict() got " + n + " samples. Pass a multiple of " + batch + " samples.");
    }
    int[] os = outputShape();
    int[] shape = new int[os.length + 1];
    shape[0] = n;
    System.arraycopy(os, 0, shape, 1, os.length);
    Tensor out = new Tensor(shape);
    int per = out.sampleSize();
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      Tensor p = predict(tx.slice(from, to));
      System.arraycopy(p.data, 0, out.data, from * per, (to - from) * per);
    }
    return out.toINDArray(float32 ? DataType.FLOAT : DataType.DOUBLE);
  }

  /** Inference on tensors for streaming callers (no conversion, no dropout). */
  public Tensor predict(Tensor x) {
    ensureBuiltFor(x);
    checkBatch(x);
    return forward(x, false);
  }

  /** Keras {@code predict_on_batch}. */
  public INDArray predictOnBatch(INDArray x) {
    Tensor tx = toTensor(x, "x");
    return predict(tx).toINDArray(float32 ? DataType.FLOAT : DataType.DOUBLE);
  }

  /**
   * Keras 2 {@code predict_classes}: argmax over the last axis for multi-class outputs, {@code p > 0.5}
   * for a single sigmoid output (shape {@code (samples, 1)}).
   */
  public INDArray predictClasses(INDArray x) {
    Tensor p = Tensor.from(predict(x));
    int c = p.dim(-1);
    if (c == 1) {
      Tensor r = new Tensor(p.shape);
      for (int i = 0; i < p.size(); i++) {
        r.data[i] = p.data[i] > 0.5 ? 1 : 0;
      }
      return r.toINDArray(DataType.INT32);
    }
    int rows = p.size() / c;
    int[] shape = java.util.Arrays.copyOf(p.shape, p.rank() - 1);
    Tensor r = new Tensor(shape);
    for (int i = 0; i < rows; i++) {
      int best = 0;
      for (int j = 1; j < c; j++) {
        if (p.data[i * c + j] > p.data[i * c + best]) {
          best = j;
        }
      }
      r.data[i] = best;
    }
    return r.toINDArray(DataType.INT32);
  }

  // ---- state -------------------------------------------------------------------------------------------

  /** Clears the state of every stateful layer (Keras {@code reset_states}). */
  public void resetStates() {
    for (Layer<?> l : layers) {
      l.resetStates();
    }
  }

  /** All weights in Keras order, as arrays in Keras shapes. */
  public List<INDArray> getWeights() {
    List<INDArray> r = new ArrayList<>();
    for (Weight w : weights()) {
      r.add(new Tensor(w.value().clone(), w.shape()).toINDArray(float32 ? DataType.FLOAT : DataType.DOUBLE));
    }
    return r;
  }

  /** Sets all weights from arrays in Keras order and shapes (as {@code getWeights} returns them). */
  public void setWeights(List<INDArray> values) {
    List<Weight> ws = weights();
    if (values.size() != ws.size()) {
      throw new IllegalArgumentException("setWeights() got " + values.size() + " arrays but the model has "
          + ws.size() + " weights: " + ws);
    }
    for (int i = 0; i < ws.size(); i++) {
      Weight w = ws.get(i);
      Tensor t = Tensor.from(values.get(i));
      if (!java.util.Arrays.equals(t.shape, w.shape())) {
        throw new IllegalArgumentException("setWeights(): weight " + i + " (" + w.name() + ") has shape "
            + Tensor.shapeString(w.shape()) + " but the given array has shape " + t.shapeString());
      }
      System.arraycopy(t.data, 0, w.value(), 0, t.size());
    }
    for (Layer<?> l : layers) {
      roundWeights(l);
    }
  }

  // ---- saving (see ModelArchive) -------------------------------------------------------------------------

  /**
   * Keras {@code model.save}: writes architecture, weights and optimizer state to a zip archive at
   * {@code path} (or into {@code path} if it is an existing directory). {@link Models#load} reads it back;
   * training then resumes exactly (dropout and shuffling draw from fresh seeded streams).
   */
  public void save(java.nio.file.Path path) throws java.io.IOException {
    ModelArchive.save(this, path);
  }

  /** Keras {@code save_weights}: only the layer weights, in Keras order, to a binary file. */
  public void saveWeights(java.nio.file.Path path) throws java.io.IOException {
    requireBuilt("saveWeights()");
    ModelArchive.saveWeights(this, path);
  }

  /** Keras {@code load_weights}: weights saved by {@link #saveWeights}; shapes must match this model. */
  public void loadWeights(java.nio.file.Path path) throws java.io.IOException {
    requireBuilt("loadWeights()");
    ModelArchive.loadWeights(this, path);
  }

  /** The live weights of every layer in Keras order (for checkpointing and custom training loops). */
  public List<Weight> weights() {
    requireBuilt("the weights");
    List<Weight> ws = new ArrayList<>();
    for (Layer<?> l : layers) {
      ws.addAll(l.weights());
    }
    return ws;
  }

  public long countParams() {
    requireBuilt("countParams()");
    long n = 0;
    for (Layer<?> l : layers) {
      n += l.countParams();
    }
    return n;
  }

  /** Keras 2 style summary table: Layer (type), Output Shape (None for the batch), Param #, totals. */
  public String summary() {
    requireBuilt("summary()");
    StringBuilder b = new StringBuilder();
    String line = "_".repeat(65);
    String dline = "=".repeat(65);
    b.append("Model: \"").append(name).append("\"\n").append(line).append('\n');
    b.append(row("Layer (type)", "Output Shape", "Param #")).append('\n').append(dline).append('\n');
    long trainable = 0;
    long frozen = 0;
    for (int i = 0; i < layers.size(); i++) {
      Layer<?> l = layers.get(i);
      int[] os = outputShape(i);
      int[] withBatch = new int[os.length + 1];
      withBatch[0] = fixedBatchSize > 0 ? fixedBatchSize : -1;
      System.arraycopy(os, 0, withBatch, 1, os.length);
      long p = l.countParams();
      for (Weight w : l.weights()) {
        if (w.trainable()) {
          trainable += w.size();
        } else {
          frozen += w.size();
        }
      }
      b.append(row(l.name() + " (" + l.className() + ")", Tensor.shapeString(withBatch), String.format(
          Locale.ROOT, "%,d", p))).append('\n');
      b.append(i == layers.size() - 1 ? dline : " ".repeat(65)).append('\n');
    }
    b.append(String.format(Locale.ROOT, "Total params: %,d%n", trainable + frozen));
    b.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
    b.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", frozen));
    b.append(line).append('\n');
    return b.toString();
  }

  private static String row(String a, String b, String c) {
    return String.format(Locale.ROOT, " %-27s %-25s %-10s", a, b, c).stripTrailing();
  }

  // ---- input checking ------------------------------------------------------------------------------------

  private Tensor toTensor(INDArray a, String what) {
    if (a == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    Tensor t = Tensor.from(a);
    for (int i = 0; i < t.data.length; i++) {
      double v = t.data[i];
      if (!Double.isFinite(v)) {
        int per = Math.max(1, t.sampleSize());
        throw new IllegalArgumentException(what + " contains " + v + " at sample " + (i / per)
            + " (flat index " + i + "). Models cannot learn from NaN or infinite values: drop or impute them.");
      }
    }
    return t;
  }

  private void prepare(Tensor x, Tensor y) {
    ensureBuiltFor(x);
    resolveMetrics();
    if (x.dim(0) != y.dim(0)) {
      throw new IllegalArgumentException("x has " + x.dim(0) + " samples but y has " + y.dim(0)
          + ". They must have the same number of samples (axis 0).");
    }
  }

  private void ensureBuiltFor(Tensor x) {
    if (layers.isEmpty()) {
      throw new IllegalStateException("The model has no layers: add() layers before using it.");
    }
    if (x.rank() < 2) {
      throw new IllegalArgumentException("Input has shape " + x.shapeString() + " but models take a batch: "
          + expectedText(inputShape) + ". Add the samples axis, e.g. x.reshape(1, " + x.dim(0) + ").");
    }
    int[] sample = java.util.Arrays.copyOfRange(x.shape, 1, x.rank());
    if (!built()) {
      build(sample);
      return;
    }
    if (!java.util.Arrays.equals(sample, inputShape) && !variableTimesteps(sample)) {
      throw new IllegalArgumentException(inputMismatch(sample, x.dim(0)));
    }
  }

  /**
   * Recurrent models take any number of timesteps with the declared features (Keras
   * {@code input_shape=(None, features)}): a stateful forecaster steps one event at a time.
   */
  private boolean variableTimesteps(int[] sample) {
    Layer<?> first = layers.get(0);
    boolean anyLength = first instanceof io.tidecast.models.layers.Recurrent
        || first instanceof io.tidecast.models.layers.Masking
        || first instanceof io.tidecast.models.layers.Bidirectional;
    return anyLength && sample.length == 2
        && inputShape.length == 2 && sample[1] == inputShape[1] && sample[0] > 0;
  }

  private String inputMismatch(int[] given, int samples) {
    int[] full = new int[given.length + 1];
    full[0] = samples;
    System.arraycopy(given, 0, full, 1, given.length);
    StringBuilder m = new StringBuilder("Input shape mismatch: the model expects ").append(expectedText(inputShape))
        .append(" but got ").append(Tensor.shapeString(full)).append(". The first layer \"")
        .append(layers.get(0).name()).append("\" was declared with inputShape").append(
            Tensor.shapeString(inputShape)).append('.');
    if (given.length == inputShape.length && Tensor.sizeOf(given) == Tensor.sizeOf(inputShape)) {
      m.append(" The sizes agree but the axes differ: if your data is laid out as (samples, ")
          .append(inputShape.length == 2 ? "timesteps, features" : "...").append(") reshape it to (")
          .append(samples < 0 ? "samples" : Integer.toString(samples)).append(", ")
          .append(Tensor.shapeString(inputShape), 1, Tensor.shapeString(inputShape).length())
          .append(", otherwise declare inputShape").append(Tensor.shapeString(given)).append('.');
    } else if (inputShape.length == 2 && given.length == 1) {
      m.append(" Recurrent layers need a timesteps axis: reshape to (samples, timesteps, features).");
    }
    return m.toString();
  }

  private static String expectedText(int[] sample) {
    if (sample == null) {
      return "(samples, ...)";
    }
    int[] full = new int[sample.length + 1];
    full[0] = -1;
    System.arraycopy(sample, 0, full, 1, sample.length);
    String names = sample.length == 2 ? "(samples, timesteps, features)" : sample.length == 1
        ? "(samples, features)" : "(samples, ...)";
    return names + " = " + Tensor.shapeString(full);
  }

  private boolean statefulModel() {
    for (Layer<?> l : layers) {
      if (l.isStateful()) {
        return true;
      }
    }
    return false;
  }

  private void checkBatch(Tensor x) {
    if (fixedBatchSize > 0 && statefulModel() && x.dim(0) != fixedBatchSize) {
      throw new IllegalArgumentException("This model is stateful with batch size " + fixedBatchSize
          + " (from batchInputShape) but got a batch of " + x.dim(0) + " samples. A stateful RNN carries one "
          + "state per sample position, so every batch must have " + fixedBatchSize + " samples.");
    }
  }

  private void warnIfUnscaled(Tensor x, Tensor y) {
    if (warnedScale || loss.name().contains("crossentropy")) {
      return;
    }
    double my = maxAbs(y);
    double mx = maxAbs(x);
    if (my > 1e3 || mx > 1e3) {
      warnedScale = true;
      String which = my > 1e3 ? "targets (y) reach " + String.format(Locale.ROOT, "%.3g", my)
          : "inputs (x) reach " + String.format(Locale.ROOT, "%.3g", mx);
      System.err.println("WARNING: " + which + " in magnitude. Neural networks train poorly on unscaled data"
          + " (the loss can explode to 1e19 or NaN). Scale inputs and targets to about [-1, 1] or unit"
          + " variance first, e.g. with a StandardScaler or MinMaxScaler, and invert the scaling on predictions.");
    }
  }

  private static double maxAbs(Tensor t) {
    double m = 0;
    for (double v : t.data) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  // ---- metrics bookkeeping --------------------------------------------------------------------------------

  private void resetMetrics() {
    if (metrics != null) {
      for (Metric m : metrics) {
        m.reset();
      }
    }
  }

  private void updateMetrics(Tensor y, Tensor p) {
    if (metrics != null && !metrics.isEmpty()) {
      Tensor[] kept = outputMask == null ? new Tensor[] {y, p} : MaskedLoss.kept(y, p, outputMask);
      if (kept == null) {
        return;
      }
      for (Metric m : metrics) {
        m.update(kept[0], kept[1]);
      }
    }
  }

  private double[] results(double l) {
    double[] r = new double[1 + metricNames.size()];
    r[0] = l;
    for (int i = 0; i < metricNames.size(); i++) {
      r[i + 1] = metrics.get(i).result();
    }
    return r;
  }

  /** Keras's loss tracker: the mean of batch losses weighted by batch size. */
  private final class Running {
    private double sum;
    private long count;

    void add(double l, int n) {
      sum += l * n;
      count += n;
    }

    double mean() {
      return count == 0 ? Double.NaN : sum / count;
    }

    Map<String, Double> logs(List<Metric> ms) {
      Map<String, Double> logs = new LinkedHashMap<>();
      logs.put("loss", mean());
      for (int i = 0; i < metricNames.size(); i++) {
        logs.put(metricNames.get(i), ms.get(i).result());
      }
      return logs;
    }
  }
}
