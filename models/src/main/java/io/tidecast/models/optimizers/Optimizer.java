package io.tidecast.models.optimizers;

import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.schedules.LearningRateSchedule;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras optimizer base: gradient clipping ({@code clipnorm} per variable, {@code global_clipnorm},
 * {@code clipvalue}), decoupled {@code weight_decay}, a fixed or scheduled learning rate, the
 * {@code iterations} counter and per-variable slots (moments). Subclasses implement one variable's update
 * with the Keras 3 formula.
 */
public abstract class Optimizer {
  private double learningRate;
  private LearningRateSchedule schedule;
  private double clipnorm = Double.NaN;
  private double globalClipnorm = Double.NaN;
  private double clipvalue = Double.NaN;
  private double weightDecay;
  private long iterations;
  private boolean float32 = true;
  private final IdentityHashMap<Weight, double[][]> slots = new IdentityHashMap<>();

  protected Optimizer(double learningRate) {
    this.learningRate = learningRate;
  }

  // ---- configuration ------------------------------------------------------------------------------

  public Optimizer clipnorm(double v) {
    requirePositive("clipnorm", v);
    this.clipnorm = v;
    checkOneClip();
    return this;
  }

  public Optimizer globalClipnorm(double v) {
    requirePositive("global_clipnorm", v);
    this.globalClipnorm = v;
    checkOneClip();
    return this;
  }

  public Optimizer clipvalue(double v) {
    requirePositive("clipvalue", v);
    this.clipvalue = v;
    checkOneClip();
    return this;
  }

  public Optimizer weightDecay(double v) {
    if (v < 0) {
      throw new IllegalArgumentException("weight_decay must be >= 0, got " + v);
    }
    this.weightDecay = v;
    return this;
  }

  public Optimizer learningRateSchedule(LearningRateSchedule s) {
    this.schedule = s;
    return this;
  }

  /** The schedule set with {@link #learningRateSchedule(LearningRateSchedule)}, or null for a constant rate. */
  public LearningRateSchedule learningRateSchedule() {
    return schedule;
  }

  /** Sets a constant learning rate (what ReduceLROnPlateau does); removes any schedule. */
  public void setLearningRate(double lr) {
    this.learningRate = lr;
    this.schedule = null;
  }

  /** The learning rate the next step uses. */
  public double learningRate() {
    return schedule != null ? schedule.learningRate(iterations) : learningRate;
  }

  public long iterations() {
    return iterations;
  }

  public double weightDecay() {
    return weightDecay;
  }

  /** Set by the model: when true (float32 models) weights and slots are rounded to float after a step. */
  public void float32(boolean f) {
    this.float32 = f;
  }

  public boolean float32() {
    return float32;
  }

