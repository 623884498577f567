package io.tidecast.models.layers;

/**
 * The {@code axis} argument of layers that work on the last axis only (Softmax, the normalisation layers):
 * {@code -1}, or that axis counted with the batch axis (tf.keras saves {@code [1]} after a Dense layer and
 * {@code [2]} on sequences), which is known only once the input shape is.
 */
final class LastAxis {
  private LastAxis() {
  }

  /** Refuses what can never be the last axis: the batch axis (0) and negative axes but -1. */
  static int check(int axis, String layer) {
    if (axis < -1 || axis == 0) {
      throw new IllegalArgumentException(layer + " supports the last axis only (axis=-1, or its index counting "
          + "the batch axis, e.g. 2 for (samples, timesteps, features)), got axis=" + axis + ".");
    }
    return axis;
  }

  /** Refuses a positive {@code axis} that is not the last axis of {@code (samples, ...inputShape)}. */
  static void checkBuilt(int axis, int[] inputShape, Layer<?> l) {
    if (axis != -1 && axis != inputShape.length) {
      throw new IllegalArgumentException("Layer \"" + l.name() + "\" (" + l.className() + ") supports the last "
          + "axis only: axis=-1 or axis=" + inputShape.length + " for input " + Tensor.shapeString(
          Layer.withBatch(inputShape)) + ", got axis=" + axis + ". Put that axis last (e.g. with Permute) before "
          + "this layer.");
    }
  }
}
