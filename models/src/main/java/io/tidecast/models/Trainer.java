package io.tidecast.models;

import io.tidecast.models.callbacks.Callback;
import io.tidecast.models.layers.Layer;
import io.tidecast.models.layers.Tensor;
import io.tidecast.models.layers.Weight;
import io.tidecast.models.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code compile} attaches to a {@link Sequential}: the optimizer, the loss, the metrics and the loops that use
 * them ({@code fit}, {@code evaluate}, one training step). Keras keeps these in its {@code Trainer}, apart from the
 * layer topology; the model runs the layers ({@link Sequential#forward}), this class decides what to do with the
 * output.
 */
final class Trainer {
  private final Sequential model;
  private final Optimizer optimizer;
  private final Loss loss;
  private final List<String> metricNames;
  private List<Metric> metrics;
  private boolean warnedScale;
  /** Reused by every training step: the model's weights, refilled per step (layers may be added). */
  private final List<Weight> stepWeights = new ArrayList<>();

  Trainer(Sequential model, Optimizer optimizer, Loss loss, List<String> metricNames) {
    this.model = model;
    this.optimizer = optimizer;
    this.loss = loss;
    this.metricNames = List.copyOf(metricNames);
  }

  Optimizer optimizer() {
    return optimizer;
  }

  Loss loss() {
    return loss;
  }

  List<String> metricNames() {
    return metricNames;
  }

  void resolveMetrics() {
    if (metrics != null) {
      return;
    }
    int[] os = model.outputShape();
    List<Metric> ms = new ArrayList<>();
    for (String m : metricNames) {
      ms.add(Metrics.get(m, loss, os[os.length - 1]));
    }
    metrics = ms;
  }

  /** Builds the model for {@code x} if needed, resolves the metrics and checks that x and y pair up. */
  void prepare(Tensor x, Tensor y) {
    model.ensureBuiltFor(x);
    resolveMetrics();
    if (x.dim(0) != y.dim(0)) {
      throw new IllegalArgumentException("x has " + x.dim(0) + " samples but y has " + y.dim(0)
          + ". They must have the same number of samples (axis 0).");
    }
  }

  // ---- fit -----------------------------------------------------------------------------------------------

  History fit(Tensor x, Tensor y, Tensor valX, Tensor valY, FitOptions o) {
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
    boolean stateful = model.statefulModel();
    int fixedBatchSize = model.fixedBatchSize();
    int batch = fixedBatchSize > 0 && stateful ? fixedBatchSize : Math.min(o.batchSize, Math.max(1, n));
    if (stateful && n % batch != 0) {
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
      c.setModel(model);
      c.setParams(params);
    }
    model.stopTraining(false);
    ProgressBar bar = new ProgressBar(model.output(), o.verbose, steps);
    Map<String, Double> none = new LinkedHashMap<>();
    for (Callback c : cbs) {
      c.onTrainBegin(none);
    }
    int[] order = new int[n];
    for (int epoch = o.initialEpoch; epoch < o.epochs && !model.stopTraining(); epoch++) {
      for (Callback c : cbs) {
        c.onEpochBegin(epoch, new LinkedHashMap<>());
      }
      bar.epochBegin(epoch, o.epochs);
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      if (o.shuffle && !stateful) {
        for (int i = n - 1; i > 0; i--) {
          int j = model.shuffleRng().nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
      Running running = new Running();
      resetMetrics();
      Map<String, Double> logs = new LinkedHashMap<>();
      for (int s = 0; s < steps && !model.stopTraining(); s++) {
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
          model.stopTraining(true);
        }
        for (Callback c : cbs) {
          c.onTrainBatchEnd(s, logs);
        }
        bar.update(s + 1, logs);
      }
      if (valX != null && !model.stopTraining()) {
        double[] v = evaluate(valX, valY, o.batchSize);
        List<String> names = model.metricsNames();
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

  // ---- one step ------------------------------------------------------------------------------------------

  /** {@code [loss, metrics...]} of one update on a prepared batch, measured before it. */
  double[] trainOnBatch(Tensor x, Tensor y) {
    resetMetrics();
    return results(step(x, y, true));
  }

  /** {@code [loss, metrics...]} on a prepared batch, no update. */
  double[] testOnBatch(Tensor x, Tensor y) {
    resetMetrics();
    return results(step(x, y, false));
  }

  /** Forward and backward in training mode without an update; the gradients stay in each weight. */
  double computeGradients(Tensor x, Tensor y) {
    List<Weight> ws = new ArrayList<>();
    return gradients(x, y, ws, true);
  }

  double step(Tensor x, Tensor y, boolean update) {
    if (!update) {
      model.checkBatch(x);
      Tensor p = model.forward(x, false);
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

  /**
   * Returns the loss; NaN if a gradient is not finite (only frozen weights' gradients are checked unless
   * {@code checkTrainable}). Fills {@code ws} with the model's weights.
   */
  private double gradients(Tensor x, Tensor y, List<Weight> ws, boolean checkTrainable) {
    model.checkBatch(x);
    List<Layer<?>> layers = model.layers();
    for (int i = 0, n = layers.size(); i < n; i++) {
      List<Weight> lw = layers.get(i).weights();
      for (int j = 0, m = lw.size(); j < m; j++) {
        Weight w = lw.get(j);
        w.zeroGrad();
        ws.add(w);
      }
    }
    Tensor p = model.forward(x, true);
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
    for (Layer<?> l : model.layers()) {
      for (Weight w : l.weights()) {
        if (w.regularizer() != null) {
          r += w.regularizer().penalty(w.value());
        }
      }
    }
    return r;
  }

  private double lossValue(Tensor y, Tensor p) {
    Tensor mask = model.outputMask();
    return mask == null ? loss.compute(y, p) : MaskedLoss.compute(loss, y, p, mask);
  }

  private Tensor lossGradient(Tensor y, Tensor p) {
    Tensor mask = model.outputMask();
    return mask == null ? loss.gradient(y, p) : MaskedLoss.gradient(loss, y, p, mask);
  }

  // ---- evaluate ------------------------------------------------------------------------------------------

  double[] evaluate(Tensor x, Tensor y, int batchSize) {
    int n = x.dim(0);
    int fixedBatchSize = model.fixedBatchSize();
    int batch = model.statefulModel() && fixedBatchSize > 0 ? fixedBatchSize : Math.max(1, batchSize);
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
      Tensor mask = model.outputMask();
      Tensor[] kept = mask == null ? new Tensor[] {y, p} : MaskedLoss.kept(y, p, mask);
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
