package io.tidecast.models.layers;

import java.util.Locale;

/**
 * Keras's 1-D window geometry ({@code conv_output_length} and TensorFlow's padding split), shared by
 * Conv1D and the pooling layers: a window of {@code size} taps {@code dilation} apart, moved {@code stride}
 * steps at a time over {@code length} timesteps.
 */
final class Padding1D {
  static final String VALID = "valid";
  static final String SAME = "same";
  static final String CAUSAL = "causal";

  private Padding1D() {
  }

  /** The padding name in Keras spelling; {@code allowCausal} only for convolutions. */
  static String check(String padding, boolean allowCausal, String layer) {
    String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
    if (VALID.equals(p) || SAME.equals(p) || (allowCausal && CAUSAL.equals(p))) {
      return p;
    }
    throw new IllegalArgumentException(layer + " padding must be " + (allowCausal
        ? "\"valid\", \"same\" or \"causal\"" : "\"valid\" or \"same\"") + ", got \"" + padding + "\"");
  }

  /** Span of one window: {@code (size - 1) * dilation + 1}. */
  static int span(int size, int dilation) {
    return (size - 1) * dilation + 1;
  }

  /** Output timesteps (Keras {@code conv_output_length}); 0 or less when the input is too short. */
  static int outputLength(int length, int size, int stride, int dilation, String padding) {
    int span = span(size, dilation);
    if (VALID.equals(padding)) {
      return length < span ? 0 : (length - span) / stride + 1;
    }
    return (length + stride - 1) / stride; // same and causal: ceil(length / stride)
  }

  /** Zeros (or ignored positions) before timestep 0: all the padding for causal, the smaller half for same. */
  static int padLeft(int length, int size, int stride, int dilation, String padding) {
    if (CAUSAL.equals(padding)) {
      return span(size, dilation) - 1;
    }
    if (SAME.equals(padding)) {
      int out = outputLength(length, size, stride, dilation, padding);
      int total = Math.max((out - 1) * stride + span(size, dilation) - length, 0);
      return total / 2;
    }
    return 0;
  }

  /** First output step whose tap at offset {@code off} (= tap * dilation - padLeft) lands inside the input. */
  static int firstStep(int off, int stride) {
    return off >= 0 ? 0 : (-off + stride - 1) / stride;
  }

  /** One past the last output step whose tap at offset {@code off} lands inside {@code length} timesteps. */
  static int endStep(int off, int stride, int length, int outLength) {
    int last = length - 1 - off;
    return last < 0 ? 0 : Math.min(outLength, last / stride + 1);
  }

  /** Error for an input shorter than one window, saying what to change. */
  static IllegalArgumentException tooShort(Layer<?> l, int[] sampleShape, String what) {
    return new IllegalArgumentException("Layer \"" + (l.name() == null ? l.defaultNameStem() : l.name()) + "\" ("
        + l.className() + ") " + what + " does not fit in the " + sampleShape[0] + " timesteps of input "
        + Tensor.shapeString(Layer.withBatch(sampleShape)) + " (samples, timesteps, features): with padding=\"valid\" "
        + "the output would have no timesteps. Use longer windows, a smaller window, or padding=\"same\".");
  }
}
