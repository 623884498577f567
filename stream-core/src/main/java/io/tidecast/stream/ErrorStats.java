package io.tidecast.stream;

/**
 * Error accumulators for a fixed number of cells (e.g. source x horizon step), struct-of-arrays so a key's
 * evaluator is a handful of primitive arrays. Means are running means and the sum of squares is kept as
 * {@code scale^2 * ssq} (as LAPACK's dnrm2), so nothing overflows for errors up to {@code Double.MAX_VALUE}.
 */
final class ErrorStats {
  final long[] n;
  final double[] meanAbs;
  final double[] meanSmape;
  final double[] sqScale;
  final double[] ssq;

  ErrorStats(int cells) {
    n = new long[cells];
    meanAbs = new double[cells];
    meanSmape = new double[cells];
    sqScale = new double[cells];
    ssq = new double[cells];
  }

  void add(int c, double actual, double predicted) {
    double e = Math.abs(actual - predicted);
    n[c]++;
    meanAbs[c] += (e - meanAbs[c]) / n[c];
    meanSmape[c] += (smape(actual, predicted) - meanSmape[c]) / n[c];
    addSquare(c, e, 1);
  }

  /** M4 sMAPE term {@code 200 |y - yhat| / (|y| + |yhat|)}, 0 when both are 0; halved to avoid overflow. */
  static double smape(double y, double yhat) {
    double den = Math.abs(0.5 * y) + Math.abs(0.5 * yhat);
    return den == 0 ? 0 : 200 * Math.abs(0.5 * y - 0.5 * yhat) / den;
  }

  /** Adds {@code weight} squares of size {@code e}. */
  private void addSquare(int c, double e, double weight) {
    if (e == 0) {
      return;
    }
    if (e > sqScale[c]) {
      double r = sqScale[c] / e;
      ssq[c] = weight + ssq[c] * r * r;
      sqScale[c] = e;
    } else {
      double r = e / sqScale[c];
      ssq[c] += weight * r * r;
    }
  }

  /** Pools cell {@code oc} of {@code o} into cell {@code c}. */
  void merge(int c, ErrorStats o, int oc) {
    if (o.n[oc] == 0) {
      return;
    }
    long total = n[c] + o.n[oc];
    double w = (double) o.n[oc] / total;
    meanAbs[c] += w * (o.meanAbs[oc] - meanAbs[c]);
    meanSmape[c] += w * (o.meanSmape[oc] - meanSmape[c]);
    n[c] = total;
    addSquare(c, o.sqScale[oc], o.ssq[oc]);
  }

  double mae(int c) {
    return n[c] == 0 ? Double.NaN : meanAbs[c];
  }

  double rmse(int c) {
    return n[c] == 0 ? Double.NaN : sqScale[c] * Math.sqrt(ssq[c] / n[c]);
  }

  double smape(int c) {
    return n[c] == 0 ? Double.NaN : meanSmape[c];
  }

  void writeTo(StateWriter w) {
    w.writeLongs(n);
    w.writeDoubles(meanAbs);
    w.writeDoubles(meanSmape);
    w.writeDoubles(sqScale);
    w.writeDoubles(ssq);
  }

  static ErrorStats readFrom(StateReader r, int cells) {
    long[] n = r.readLongs();
    double[] a = r.readDoubles();
    double[] s = r.readDoubles();
    double[] q = r.readDoubles();
    double[] ss = r.readDoubles();
    StateReader.check(n.length == cells && a.length == cells && s.length == cells && q.length == cells
        && ss.length == cells, "error accumulators do not have " + cells + " cells");
    ErrorStats e = new ErrorStats(cells);
    for (int c = 0; c < cells; c++) {
      StateReader.check(n[c] >= 0, "negative error count");
    }
    System.arraycopy(n, 0, e.n, 0, cells);
    System.arraycopy(a, 0, e.meanAbs, 0, cells);
    System.arraycopy(s, 0, e.meanSmape, 0, cells);
    System.arraycopy(q, 0, e.sqScale, 0, cells);
    System.arraycopy(ss, 0, e.ssq, 0, cells);
    return e;
  }
}
