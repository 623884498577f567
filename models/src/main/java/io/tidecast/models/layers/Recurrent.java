package io.tidecast.models.layers;

import io.tidecast.models.ActivationFunction;
import io.tidecast.models.Activations;
import io.tidecast.models.Initializer;
import io.tidecast.models.Initializers;
import io.tidecast.models.Regularizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What Keras' {@code RNN} wrapper does around a cell, shared by {@link LSTM}, {@link GRU} and
 * {@link SimpleRNN}: the loop over timesteps ({@code go_backwards}), {@code return_sequences}, dropout masks,
 * initial and carried ({@code stateful}) states, the input projection {@code x . kernel + bias} for all
 * timesteps at once, and its gradients. Subclasses implement one cell's recurrence and its BPTT.
 *
 * <p>Input {@code (samples, timesteps, features)}; output {@code (samples, units)} or, with
 * {@code returnSequences(true)}, {@code (samples, timesteps, units)} in the order the steps were processed
 * (reversed with {@code goBackwards(true)}, as in Keras).
 *
 * <p>State handling:
 * <ul>
 *   <li>{@link #states()}: the final states of the last {@code forward} ({@code [h, c]} for LSTM,
 *       {@code [h]} otherwise), for any layer; this is what Keras returns with {@code return_state=True}
 *       (a Sequential model passes on only the first output).</li>
 *   <li>{@link #initialState(List)}: states that the <em>next</em> {@code forward} starts from (used once), on
 *       any layer, stateful or not. With {@link #states()} this runs a layer on externally kept state, e.g.
 *       one {@code (h, c)} per stream key, without making it stateful.</li>
 *   <li>{@code stateful(true)}: each {@code forward} starts from the final state of the previous one,
 *       detached (truncated BPTT: no gradient flows into it). {@link #resetStates()} clears it (the next
 *       batch starts from zeros and may have a new batch size); {@link #resetStates(List)} /
 *       {@link #setStates(List)} load given states; {@link #getStates()} returns copies.</li>
 * </ul>
 *
 * @param <T> the concrete layer type
 */
public abstract class Recurrent<T extends Recurrent<T>> extends Layer<T> {
  final int units;
  /** Number of gate blocks of width {@code units} in kernel columns (LSTM 4, GRU 3, SimpleRNN 1). */
  final int gates;
  ActivationFunction activation = Activations.get("tanh");
  ActivationFunction recurrentActivation = Activations.get("sigmoid");
  boolean useBias = true;
  Initializer kernelInitializer = Initializers.get("glorot_uniform");
  Initializer recurrentInitializer = Initializers.get("orthogonal");
  Initializer biasInitializer = Initializers.get("zeros");
  Regularizer kernelRegularizer;
  Regularizer recurrentRegularizer;
  Regularizer biasRegularizer;
  double dropout;
  double recurrentDropout;
  private Long seed;
  private SplittableRandom seededRng;
  boolean returnSequences;
  boolean returnState;
  boolean goBackwards;
  boolean stateful;

  Weight kernel;
  Weight recurrentKernel;
  /** Null without bias. Its first {@code gates * units} values are the input bias (for every cell). */
  Weight bias;
  int inputDim;

  // ---- state --------------------------------------------------------------------------------------
  private double[][] carried;       // stateful: final state of the previous forward, or null = zeros
  private int carriedBatch;
  private double[][] pendingInitial; // set by initialState(...), consumed by the next forward
  private int pendingBatch;
  private List<Tensor> lastStates = List.of();

  // ---- forward cache ------------------------------------------------------------------------------
  /** Samples and timesteps of the last forward. */
  int n;
  int steps;
  /** {@code hs[s]}: h before step s ({@code hs[0]} = initial state), each {@code samples x units}. */
  double[][] hs;
  /** Input masks: null (none), one shared by all gates, or one per gate; each {@code samples x features}. */
  double[][] inputMasks;
  /** Recurrent masks, like {@link #inputMasks}; each {@code samples x units}. */
  double[][] recurrentMasks;
  private Tensor lastX;
  /** The float32 kernel, created on first use; null when this cell or configuration has none. */
  private FloatRecurrentKernel fast;
  /** Whether the last forward ran on {@link #fast}. */
  private boolean lastFast;
  private double[][] maskedInputs; // per input-mask group: x * mask, or x.data itself
  /** Timestep mask per step (0/1 per sample), or null; see {@link #carryMasked}. */
  private double[][] stepMasks;
  boolean zeroOutputForMask;

  Recurrent(int units, int gates) {
    if (units <= 0) {
      throw new IllegalArgumentException("Received an invalid value for argument `units`, expected a "
          + "positive integer, got " + units + ".");
    }
    this.units = units;
    this.gates = gates;
  }

  // ---- configuration (Keras argument names and defaults) ------------------------------------------

  /** Keras {@code activation}, default {@code tanh}. */
  public T activation(String name) {
    this.activation = Activations.get(name);
    return self();
  }

  public T activation(ActivationFunction f) {
    this.activation = f;
    return self();
  }

  /** Keras {@code use_bias}, default true. */
  public T useBias(boolean b) {
    this.useBias = b;
    return self();
  }

  /** Keras {@code kernel_initializer}, default {@code glorot_uniform}. */
  public T kernelInitializer(String name) {
    return kernelInitializer(Initializers.get(name));
  }

  public T kernelInitializer(Initializer i) {
    this.kernelInitializer = i;
    return self();
  }

  /** Keras {@code recurrent_initializer}, default {@code orthogonal}. */
  public T recurrentInitializer(String name) {
    return recurrentInitializer(Initializers.get(name));
  }

  public T recurrentInitializer(Initializer i) {
    this.recurrentInitializer = i;
    return self();
  }

  /** Keras {@code bias_initializer}, default {@code zeros}. */
  public T biasInitializer(String name) {
    return biasInitializer(Initializers.get(name));
  }

  public T biasInitializer(Initializer i) {
    this.biasInitializer = i;
    return self();
  }

  public T kernelRegularizer(Regularizer r) {
    this.kernelRegularizer = r;
    return self();
  }

  public T recurrentRegularizer(Regularizer r) {
    this.recurrentRegularizer = r;
    return self();
  }

  public T biasRegularizer(Regularizer r) {
    this.biasRegularizer = r;
    return self();
  }

  /** Keras {@code dropout}: fraction of the inputs dropped (training only), one mask per batch. */
  public T dropout(double rate) {
    this.dropout = checkRate("dropout", rate);
    return self();
  }

  /** Keras {@code recurrent_dropout}: fraction of the recurrent state dropped (training only). */
  public T recurrentDropout(double rate) {
    this.recurrentDropout = checkRate("recurrentDropout", rate);
    return self();
  }

  /**
   * Keras {@code seed}: the dropout masks come from their own stream seeded here instead of the model's.
   * Calling it again restarts that stream, so the next batch gets the same masks again.
   */
  public T seed(long seed) {
    this.seed = seed;
    this.seededRng = new SplittableRandom(seed);
    return self();
  }

  /** Keras {@code return_sequences}, default false. */
  public T returnSequences(boolean b) {
    this.returnSequences = b;
    return self();
  }

  /** Keras {@code return_state}: final states are readable via {@link #states()}; the output is unchanged. */
  public T returnState(boolean b) {
    this.returnState = b;
    return self();
  }

  /** Keras {@code go_backwards}: process the timesteps last to first. */
  public T goBackwards(boolean b) {
    this.goBackwards = b;
    return self();
  }

  /** Keras {@code stateful}; needs {@code batchInputShape(batch, timesteps, features)}. */
  public T stateful(boolean b) {
    this.stateful = b;
    return self();
  }

  public int units() {
    return units;
  }

  public boolean returnSequences() {
    return returnSequences;
  }

  public boolean returnState() {
    return returnState;
  }

  public boolean goBackwards() {
    return goBackwards;
  }

  @Override
  public boolean isStateful() {
    return stateful();
  }

  public boolean stateful() {
    return stateful;
  }

  private static double checkRate(String what, double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(what + " must be in [0, 1), got " + rate);
    }
    return rate;
  }

  // ---- cell hooks ---------------------------------------------------------------------------------

  /** Number of state tensors: 2 for LSTM (h, c), 1 otherwise. */
  int stateCount() {
    return 1;
  }

  /** How many independent input/recurrent dropout masks the cell uses (1 shared, or one per gate). */
  int maskCount() {
    return 1;
  }

  /** Creates the bias weight (shape and initialisation differ per cell). */
  abstract Weight buildBias();

  /**
   * Runs the recurrence over {@link #steps} steps. {@code xw} is {@code x . kernel + input bias} laid out
   * {@code (samples, timesteps, gates*units)} in input time order; {@link #hs}{@code [0]} and {@code init}
   * hold the initial states. Fills {@code hs[1..steps]} and the cell's cache; returns the final states.
   */
  abstract double[][] forwardSteps(double[] xw, double[][] init);

  /**
   * BPTT. {@code dhs[s]} is dLoss/d(h after step s) from the output, or null where zero. Accumulates the
   * recurrent kernel (and recurrent bias) gradients and writes dLoss/d{@code xw} into {@code dxw}.
   */
  abstract void backwardSteps(double[][] dhs, double[] dxw);

  /** Whether the float32 kernel covers the current configuration (e.g. only tanh/sigmoid activations). */
  boolean floatKernelApplies() {
    return false;
  }

  /** A new float32 kernel for this built layer; only called when {@link #floatKernelApplies()}. */
  FloatRecurrentKernel newFloatKernel() {
    throw new UnsupportedOperationException();
  }

  /** The input time index processed at step {@code s}. */
  final int timeIndex(int s) {
    return goBackwards ? steps - 1 - s : s;
  }

  /** The recurrent mask applying to gate {@code g}, or null. */
  final double[] recurrentMask(int g) {
    return recurrentMasks == null ? null : recurrentMasks[recurrentMasks.length == 1 ? 0 : g];
  }

  /** {@code h} masked for gate {@code g}: {@code h} itself without recurrent dropout. */
  final double[] maskedState(double[] h, int g) {
    double[] m = recurrentMask(g);
    if (m == null) {
      return h;
    }
    double[] out = new double[h.length];
    for (int i = 0; i < h.length; i++) {
      out[i] = h[i] * m[i];
    }
    return out;
  }

  // ---- Layer ------------------------------------------------------------------------------------------

  @Override
  protected void build(int[] inputShape) {
    checkSampleShape(inputShape);
    if (stateful && declaredBatchSize() <= 0) {
      throw statefulNeedsBatch();
    }
    inputDim = inputShape[1];
    int cols = gates * units;
    kernel = addWeight("kernel", new int[] {inputDim, cols}, kernelInitializer, kernelRegularizer);
    recurrentKernel = addWeight("recurrent_kernel", new int[] {units, cols}, recurrentInitializer,
        recurrentRegularizer);
    bias = useBias ? buildBias() : null;
  }

  private void checkSampleShape(int[] inputShape) {
    try {
      requireRank(inputShape, 2, "(samples, timesteps, features)");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " " + className()
          + " expects input shaped (samples, timesteps, features), e.g. inputShape(timesteps, features).");
    }
  }

  private IllegalStateException statefulNeedsBatch() {
    return new IllegalStateException("A stateful RNN layer needs a fixed batch size: use "
        + "batchInputShape(batch, timesteps, features)");
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    checkSampleShape(inputShape);
    return returnSequences ? new int[] {inputShape[0], units} : new int[] {units};
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** Keras: the mask goes on with the sequence ({@code return_sequences}) and ends with the last output. */
  @Override
  public Tensor computeMask(Tensor x, Tensor mask) {
    return returnSequences ? mask : null;
  }

  /**
   * Keras {@code zero_output_for_mask} (default false): with a mask and {@code return_sequences}, masked
   * timesteps output zeros instead of the previous output. {@link Bidirectional} sets it.
   */
  T zeroOutputForMask(boolean b) {
    this.zeroOutputForMask = b;
    return self();
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    return forward(x, training, null);
  }

  /**
   * With a {@code (samples, timesteps)} mask (Keras {@code call(..., mask)}), a sample's masked timesteps are
   * skipped: its states carry through unchanged and its output there repeats the previous output (zeros
   * before the first kept step, or always zeros with {@code zero_output_for_mask}), as Keras' {@code rnn}.
   */
  @Override
  public Tensor forward(Tensor x, boolean training, Tensor mask) {
    if (x.rank() != 3 || x.dim(2) != inputDim) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className() + ") expects input "
          + "shaped (samples, timesteps, features) with " + inputDim + " features, e.g. inputShape(timesteps, "
          + inputDim + "); got " + x.shapeString() + ".");
    }
    if (stateful && declaredBatchSize() <= 0) {
      throw statefulNeedsBatch();
    }
    n = x.dim(0);
    steps = x.dim(1);
    checkMask(x, mask);
    double[][] init = initialStates();
    sampleMasks(training);
    stepMasks = stepMasks(mask);
    lastX = x;
    lastFast = float32() && inputMasks == null && recurrentMasks == null && stepMasks == null
        && floatKernelApplies();
    if (lastFast && fast == null) {
      fast = newFloatKernel();
    }
    double[][] fin;
    if (lastFast) {
      fin = fast.forward(x.data, n, steps, goBackwards, init, kernel.value, recurrentKernel.value,
          bias == null ? null : bias.value);
    } else {
      double[] xw = projectInputs(x);
      hs = new double[steps + 1][];
      hs[0] = init[0];
      fin = forwardSteps(xw, init);
    }

    List<Tensor> st = new ArrayList<>(fin.length);
    for (double[] f : fin) {
      st.add(new Tensor(f.clone(), n, units));
    }
    lastStates = Collections.unmodifiableList(st);
    if (stateful) {
      carried = copyAll(fin);
      carriedBatch = n;
    }

    if (lastFast) {
      Tensor y = returnSequences ? new Tensor(n, steps, units) : new Tensor(n, units);
      fast.output(y.data, returnSequences);
      return y;
    }
    if (!returnSequences) {
      Tensor y = new Tensor(hs[steps].clone(), n, units);
      if (stepMasks != null) {
        zeroUnstarted(y.data, 0, 1, steps - 1);
      }
      return y;
    }
    Tensor y = new Tensor(n, steps, units);
    for (int s = 0; s < steps; s++) {
      double[] h = hs[s + 1];
      for (int i = 0; i < n; i++) {
        System.arraycopy(h, i * units, y.data, (i * steps + s) * units, units);
      }
      if (stepMasks != null) {
        if (zeroOutputForMask) {
          zeroMasked(y.data, s);
        } else {
          zeroUnstarted(y.data, s, steps, s);
        }
      }
    }
    return y;
  }

  /**
   * Per step {@code s}, each sample's mask value at the timestep processed then, or null without a mask
   * (or with an all-ones one, which changes nothing).
   */
  private double[][] stepMasks(Tensor mask) {
    if (mask == null) {
      return null;
    }
    boolean all = true;
    for (double v : mask.data) {
      all &= v != 0;
    }
    if (all) {
      return null;
    }
    double[][] m = new double[steps][n];
    for (int s = 0; s < steps; s++) {
      int t = timeIndex(s);
      for (int i = 0; i < n; i++) {
        m[s][i] = mask.data[i * steps + t] != 0 ? 1.0 : 0.0;
      }
    }
    return m;
  }

  /** Masking, forward: samples masked at step {@code s} keep their previous state ({@code next := prev}). */
  final void carryMasked(int s, double[] next, double[] prev) {
    if (stepMasks == null) {
      return;
    }
    double[] m = stepMasks[s];
    for (int i = 0; i < n; i++) {
      if (m[i] == 0) {
        System.arraycopy(prev, i * units, next, i * units, units);
      }
    }
  }

  /**
   * Masking, backward: for samples masked at step {@code s} moves {@code d} (dLoss/dState after the step)
   * into {@code pass} (it flows unchanged to the state before the step) and zeroes it in {@code d} (nothing
   * flows into the cell); {@code pass} is zero for kept samples.
   */
  final void splitMasked(int s, double[] d, double[] pass) {
    java.util.Arrays.fill(pass, 0.0);
    if (stepMasks == null) {
      return;
    }
    double[] m = stepMasks[s];
    for (int i = 0; i < n; i++) {
      if (m[i] == 0) {
        System.arraycopy(d, i * units, pass, i * units, units);
        java.util.Arrays.fill(d, i * units, (i + 1) * units, 0.0);
      }
    }
  }

  /** Zeroes the outputs at step s (row stride {@code stride} timesteps) of samples masked at s. */
  private void zeroMasked(double[] y, int s) {
    for (int i = 0; i < n; i++) {
      if (stepMasks[s][i] == 0) {
        java.util.Arrays.fill(y, (i * steps + s) * units, (i * steps + s + 1) * units, 0.0);
      }
    }
  }

  /**
   * Keras' masked output starts at zeros and repeats the previous output at masked steps, so it is zero
   * until a sample's first kept step (even when the initial state is not): zeroes the output row at
   * {@code (i * stride + s)} of samples with no kept step in {@code [0, upTo]}.
   */
  private void zeroUnstarted(double[] y, int s, int stride, int upTo) {
    for (int i = 0; i < n; i++) {
      boolean started = false;
      for (int k = 0; k <= upTo && !started; k++) {
        started = stepMasks[k][i] != 0;
      }
      if (!started) {
        java.util.Arrays.fill(y, (i * stride + s) * units, (i * stride + s + 1) * units, 0.0);
      }
    }
  }

  @Override
  public Tensor backward(Tensor dy) {
    if (lastX == null) {
      throw new IllegalStateException("backward called before forward on layer \"" + name() + "\"");
    }
    int nh = n * units;
    if (dy.size() != (returnSequences ? nh * steps : nh)) {
      throw new IllegalArgumentException("backward of layer \"" + name() + "\" expects dLoss/dOutput shaped "
          + Tensor.shapeString(returnSequences ? new int[] {n, steps, units} : new int[] {n, units})
          + ", got " + dy.shapeString());
    }
    if (lastFast) {
      Tensor dx = new Tensor(lastX.shape);
      fast.backward(dy.data, returnSequences, dx.data, kernel.grad, recurrentKernel.grad,
          useBias ? bias.grad : null);
      return dx;
    }
    double[][] dhs = new double[steps][];
    if (returnSequences) {
      for (int s = 0; s < steps; s++) {
        double[] d = new double[nh];
        for (int i = 0; i < n; i++) {
          System.arraycopy(dy.data, (i * steps + s) * units, d, i * units, units);
        }
        dhs[s] = d;
      }
    } else {
      dhs[steps - 1] = dy.data;
    }
    if (stepMasks != null) {
      // outputs fixed at zero (zero_output_for_mask, or before a sample's first kept step) pass no gradient
      for (int s = 0; s < steps; s++) {
        if (dhs[s] == null) {
          continue;
        }
        double[] d = dhs[s] == dy.data ? dy.data.clone() : dhs[s];
        double[] y = new double[nh];
        java.util.Arrays.fill(y, 1.0);
        if (returnSequences && zeroOutputForMask) {
          for (int i = 0; i < n; i++) {
            if (stepMasks[s][i] == 0) {
              java.util.Arrays.fill(y, i * units, (i + 1) * units, 0.0);
            }
          }
        } else {
          zeroUnstarted(y, 0, 1, s);
        }
        for (int k = 0; k < nh; k++) {
          d[k] *= y[k];
        }
        dhs[s] = d;
      }
    }
    int cols = gates * units;
    double[] dxw = new double[n * steps * cols];
    backwardSteps(dhs, dxw);

    int rows = n * steps;
    if (useBias) {
      Kernels.addColumnSums(dxw, 0, bias.grad, rows, cols);
    }
    Tensor dx = new Tensor(lastX.shape);
    int groups = maskedInputs.length;
    int gc = cols / groups;
    double[] tmp = groups == 1 && inputMasks == null ? dx.data : new double[rows * inputDim];
    for (int g = 0; g < groups; g++) {
      Kernels.gemmTransA(maskedInputs[g], 0, inputDim, dxw, g * gc, cols, kernel.grad, g * gc, cols, rows,
          inputDim, gc);
      Kernels.gemmTransB(dxw, g * gc, cols, kernel.value, g * gc, cols, tmp, 0, inputDim, rows, gc, inputDim,
          false);
      if (tmp != dx.data) {
        double[] m = inputMasks == null ? null : inputMasks[g];
        for (int r = 0; r < rows; r++) {
          int mo = (r / steps) * inputDim;
          for (int f = 0; f < inputDim; f++) {
            int k = r * inputDim + f;
            dx.data[k] += m == null ? tmp[k] : tmp[k] * m[mo + f];
          }
        }
      }
    }
    return dx;
  }

  /** {@code x . kernel + input bias} for all samples and timesteps, per input-mask group. */
  private double[] projectInputs(Tensor x) {
    int rows = n * steps;
    int cols = gates * units;
    int groups = inputMasks == null ? 1 : inputMasks.length;
    maskedInputs = new double[groups][];
    double[] xw = new double[rows * cols];
    int gc = cols / groups;
    for (int g = 0; g < groups; g++) {
      double[] xm = x.data;
      if (inputMasks != null) {
        double[] m = inputMasks[g];
        xm = new double[x.size()];
        for (int r = 0; r < rows; r++) {
          int mo = (r / steps) * inputDim;
          for (int f = 0; f < inputDim; f++) {
            xm[r * inputDim + f] = x.data[r * inputDim + f] * m[mo + f];
          }
        }
      }
      maskedInputs[g] = xm;
      Kernels.gemm(xm, 0, inputDim, kernel.value, g * gc, cols, xw, g * gc, cols, rows, inputDim, gc, false);
    }
    if (useBias) {
      Kernels.addBias(xw, 0, bias.value, rows, cols);
    }
    return xw;
  }

  private void sampleMasks(boolean training) {
    inputMasks = null;
    recurrentMasks = null;
    if (!training || (dropout == 0 && recurrentDropout == 0)) {
      return;
    }
    SplittableRandom r = seededRng != null ? seededRng : rng;
    int count = maskCount();
    // Keras draws the input mask(s) first, then the recurrent one(s), once per batch.
    if (dropout > 0) {
      inputMasks = new double[count][];
      for (int g = 0; g < count; g++) {
        inputMasks[g] = dropoutMask(r, n * inputDim, dropout);
      }
    }
    if (recurrentDropout > 0) {
      recurrentMasks = new double[count][];
      for (int g = 0; g < count; g++) {
        recurrentMasks[g] = dropoutMask(r, n * units, recurrentDropout);
      }
    }
  }

  private static double[] dropoutMask(SplittableRandom r, int size, double rate) {
    double keep = 1.0 - rate;
    double scale = 1.0 / keep;
    double[] m = new double[size];
    for (int i = 0; i < size; i++) {
      m[i] = r.nextDouble() < keep ? scale : 0.0;
    }
    return m;
  }

  /** The states this forward starts from: a pending initialState, the carried state, or zeros. */
  private double[][] initialStates() {
    int k = stateCount();
    if (pendingInitial != null) {
      double[][] p = pendingInitial;
      int b = pendingBatch;
      pendingInitial = null;
      if (b != n) {
        throw new IllegalArgumentException("Layer \"" + name() + "\": initialState was given for a batch of "
            + b + " samples but the input has " + n + " samples.");
      }
      return copyAll(p);
    }
    if (stateful && carried != null) {
      if (carriedBatch != n) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" is stateful and carries state for a "
            + "batch of " + carriedBatch + " samples, but received a batch of " + n + " samples. Feed every "
            + "batch with exactly " + carriedBatch + " samples (pad or drop the remainder), or call "
            + "resetStates() before a batch of a different size.");
      }
      return copyAll(carried);
    }
    double[][] z = new double[k][];
    for (int i = 0; i < k; i++) {
      z[i] = new double[n * units];
    }
    return z;
  }

  private static double[][] copyAll(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  // ---- public state API -------------------------------------------------------------------------------

  /**
   * The final states of the last {@link #forward} ({@code [h, c]} for LSTM, {@code [h]} for GRU and
   * SimpleRNN), each {@code (samples, units)}; empty before the first forward. Fresh tensors per forward.
   */
  public List<Tensor> states() {
    return lastStates;
  }

  /**
   * States the next {@link #forward} starts from instead of zeros (or the carried state of a stateful
   * layer); used once. Each tensor is {@code (samples, units)}, in the order of {@link #states()}. No
   * gradient flows into them. The final states remain readable via {@link #states()}.
   */
  public void initialState(List<Tensor> states) {
    pendingInitial = checkStates(states, "initialState");
    pendingBatch = states.get(0).dim(0);
  }

  /** Keras {@code reset_states()}: a stateful layer's next batch starts from zeros (of any batch size). */
  @Override
  public void resetStates() {
    carried = null;
  }

  /**
   * Keras 2 {@code reset_states(states)}: a stateful layer's next batch starts from copies of
   * {@code states} (each {@code (batch, units)}, in the order of {@link #states()}).
   */
  public void resetStates(List<Tensor> states) {
    if (!stateful) {
      throw new IllegalStateException("Layer \"" + name() + "\" is not stateful: use stateful(true), or "
          + "initialState(states) to start a single forward from given states.");
    }
    carried = checkStates(states, "resetStates");
    carriedBatch = states.get(0).dim(0);
  }

  /** Same as {@link #resetStates(List)}. */
  public void setStates(List<Tensor> states) {
    resetStates(states);
  }

  /**
   * Copies of the state a stateful layer's next batch starts from (zeros of
   * {@code (declared batch size, units)} after a reset).
   */
  public List<Tensor> getStates() {
    if (!stateful) {
      throw new IllegalStateException("Layer \"" + name() + "\" is not stateful; states() gives the final "
          + "states of the last forward.");
    }
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < stateCount(); i++) {
      out.add(carried == null ? new Tensor(Math.max(declaredBatchSize(), 0), units)
          : new Tensor(carried[i].clone(), carriedBatch, units));
    }
    return out;
  }

  private double[][] checkStates(List<Tensor> states, String what) {
    int k = stateCount();
    if (states == null || states.size() != k) {
      throw new IllegalArgumentException(what + " of layer \"" + name() + "\" (" + className() + ") needs "
          + k + (k == 1 ? " state [h]" : " states [h, c]") + ", got "
          + (states == null ? "null" : states.size()) + ".");
    }
    int b = states.get(0).rank() == 2 ? states.get(0).dim(0) : -1;
    double[][] out = new double[k][];
    for (int i = 0; i < k; i++) {
      Tensor t = states.get(i);
      if (t.rank() != 2 || t.dim(1) != units || t.dim(0) != b) {
        throw new IllegalArgumentException(what + " of layer \"" + name() + "\": every state must be shaped "
            + "(batch, " + units + ") with the same batch; state " + i + " is " + t.shapeString() + ".");
      }
      out[i] = t.data.clone();
    }
    return out;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("units", units);
    c.put("activation", activation.name());
    c.put("use_bias", useBias);
    c.put("kernel_initializer", Layers.serialize(kernelInitializer));
    c.put("recurrent_initializer", Layers.serialize(recurrentInitializer));
    c.put("bias_initializer", Layers.serialize(biasInitializer));
    c.put("kernel_regularizer", Layers.serialize(kernelRegularizer));
    c.put("recurrent_regularizer", Layers.serialize(recurrentRegularizer));
    c.put("bias_regularizer", Layers.serialize(biasRegularizer));
    c.put("dropout", dropout);
    c.put("recurrent_dropout", recurrentDropout);
    c.put("seed", seed);
    c.put("return_sequences", returnSequences);
    c.put("return_state", returnState);
    c.put("go_backwards", goBackwards);
    c.put("stateful", stateful);
    return c;
  }
}
