package io.tidecast.models.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Row-major double views of INDArrays and back, for the data utilities. */
final class Arrays2 {
  private Arrays2() {
  }

  static double[] values(INDArray a) {
    return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
  }

  static INDArray create(double[] v, long[] shape, DataType type) {
    INDArray a = Nd4j.create(v, shape, 'c');
    return type == DataType.DOUBLE ? a : a.castTo(type);
  }

  static DataType floatType(INDArray a) {
    return a.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
  }

  /** Elements per sample (the product of all axes but the first). */
  static long rowSize(INDArray a) {
    long n = 1;
    for (int i = 1; i < a.rank(); i++) {
      n *= a.size(i);
    }
    return n;
  }

  /** Rows {@code idx} of {@code a} stacked along a new first axis of length {@code idx.length}. */
  static INDArray rows(double[] v, long[] shape, int[] idx, DataType type) {
    int per = 1;
    for (int i = 1; i < shape.length; i++) {
      per = Math.multiplyExact(per, (int) shape[i]);
    }
    double[] out = new double[Math.multiplyExact(idx.length, per)];
    for (int r = 0; r < idx.length; r++) {
      System.arraycopy(v, idx[r] * per, out, r * per, per);
    }
    long[] s = shape.clone();
    s[0] = idx.length;
    return create(out, s, type);
  }
}