  private static void requirePositive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be a positive finite number, got " + v);
    }
  }

  private void checkOneClip() {
    int n = (Double.isNaN(clipnorm) ? 0 : 1) + (Double.isNaN(globalClipnorm) ? 0 : 1)
        + (Double.isNaN(clipvalue) ? 0 : 1);
    if (n > 1) {
      throw new IllegalArgumentException(
          "Only one of clipnorm, clipvalue and global_clipnorm can be set; got clipnorm=" + clipnorm
              + ", clipvalue=" + clipvalue + ", global_clipnorm=" + globalClipnorm);
    }
  }

  // ---- the step -----------------------------------------------------------------------------------

  /**
   * Applies one update to every trainable weight from its accumulated gradient. The step is
   * all-or-nothing: if any weight or slot would become NaN or infinite (e.g. a float32 overflow), every
   * weight, slot and counter is restored and {@code false} is returned.
   */
  public boolean apply(List<Weight> weights) {
    int n = collect(weights);
    clip(n);
    double lr = learningRate();
    long t = iterations + 1;
    // The rollback copy costs as much as the update itself; skip it when a bound proves the step finite.
    boolean proven = scan(n) && provablyFinite(lr, t);
    if (!proven) {
      backup(n);
      backups++;
    }
    iterations = t;
    beforeStep(t);
    double decay = weightDecay * lr;
    for (int k = 0; k < n; k++) {
      double[] v = train[k].value();
      if (weightDecay > 0) {
        for (int i = 0; i < v.length; i++) {
          v[i] -= v[i] * decay;
        }
      }
      update(v, train[k].grad(), trainSlots[k], lr, t);
    }
    if (proven) {
      assert allFinite(n) : "a finite-step bound of " + className() + " is wrong";
      return true;
    }
    if (!allFinite(n)) {
      restore(n);
      return false;
    }
    return true;
  }

  /** Trainable weights of this step and their slots, in reused arrays (no allocation per step). */
  private Weight[] train = new Weight[0];
  private double[][][] trainSlots = new double[0][][];

  private int collect(List<Weight> weights) {
    if (train.length < weights.size()) {
      train = new Weight[weights.size()];
      trainSlots = new double[weights.size()][][];
    }
    int n = 0;
    for (int i = 0, size = weights.size(); i < size; i++) {
      Weight w = weights.get(i);
      if (w.trainable()) {
        train[n] = w;
        trainSlots[n++] = slotsFor(w);
      }
    }
    return n;
  }

  // ---- the finite-step proof -------------------------------------------------------------------------

  /**
   * Every bound below stays under this, far from float's 3.4e38, so values rounded to float stay finite and
   * no double intermediate (e.g. {@code g*g}) can overflow.
   */
  protected static final double LIMIT = 1e30;

  private double gradMax;
  private double weightMax;
  private double slotMax;
  private double[] slotMin = new double[0];

  /** One read-only pass: max |g|, |w|, |slot| and each slot's minimum; false if anything is not finite. */
  private boolean scan(int n) {
    double gm = 0;
    double wm = 0;
    double sm = 0;
    int ns = slotsPerVariable();
    if (slotMin.length != ns) {
      slotMin = new double[ns];
    }
    java.util.Arrays.fill(slotMin, Double.POSITIVE_INFINITY);
    for (int k = 0; k < n; k++) {
      gm = Math.max(gm, maxAbs(train[k].grad()));
      wm = Math.max(wm, maxAbs(train[k].value()));
      double[][] s = trainSlots[k];
      for (int j = 0; j < s.length; j++) {
        sm = Math.max(sm, maxAbs(s[j]));
        slotMin[j] = Math.min(slotMin[j], min(s[j]));
      }
    }
    gradMax = gm;
    weightMax = wm;
    slotMax = sm;
    // NaN propagates through max/min/abs, infinity exceeds LIMIT: both fail here
    return gm <= LIMIT && wm <= LIMIT && sm <= LIMIT;
  }

  // Four independent accumulators: max and min are exact in any order (NaN propagates through each), so the
  // result is the one-chain result, without one long dependency chain per element (~3x faster per step).
  private static double maxAbs(double[] a) {
    double m0 = 0;
    double m1 = 0;
    double m2 = 0;
    double m3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      m0 = Math.max(m0, Math.abs(a[i]));
      m1 = Math.max(m1, Math.abs(a[i + 1]));
      m2 = Math.max(m2, Math.abs(a[i + 2]));
      m3 = Math.max(m3, Math.abs(a[i + 3]));
    }
    for (; i < a.length; i++) {
      m0 = Math.max(m0, Math.abs(a[i]));
    }
    return Math.max(Math.max(m0, m1), Math.max(m2, m3));
  }

  private static double min(double[] a) {
    double m0 = Double.POSITIVE_INFINITY;
    double m1 = Double.POSITIVE_INFINITY;
    double m2 = Double.POSITIVE_INFINITY;
    double m3 = Double.POSITIVE_INFINITY;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      m0 = Math.min(m0, a[i]);
      m1 = Math.min(m1, a[i + 1]);
      m2 = Math.min(m2, a[i + 2]);
      m3 = Math.min(m3, a[i + 3]);
    }
    for (; i < a.length; i++) {
      m0 = Math.min(m0, a[i]);
    }
    return Math.min(Math.min(m0, m1), Math.min(m2, m3));
  }

  private boolean provablyFinite(double lr, long t) {
    double step = stepBound(gradMax, slotMax, slotMin, Math.abs(lr), t);
    double decayed = weightMax * (1 + Math.abs(weightDecay * lr));
    return step <= LIMIT && decayed + step <= LIMIT;
  }

  /**
   * An upper bound on |new slot value| and on |weight change| of step {@code t} for every element, given
   * finite inputs with |g| <= gMax, |slot| <= sMax and slot {@code j} >= {@code slotMin[j]} (all <= LIMIT),
   * or infinity when the optimizer cannot prove one (then the step backs up its state first). The default
   * proves nothing, which is always correct.
   */
  protected double stepBound(double gMax, double sMax, double[] slotMin, double lr, long t) {
    return Double.POSITIVE_INFINITY;
  }

  /** Rounds a new weight or slot value as the model's dtype stores it; {@link #update} stores through this. */
  protected final double fl(double x) {
    return float32 ? (float) x : x;
  }

  private boolean allFinite(int n) {
    double chk = 0;
    for (int k = 0; k < n; k++) {
      chk += zeroIfFinite(train[k].value());
      for (double[] a : trainSlots[k]) {
        chk += zeroIfFinite(a);
      }
    }
    return chk == 0;
  }

  /** 0 if every value is finite, NaN otherwise ({@code x - x} is NaN exactly for NaN and infinities). */
  private static double zeroIfFinite(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x - x;
    }
    return s;
  }

  // ---- rollback, only when the bound fails ---------------------------------------------------------------

  /** How many steps needed the rollback copy (visible to tests: the common path must not). */
  long backups;

  private final List<double[]> backup = new ArrayList<>();
  private long backupIterations;
  private double[] backupScalars;

  private void backup(int n) {
    int k = 0;
    for (int w = 0; w < n; w++) {
      k = save(k, train[w].value());
      for (double[] a : trainSlots[w]) {
        k = save(k, a);
      }
    }
    backupIterations = iterations;
    backupScalars = scalarState().clone();
  }

  private int save(int k, double[] a) {
    if (k == backup.size()) {
      backup.add(a.clone());
    } else if (backup.get(k).length != a.length) {
      backup.set(k, a.clone());
    } else {
      System.arraycopy(a, 0, backup.get(k), 0, a.length);
    }
    return k + 1;
  }

  private void restore(int n) {
    int k = 0;
    for (int w = 0; w < n; w++) {
      double[] v = train[w].value();
      System.arraycopy(backup.get(k++), 0, v, 0, v.length);
      for (double[] a : trainSlots[w]) {
        System.arraycopy(backup.get(k++), 0, a, 0, a.length);
      }
    }
    iterations = backupIterations;
    restoreScalarState(backupScalars);
  }

  private void clip(int n) {
    if (!Double.isNaN(clipnorm)) {
      for (int k = 0; k < n; k++) {
        double[] g = train[k].grad();
        scaleToNorm(g, Math.sqrt(sumSquares(g)), clipnorm);
      }
    } else if (!Double.isNaN(globalClipnorm)) {
      double ss = 0;
      for (int k = 0; k < n; k++) {
        ss += sumSquares(train[k].grad());
      }
      double norm = Math.sqrt(ss);
      for (int k = 0; k < n; k++) {
        scaleToNorm(train[k].grad(), norm, globalClipnorm);
      }
    } else if (!Double.isNaN(clipvalue)) {
      for (int k = 0; k < n; k++) {
        double[] g = train[k].grad();
        for (int i = 0; i < g.length; i++) {
          g[i] = Math.max(-clipvalue, Math.min(clipvalue, g[i]));
        }
      }
    }
  }

  private static double sumSquares(double[] g) {
    double s = 0;
    for (double x : g) {
      s += x * x;
    }
    return s;
  }

  private static void scaleToNorm(double[] g, double norm, double max) {
    if (norm > max) {
      double f = max / norm;
      for (int i = 0; i < g.length; i++) {
        g[i] *= f;
      }
    }
  }

  private double[][] slotsFor(Weight w) {
    double[][] s = slots.get(w);
    if (s == null) {
      s = new double[slotsPerVariable()][w.size()];
      for (int i = 0; i < s.length; i++) {
        initSlot(i, s[i]);
      }
      slots.put(w, s);
    }
    return s;
  }

  /** How many arrays of the variable's size this optimizer keeps per variable (e.g. Adam: 2). */
  protected abstract int slotsPerVariable();

  /** Initial value of slot {@code index} (default zeros). */
  protected void initSlot(int index, double[] slot) {
  }

  /** Optimizer-wide work before the per-variable updates of step {@code t} (1-based). */
  protected void beforeStep(long t) {
  }

  /**
   * Updates one variable in place, storing every new weight and slot value through {@link #fl} (so float32
   * models round in the same pass). {@code t} is the 1-based step number.
   */
  protected abstract void update(double[] w, double[] g, double[][] slots, double lr, long t);

  // ---- state, for checkpoints and save/load ----------------------------------------------------------

  /** Per-variable slot arrays for {@code w} (live), creating them if needed. */
  public double[][] slots(Weight w) {
    return slotsFor(w);
  }

  /** Optimizer-wide scalars beyond {@code iterations} (e.g. Nadam's momentum product). */
  public double[] scalarState() {
    return new double[0];
  }

  public void restoreScalarState(double[] s) {
  }

  public void restoreIterations(long it) {
    this.iterations = it;
  }

  /** Forgets all slots and the step counter (a fresh optimizer with the same configuration). */
  public void reset() {
    slots.clear();
    iterations = 0;
    restoreScalarState(null);
  }

  public String className() {
    return getClass().getSimpleName();
  }

  /** Keras {@code get_config()}. Subclasses add their hyper-parameters. */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", className().toLowerCase(java.util.Locale.ROOT));
    c.put("learning_rate", learningRate);
    c.put("weight_decay", weightDecay == 0 ? null : weightDecay);
    c.put("clipnorm", Double.isNaN(clipnorm) ? null : clipnorm);
    c.put("global_clipnorm", Double.isNaN(globalClipnorm) ? null : globalClipnorm);
    c.put("clipvalue", Double.isNaN(clipvalue) ? null : clipvalue);
    return c;
  }
}
