package io.tidecast.models.initializers;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None)}.
 * With n = fan_in, fan_out or their mean (at least 1): truncated_normal draws have stddev
 * sqrt(scale/n) after truncation, untruncated_normal has stddev sqrt(scale/n), uniform is on
 * [-sqrt(3 scale/n), sqrt(3 scale/n)).
 */
public class VarianceScaling extends RandomInitializer {
  /** Standard deviation of a standard normal truncated to [-2, 2]. */
  static final double TRUNCATED_STDDEV = .87962566103423978;

  private final double scale;
  private final String mode;
  private final String distribution;

  public VarianceScaling() {
    this(1.0, "fan_in", "truncated_normal");
  }

  public VarianceScaling(double scale, String mode, String distribution) {
    this(scale, mode, distribution, null);
  }

  public VarianceScaling(double scale, String mode, String distribution, long seed) {
    this(scale, mode, distribution, Long.valueOf(seed));
  }

  VarianceScaling(double scale, String mode, String distribution, Long seed) {
    super(seed);
    if (!(scale > 0.0)) {
      throw new IllegalArgumentException("Argument `scale` must be positive float. Received: scale=" + scale);
    }
    if (!"fan_in".equals(mode) && !"fan_out".equals(mode) && !"fan_avg".equals(mode)) {
      throw new IllegalArgumentException(
          "Invalid `mode` argument: " + mode + ". Please use one of [fan_in, fan_out, fan_avg]");
    }
    String d = distribution == null ? "" : distribution.toLowerCase(Locale.ROOT);
    if (d.equals("normal")) {
      d = "truncated_normal"; // Keras' legacy alias
    }
    if (!d.equals("uniform") && !d.equals("truncated_normal") && !d.equals("untruncated_normal")) {
      throw new IllegalArgumentException("Invalid `distribution` argument: " + distribution
          + ". Please use one of [uniform, truncated_normal, untruncated_normal]");
    }
    this.scale = scale;
    this.mode = mode;
    this.distribution = d;
  }

  /**
   * Keras {@code compute_fans}: rank 0 gives (1, 1); rank 1 (n, n); rank 2 (rows, cols); higher ranks
   * are convolution kernels {@code (..., in, out)} whose leading dims form the receptive field.
   */
  static long[] computeFans(int[] shape) {
    if (shape.length == 0) {
      return new long[] {1, 1};
    }
    if (shape.length == 1) {
      return new long[] {shape[0], shape[0]};
    }
    if (shape.length == 2) {
      return new long[] {shape[0], shape[1]};
    }
    long receptive = 1;
    for (int i = 0; i < shape.length - 2; i++) {
      receptive *= shape[i];
    }
    return new long[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
  }

  /** scale / n for {@code shape}, as the variance of the draws. */
  final double variance(int[] shape) {
    long[] fans = computeFans(shape);
    double n;
    switch (mode) {
      case "fan_in":
        n = fans[0];
        break;
      case "fan_out":
        n = fans[1];
        break;
      default:
        n = (fans[0] + fans[1]) / 2.0;
    }
    return scale / Math.max(1.0, n);
  }

  @Override
  public void initialize(double[] out, int[] shape, SplittableRandom rng) {
    int n = Shapes.size(out, shape);
    double v = variance(shape);
    SplittableRandom r = stream(rng);
    switch (distribution) {
      case "truncated_normal":
        TruncatedNormal.fill(out, n, 0.0, Math.sqrt(v) / TRUNCATED_STDDEV, new Gaussian(r));
        break;
      case "untruncated_normal": {
        Gaussian g = new Gaussian(r);
        double sd = Math.sqrt(v);
        for (int i = 0; i < n; i++) {
          out[i] = sd * g.next();
        }
        break;
      }
      default: {
        double limit = Math.sqrt(3.0 * v);
        RandomUniform.fill(out, n, -limit, limit, r);
      }
    }
  }

  public final double scale() {
    return scale;
  }

  public final String mode() {
    return mode;
  }

  public final String distribution() {
    return distribution;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("scale", scale);
    c.put("mode", mode);
    c.put("distribution", distribution);
    return c;
  }

  /** The named variants serialize only their seed, as in Keras. */
  final Map<String, Object> seedOnlyConfig() {
    return super.getConfig();
  }

  @Override
  public String toString() {
    return className() + getConfig();
  }
}
