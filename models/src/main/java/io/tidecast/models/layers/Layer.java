package io.tidecast.models.layers;

import io.tidecast.models.Initializer;
import io.tidecast.models.Regularizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Keras layer: configuration (fluent setters), {@link #build} (create weights once the input shape is
 * known), {@link #forward} (Keras {@code call}) and {@link #backward} (gradients, which Keras gets from
 * autodiff). Shapes passed to {@code build}/{@code computeOutputShape} exclude the batch axis.
 *
 * <p>{@code forward} caches what {@code backward} needs, so one layer instance handles one batch at a time.
 *
 * @param <T> the concrete layer type, so fluent setters chain in any order
 */
public abstract class Layer<T extends Layer<T>> {
  private String name;
  private int[] declaredInputShape;
  private int declaredBatchSize = -1;
  private boolean trainable = true;
  private boolean float32;
  private int[] builtInputShape;
  private final List<Weight> weights = new ArrayList<>();
  private boolean warnedMask;
  /** Seeded by the model before {@link #build}; used for initializers without their own seed and dropout. */
  protected SplittableRandom rng = new SplittableRandom(1337);

  @SuppressWarnings("unchecked")
  protected final T self() {
    return (T) this;
  }

  /** Keras {@code input_shape}: the shape of one sample, e.g. {@code inputShape(timesteps, features)}. */
  public T inputShape(int... shape) {
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("inputShape dimensions must be positive, got "
            + Tensor.shapeString(shape));
      }
    }
    this.declaredInputShape = shape.clone();
    return self();
  }

  /** Keras {@code batch_input_shape}: {@code (batch, ...sample shape)}; required for stateful RNNs. */
  public T batchInputShape(int... shape) {
    if (shape.length < 2) {
      throw new IllegalArgumentException("batchInputShape needs (batch, ...sample shape), got "
          + Tensor.shapeString(shape));
    }
    if (shape[0] <= 0) {
      throw new IllegalArgumentException("batchInputShape batch size must be positive, got " + shape[0]);
    }
    inputShape(java.util.Arrays.copyOfRange(shape, 1, shape.length));
    this.declaredBatchSize = shape[0];
    return self();
  }

  /** Keras {@code batch_size} argument (used with {@code inputShape}). */
  public T batchSize(int batchSize) {
    this.declaredBatchSize = batchSize;
    return self();
  }

  public T name(String name) {
    this.name = name;
    return self();
  }

  public T trainable(boolean trainable) {
    this.trainable = trainable;
    for (Weight w : weights()) {
      w.trainable(trainable);
    }
    return self();
  }

  public String name() {
    return name;
  }

  /**
   * Keras {@code dtype}: {@code "float32"} lets the layer use its float kernels (float maths, fast
   * activations; see {@code FloatRecurrentKernel}); {@code "float64"} computes exactly in double. A
   * {@code Sequential} sets its own dtype (default float32) on every layer it holds; a layer used on its
   * own computes in float64 unless told otherwise.
   */
  public T dtype(String dtype) {
    switch (dtype.toLowerCase(java.util.Locale.ROOT)) {
      case "float32":
        float32 = true;
        break;
      case "float64":
        float32 = false;
        break;
      default:
        throw new IllegalArgumentException("dtype must be \"float32\" or \"float64\", got \"" + dtype + "\"");
    }
    return self();
  }

  public String dtype() {
    return float32 ? "float32" : "float64";
  }

  /** True when the layer may compute in float (see {@link #dtype(String)}). */
  final boolean float32() {
    return float32;
  }

  public boolean trainable() {
    return trainable;
  }

  /** The sample shape declared with {@code inputShape}/{@code batchInputShape}, or null. */
  public int[] declaredInputShape() {
    return declaredInputShape == null ? null : declaredInputShape.clone();
  }

  /** The batch size declared with {@code batchInputShape}/{@code batchSize}, or -1. */
  public int declaredBatchSize() {
    return declaredBatchSize;
  }

  /** Keras class name, e.g. {@code LSTM}. */
  public String className() {
    return getClass().getSimpleName();
  }

  /** Default name stem, e.g. {@code lstm} for LSTM, {@code simple_rnn} for SimpleRNN. */
  public String defaultNameStem() {
    String s = className();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean boundary = i > 0 && Character.isUpperCase(c) && Character.isLowerCase(s.charAt(i - 1));
      if (boundary) {
        b.append('_');
      }
      b.append(Character.toLowerCase(c));
    }
    return b.toString();
  }

  // ---- lifecycle, called by the model --------------------------------------------------------------

  /** Called once by the model: assigns the name and random stream, then builds for the input shape. */
  public final void build(String name, int[] inputShape, SplittableRandom rng) {
    if (this.name == null) {
      this.name = name;
    }
    this.rng = rng;
    if (builtInputShape != null) {
      if (!java.util.Arrays.equals(builtInputShape, inputShape)) {
        throw new IllegalArgumentException("Layer \"" + this.name + "\" was built for input shape "
            + Tensor.shapeString(withBatch(builtInputShape)) + " and cannot be reused with "
            + Tensor.shapeString(withBatch(inputShape)) + ".");
      }
      return;
    }
    build(inputShape.clone());
    builtInputShape = inputShape.clone();
  }

  public boolean built() {
    return builtInputShape != null;
  }

  public int[] builtInputShape() {
    return builtInputShape == null ? null : builtInputShape.clone();
  }

  /** Creates the weights for a sample of shape {@code inputShape} (batch axis excluded). */
  protected void build(int[] inputShape) {
  }

  /** The output sample shape for a sample input shape (batch axis excluded). */
  public abstract int[] computeOutputShape(int[] inputShape);

  /**
   * Forward pass for a batch. {@code training} enables dropout and similar. Implementations cache what
   * {@link #backward} needs.
   */
  public abstract Tensor forward(Tensor x, boolean training);

  /**
   * Given dLoss/dOutput for the last {@link #forward}, adds dLoss/dWeight into each weight's gradient and
   * returns dLoss/dInput.
   */
  public abstract Tensor backward(Tensor dy);

  // ---- masking (Keras supports_masking / compute_mask / call(..., mask)) ----------------------------

  /**
   * Keras {@code supports_masking}: whether the layer accepts a timestep mask and passes one on. A mask is a
   * {@code (samples, timesteps)} tensor of 1 (keep) and 0 (skip), as Keras' boolean masks.
   */
  public boolean supportsMasking() {
    return false;
  }

  /**
   * Keras {@code compute_mask(inputs, mask)}: the mask of this layer's output for input {@code x} carrying
   * {@code mask} (null if none). By default a masking layer passes the mask on unchanged.
   */
  public Tensor computeMask(Tensor x, Tensor mask) {
    return supportsMasking() ? mask : null;
  }

  /**
   * Keras {@code call(inputs, training, mask)}: layers that use the mask (recurrent layers, normalisation,
   * wrappers) override this; the default ignores it.
   */
  public Tensor forward(Tensor x, boolean training, Tensor mask) {
    return forward(x, training);
  }

  /**
   * Keras 3 drops a mask at a layer that does not support masking, with a warning: this prints that
   * warning once per layer.
   */
  public final void warnMaskDropped() {
    if (!warnedMask) {
      warnedMask = true;
      System.err.println("WARNING: Layer '" + name + "' (of type " + className() + ") was passed an input with "
          + "a mask attached to it. However, this layer does not support masking and will therefore destroy "
          + "the mask information. Downstream layers will not see the mask.");
    }
  }

  /** Checks a mask against input {@code x}: shaped {@code (samples, timesteps)} of x's first two axes. */
  protected final void checkMask(Tensor x, Tensor mask) {
    if (mask != null && (x.rank() < 3 || mask.rank() != 2 || mask.dim(0) != x.dim(0)
        || mask.dim(1) != x.dim(1))) {
      throw new IllegalArgumentException("Layer \"" + name + "\" (" + className() + "): a mask must be shaped "
          + "(samples, timesteps) of an input shaped (samples, timesteps, features); got mask "
          + mask.shapeString() + " for input " + x.shapeString() + ".");
    }
  }

  /** True for layers that carry state across batches (Keras {@code stateful=True}). */
  public boolean isStateful() {
    return false;
  }

  /** Clears recurrent state; a no-op for stateless layers. */
  public void resetStates() {
  }

  /** Keras {@code get_config()} keys and values. */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("trainable", trainable);
    if (declaredInputShape != null) {
      if (declaredBatchSize > 0) {
        int[] b = new int[declaredInputShape.length + 1];
        b[0] = declaredBatchSize;
        System.arraycopy(declaredInputShape, 0, b, 1, declaredInputShape.length);
        c.put("batch_input_shape", b);
      } else {
        c.put("input_shape", declaredInputShape.clone());
      }
    }
    return c;
  }

  // ---- weights ---------------------------------------------------------------------------------------

  /** Keras {@code add_weight}: creates and initialises a weight named {@code <layer>/<name>}. */
  protected final Weight addWeight(String weightName, int[] shape, Initializer initializer,
      Regularizer regularizer) {
    Weight w = new Weight(this.name + "/" + weightName, shape, regularizer, trainable);
    initializer.initialize(w.value, shape, rng);
    weights.add(w);
    return w;
  }

  /**
   * Keras {@code add_weight(..., trainable=False)}: a weight that the layer updates itself (e.g. moving
   * statistics); optimizers and regularizers leave it alone and {@link #trainable(boolean)} never turns it on.
   */
  protected final Weight addStateWeight(String weightName, int[] shape, Initializer initializer) {
    Weight w = Weight.state(this.name + "/" + weightName, shape);
    initializer.initialize(w.value, shape, rng);
    weights.add(w);
    return w;
  }

  /** The layer's weights in Keras order (e.g. kernel, recurrent_kernel, bias). */
  public List<Weight> weights() {
    return Collections.unmodifiableList(weights);
  }

  public long countParams() {
    long n = 0;
    for (Weight w : weights()) {
      n += w.size();
    }
    return n;
  }

  // ---- helpers for subclasses ------------------------------------------------------------------------

  protected static int[] withBatch(int[] sampleShape) {
    int[] s = new int[sampleShape.length + 1];
    s[0] = -1;
    System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
    return s;
  }

  /** Keras-style rank check with a hint on what the axes mean. */
  protected final void requireRank(int[] sampleShape, int sampleRank, String meaning) {
    if (sampleShape.length != sampleRank) {
      throw new IllegalArgumentException("Input 0 of layer \"" + (name == null ? defaultNameStem() : name)
          + "\" (" + className() + ") is incompatible with the layer: expected ndim=" + (sampleRank + 1)
          + " " + meaning + ", found ndim=" + (sampleShape.length + 1) + ". Full shape received: "
          + Tensor.shapeString(withBatch(sampleShape)) + ".");
    }
  }

  protected static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
