package io.tidecast.models;

import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.Weight;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks a built layer's {@code backward} against central differences in double precision, for the
 * scalar loss {@code L = sum(r * forward(x))} with a fixed random projection {@code r}: dL/dx and dL/dw for
 * every weight.
 *
 * <pre>{@code
 * layer.build("lstm", new int[] {5, 3}, new SplittableRandom(1));
 * new GradientCheck(layer, x).training(true).beforeEachForward(() -> layer.seed(7)).run().assertWithin(1e-7, 1e-6);
 * }</pre>
 *
 * {@link #beforeEachForward} runs before every forward (the analytic one and each perturbed one): use it to
 * make a random forward repeatable (reseed dropout) or to restore carried state. A forward that is not
 * repeatable fails the check.
 */
public final class GradientCheck {
  private final Layer<?> layer;
  private final Tensor x;
  private boolean training;
  private Runnable beforeEachForward = () -> { };
  private long seed = 20240611L;
  private double step = 1e-6;
  private boolean checkInput = true;
  private Tensor mask;

  public GradientCheck(Layer<?> layer, Tensor x) {
    if (!layer.built()) {
      throw new IllegalArgumentException("build the layer first: layer.build(name, sampleShape, rng)");
    }
    this.layer = layer;
    this.x = x.copy();
  }

  /** Passes {@code training} to every forward (default false). */
  public GradientCheck training(boolean t) {
    this.training = t;
    return this;
  }

  public GradientCheck beforeEachForward(Runnable r) {
    this.beforeEachForward = r;
    return this;
  }

  /** Seed of the random projection r. */
  public GradientCheck seed(long s) {
    this.seed = s;
    return this;
  }

  /** Finite-difference step h (default 1e-6). */
  public GradientCheck step(double h) {
    this.step = h;
    return this;
  }

  /** Whether to check dL/dx (default true). */
  public GradientCheck checkInput(boolean b) {
    this.checkInput = b;
    return this;
  }

  /** Passes a {@code (samples, timesteps)} timestep mask to every forward (default none). */
  public GradientCheck mask(Tensor m) {
    this.mask = m;
    return this;
  }

  /** Uniform values in [-scale, scale). */
  public static Tensor random(SplittableRandom r, double scale, int... shape) {
    Tensor t = new Tensor(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data[i] = (r.nextDouble() * 2 - 1) * scale;
    }
    return t;
  }

  public Report run() {
    beforeEachForward.run();
    Tensor y = forward();
    Tensor r = random(new SplittableRandom(seed), 1.0, y.shape);
    double l0 = dot(r, y);
    List<Weight> weights = new ArrayList<>();
    for (Weight w : layer.weights()) {
      w.zeroGrad();
      if (w.trainable()) { // non-trainable weights (moving statistics) have no gradient
        weights.add(w);
      }
    }
    Tensor dx = layer.backward(r.copy());
    List<Entry> entries = new ArrayList<>();
    List<double[]> analytic = new ArrayList<>();
    for (Weight w : weights) {
      analytic.add(w.grad().clone());
    }
    double again = loss(r);
    if (again != l0) {
      throw new AssertionError("forward of " + layer.className() + " is not repeatable (" + l0 + " then "
          + again + "): make it deterministic in beforeEachForward (reseed dropout, restore state)");
    }
    if (checkInput) {
      entries.add(compare("input", dx.data, x.data, r));
    }
    for (int i = 0; i < weights.size(); i++) {
      Weight w = weights.get(i);
      entries.add(compare(w.name(), analytic.get(i), w.value(), r));
    }
    return new Report(layer.className(), entries);
  }

  private Entry compare(String name, double[] analytic, double[] values, Tensor r) {
    if (analytic.length != values.length) {
      throw new AssertionError(name + ": gradient has " + analytic.length + " elements, expected "
          + values.length);
    }
    Entry e = new Entry(name);
    for (int k = 0; k < values.length; k++) {
      double v = values[k];
      values[k] = v + step;
      double plus = loss(r);
      values[k] = v - step;
      double minus = loss(r);
      values[k] = v;
      double numeric = (plus - minus) / (2 * step);
      e.add(k, analytic[k], numeric);
    }
    return e;
  }

  private double loss(Tensor r) {
    beforeEachForward.run();
    return dot(r, forward());
  }

  private Tensor forward() {
    return mask == null ? layer.forward(x, training) : layer.forward(x, training, mask);
  }

  private static double dot(Tensor a, Tensor b) {
    if (a.size() != b.size()) {
      throw new AssertionError("output shape changed: " + a.shapeString() + " vs " + b.shapeString());
    }
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      s += a.data[i] * b.data[i];
    }
    return s;
  }

  /** Max errors for one tensor (the input or a weight). */
  public static final class Entry {
    public final String name;
    public double maxAbs;
    public double maxRel;
    public double maxMagnitude;
    int worst = -1;
    double worstAnalytic;
    double worstNumeric;
    double worstExcess = Double.NEGATIVE_INFINITY;
    private final List<double[]> pairs = new ArrayList<>();

    Entry(String name) {
      this.name = name;
    }

    void add(int k, double a, double num) {
      double abs = Math.abs(a - num);
      double mag = Math.max(Math.abs(a), Math.abs(num));
      maxAbs = Math.max(maxAbs, abs);
      maxRel = Math.max(maxRel, mag == 0 ? 0 : abs / mag);
      maxMagnitude = Math.max(maxMagnitude, mag);
      pairs.add(new double[] {k, a, num});
    }

    boolean within(double atol, double rtol) {
      boolean ok = true;
      for (double[] p : pairs) {
        double excess = Math.abs(p[1] - p[2]) - (atol + rtol * Math.max(Math.abs(p[1]), Math.abs(p[2])));
        if (excess > worstExcess) {
          worstExcess = excess;
          worst = (int) p[0];
          worstAnalytic = p[1];
          worstNumeric = p[2];
        }
        ok &= excess <= 0;
      }
      return ok;
    }

    @Override
    public String toString() {
      return String.format("%s: max abs err %.3g, max rel err %.3g (max |grad| %.3g)%s", name, maxAbs, maxRel,
          maxMagnitude, worst < 0 ? "" : String.format(", worst at [%d]: backward %.12g vs numeric %.12g",
              worst, worstAnalytic, worstNumeric));
    }
  }

  /** The result of {@link #run()}. */
  public static final class Report {
    public final String layer;
    public final List<Entry> entries;

    Report(String layer, List<Entry> entries) {
      this.layer = layer;
      this.entries = entries;
    }

    public double maxAbs() {
      double m = 0;
      for (Entry e : entries) {
        m = Math.max(m, e.maxAbs);
      }
      return m;
    }

    /**
     * Fails unless every element has {@code |backward - numeric| <= atol + rtol * max(|backward|, |numeric|)},
     * and unless every tensor has some non-zero gradient (an all-zero gradient would pass vacuously).
     */
    public Report assertWithin(double atol, double rtol) {
      StringBuilder bad = new StringBuilder();
      for (Entry e : entries) {
        if (!e.within(atol, rtol)) {
          bad.append("\n  ").append(e);
        } else if (e.maxMagnitude == 0) {
          bad.append("\n  ").append(e.name).append(": gradient is zero everywhere, nothing was checked");
        }
      }
      if (bad.length() > 0) {
        throw new AssertionError("gradient check of " + layer + " failed (atol " + atol + ", rtol " + rtol
            + "):" + bad + "\nall: " + this);
      }
      return this;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      for (Entry e : entries) {
        b.append("\n  ").append(e);
      }
      return b.toString();
    }
  }
}
