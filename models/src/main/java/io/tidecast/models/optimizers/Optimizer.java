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
    List<Weight> train = new ArrayList<>(weights.size());
    for (Weight w : weights) {
      if (w.trainable()) {
        train.add(w);
      }
    }
    clip(train);
    backup(train);
    double lr = learningRate();
    long t = ++iterations;
    beforeStep(t);
    boolean finite = true;
    for (Weight w : train) {
      double[] v = w.value();
      if (weightDecay > 0) {
        double f = weightDecay * lr;
        for (int i = 0; i < v.length; i++) {
          v[i] -= v[i] * f;
        }
      }
      double[][] s = slotsFor(w);
      update(v, w.grad(), s, lr, t);
      finite &= round(v);
      for (double[] a : s) {
        finite &= round(a);
      }
    }
    if (!finite) {
      restore(train);
    }
    return finite;
  }

  private final List<double[]> backup = new ArrayList<>();
  private long backupIterations;
  private double[] backupScalars;

  private void backup(List<Weight> train) {
    int k = 0;
    for (Weight w : train) {
      k = save(k, w.value());
      for (double[] a : slotsFor(w)) {
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

  private void restore(List<Weight> train) {
    int k = 0;
    for (Weight w : train) {
      double[] v = w.value();
      System.arraycopy(backup.get(k++), 0, v, 0, v.length);
      for (double[] a : slotsFor(w)) {
        System.arraycopy(backup.get(k++), 0, a, 0, a.length);
      }
    }
    iterations = backupIterations;
    restoreScalarState(backupScalars);
  }

  /** Rounds to float for float32 models; returns whether every value is finite. */
  private boolean round(double[] a) {
    boolean finite = true;
    for (int i = 0; i < a.length; i++) {
      double x = float32 ? (float) a[i] : a[i];
      a[i] = x;
      finite &= Double.isFinite(x);
    }
    return finite;
  }

  private void clip(List<Weight> train) {
    if (!Double.isNaN(clipnorm)) {
      for (Weight w : train) {
        scaleToNorm(w.grad(), Math.sqrt(sumSquares(w.grad())), clipnorm);
      }
    } else if (!Double.isNaN(globalClipnorm)) {
      double ss = 0;
      for (Weight w : train) {
        ss += sumSquares(w.grad());
      }
      double norm = Math.sqrt(ss);
      for (Weight w : train) {
        scaleToNorm(w.grad(), norm, globalClipnorm);
      }
    } else if (!Double.isNaN(clipvalue)) {
      for (Weight w : train) {
        double[] g = w.grad();
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

  /** Updates one variable in place. {@code t} is the 1-based step number. */
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
