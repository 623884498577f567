package io.tidecast.models.layers;

import java.util.Map;

/**
 * Keras {@code Reshape(target_shape)}: each sample reshaped row-major to {@code target_shape} (batch axis
 * excluded); one dimension may be -1 and is inferred.
 */
public class Reshape extends Layer<Reshape> {
  private final int[] targetShape;
  private int[] inShape;

  public Reshape(int... targetShape) {
    int unknown = 0;
    for (int d : targetShape) {
      if (d == -1) {
        unknown++;
      } else if (d <= 0) {
        throw new IllegalArgumentException("Reshape target_shape dimensions must be positive (or one -1), got "
            + java.util.Arrays.toString(targetShape));
      }
    }
    if (targetShape.length == 0 || unknown > 1) {
      throw new IllegalArgumentException("Reshape target_shape needs at least one dimension and at most one -1, "
          + "got " + java.util.Arrays.toString(targetShape));
    }
    this.targetShape = targetShape.clone();
  }

  public int[] targetShape() {
    return targetShape.clone();
  }

  @Override
  protected void build(int[] inputShape) {
    computeOutputShape(inputShape); // no weights: only check the shape, so a mistake shows at add()
  }

  @Override
  public int[] computeOutputShape(int[] inputShape) {
    long size = Tensor.sizeOf(inputShape);
    long known = 1;
    int unknownAt = -1;
    for (int i = 0; i < targetShape.length; i++) {
      if (targetShape[i] == -1) {
        unknownAt = i;
      } else {
        known *= targetShape[i];
      }
    }
    int[] out = targetShape.clone();
    if (unknownAt >= 0 && size % known == 0) {
      out[unknownAt] = Math.toIntExact(size / known);
    }
    if (Tensor.sizeOf(out) != size || (unknownAt >= 0 && out[unknownAt] == 0)) {
      throw new IllegalArgumentException("Layer \"" + (name() == null ? defaultNameStem() : name())
          + "\" (Reshape): the total size of the new array must be unchanged: input "
          + Tensor.shapeString(withBatch(inputShape)) + " has " + size + " values per sample but target_shape "
          + Tensor.shapeString(targetShape).replace("None", "-1") + " holds " + (unknownAt >= 0 ? "a multiple of "
          + known : Long.toString(known)) + ". Pick a target_shape whose dimensions multiply to " + size + ".");
    }
    return out;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    int[] out = computeOutputShape(java.util.Arrays.copyOfRange(x.shape, 1, x.rank()));
    inShape = x.shape;
    return x.reshape(withBatchSize(out, x.dim(0)));
  }

  @Override
  public Tensor backward(Tensor dy) {
    return dy.reshape(inShape);
  }

  private static int[] withBatchSize(int[] sample, int batch) {
    int[] s = withBatch(sample);
    s[0] = batch;
    return s;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("target_shape", targetShape.clone());
    return c;
  }
}
