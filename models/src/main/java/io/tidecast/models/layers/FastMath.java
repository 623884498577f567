package io.tidecast.models.layers;

/**
 * Float activations for the float32 kernels: a rational tanh (Eigen's {@code generic_fast_tanh_float}, the
 * one TensorFlow's CPU kernels use) that C2 can vectorize, unlike {@code Math.tanh}/{@code Math.exp}. Max
 * abs error vs {@code Math.tanh} is below 5e-7 (a few float ulps) (see FastMathTest), well inside the float32 oracle
 * tolerances (1e-6 abs). Float64 models never come here: they keep the exact {@code Math} functions.
 */
final class FastMath {
  private FastMath() {
  }

  /** Beyond this |x| the rational form leaves [-1, 1]; tanh(7.9053) rounds to 1 in float anyway. */
  private static final float CLAMP = 7.90531110763549805f;

  static float tanh(float x) {
    float c = Math.min(CLAMP, Math.max(-CLAMP, x));
    float x2 = c * c;
    float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = p * x2 + -8.60467152213735e-11f;
    p = p * x2 + 5.12229709037114e-08f;
    p = p * x2 + 1.48572235717979e-05f;
    p = p * x2 + 6.37261928875436e-04f;
    p = p * x2 + 4.89352455891786e-03f;
    p = p * c;
    float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = q * x2 + 2.26843463243900e-03f;
    q = q * x2 + 4.89352518554385e-03f;
    return p / q;
  }

  /** sigmoid(x) = (1 + tanh(x/2)) / 2, so it shares tanh's vectorizable form. */
  static float sigmoid(float x) {
    return 0.5f + 0.5f * tanh(0.5f * x);
  }

  static void tanh(float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      a[i] = tanh(a[i]);
    }
  }

  static void sigmoid(float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      a[i] = sigmoid(a[i]);
    }
  }
}
