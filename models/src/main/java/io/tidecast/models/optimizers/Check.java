package io.tidecast.models.optimizers;

/** Argument checks shared by the optimizers. */
final class Check {
  private Check() {
  }

  static void beta(String name, double b) {
    if (!(b >= 0 && b < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + b);
    }
  }

  static void epsilon(double eps) {
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("epsilon must be a finite number >= 0, got " + eps);
    }
  }
}
