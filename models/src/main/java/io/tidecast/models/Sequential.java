package io.tidecast.models;

import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.Optimizer;
import io.tidecast.models.optimizers.Optimizers;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 *
 * <p>This class is the topology (layers, shapes, weights, forward pass); what {@code compile} sets up and the
 * {@code fit}/{@code evaluate} loops live in a {@link Trainer}, as in Keras.
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

  /** Set by {@code compile}: the optimizer, loss, metrics and the loops that use them. */
  private Trainer trainer;
  private boolean stopTraining;
  private PrintStream out = System.out;

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
    if (trainer != null) {
      trainer.optimizer().float32(float32);
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

  PrintStream output() {
    return out;
  }

  SplittableRandom shuffleRng() {
    return shuffleRng;
  }

  int fixedBatchSize() {
    return fixedBatchSize;
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
    optimizer.float32(float32);
    List<String> names = new ArrayList<>();
    for (String m : metrics) {
      if (m != null && !m.isEmpty()) {
        names.add(m);
      }
    }
    this.trainer = new Trainer(this, optimizer, loss, names);
    if (built()) {
      trainer.resolveMetrics();
    }
  }

  public Optimizer optimizer() {
    return trainer == null ? null : trainer.optimizer();
  }

  public Loss loss() {
    return trainer == null ? null : trainer.loss();
  }

  /** Keras {@code model.metrics_names}: {@code loss} then the compiled metrics. */
  public List<String> metricsNames() {
    List<String> n = new ArrayList<>();
    n.add("loss");
    if (trainer != null) {
      n.addAll(trainer.metricNames());
    }
    return n;
  }

  private Trainer trainer(String what) {
    if (trainer == null) {
      throw new IllegalStateException("You must call compile() before " + what
          + ", e.g. model.compile(\"adam\", \"mean_squared_error\").");
    }
    return trainer;
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
    return trainer("fit()").fit(x, y, valX, valY, o);
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
    Trainer t = trainer("trainOnBatch()");
    Tensor tx = toTensor(x, "x");
    Tensor ty = toTensor(y, "y");
    t.prepare(tx, ty);
    return t.trainOnBatch(tx, ty);
  }

  /**
   * One training step on tensors, for streaming callers that validated their data: zero grads, forward,
   * loss, backward, optimizer update. Returns the loss before the update; a non-finite loss or gradient
   * skips the update and is returned as is.
   */
  public double trainOnBatch(Tensor x, Tensor y) {
    Trainer t = trainer("trainOnBatch()");
    ensureBuiltFor(x);
    t.resolveMetrics();
    return t.step(x, y, true);
  }

  /**
   * Forward and backward in training mode without an update (Keras {@code GradientTape} over the loss):
   * returns the loss (with regularization) and leaves d(loss)/d(weight) in each {@link Weight#grad()}.
   */
  public double computeGradients(Tensor x, Tensor y) {
    Trainer t = trainer("computeGradients()");
    ensureBuiltFor(x);
    t.resolveMetrics();
    return t.computeGradients(x, y);
  }

  /**
   * Runs the layers, passing Keras' timestep mask along (from a {@code Masking} layer): layers that support
   * masking get it and pass it on; one that does not drops it with Keras 3's warning.
   */
  Tensor forward(Tensor x, boolean training) {
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

  Tensor outputMask() {
    return outputMask;
  }

  // ---- evaluation and prediction -----------------------------------------------------------------------

  /** Keras {@code evaluate}: {@code [loss, metrics...]} (see {@link #metricsNames()}), batch size 32. */
  public double[] evaluate(INDArray x, INDArray y) {
    return evaluate(x, y, 32);
  }

  public double[] evaluate(INDArray x, INDArray y, int batchSize) {
    Trainer t = trainer("evaluate()");
    Tensor tx = toTensor(x, "x");
    Tensor ty = toTensor(y, "y");
    t.prepare(tx, ty);
    return t.evaluate(tx, ty, batchSize);
  }

  /** Keras {@code test_on_batch}: {@code [loss, metrics...]} on one batch, no update. */
  public double[] testOnBatch(INDArray x, INDArray y) {
    Trainer t = trainer("testOnBatch()");
    Tensor tx = toTensor(x, "x");
    Tensor ty = toTensor(y, "y");
    t.prepare(tx, ty);
    return t.testOnBatch(tx, ty);
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

  void ensureBuiltFor(Tensor x) {
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

  boolean statefulModel() {
    for (Layer<?> l : layers) {
      if (l.isStateful()) {
        return true;
      }
    }
    return false;
  }

  void checkBatch(Tensor x) {
    if (fixedBatchSize > 0 && statefulModel() && x.dim(0) != fixedBatchSize) {
      throw new IllegalArgumentException("This model is stateful with batch size " + fixedBatchSize
          + " (from batchInputShape) but got a batch of " + x.dim(0) + " samples. A stateful RNN carries one "
          + "state per sample position, so every batch must have " + fixedBatchSize + " samples.");
    }
  }
}
