package io.tidecast.stream;

/**
 * SplitMix64: a tiny random generator whose whole state is one {@code long}, so a key's random stream is
 * checkpointed with the key and a replay after recovery draws the same numbers.
 */
final class Rng {
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  long state() {
    return state;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in {@code [0, bound)}, {@code bound > 0}. */
  long nextLong(long bound) {
    long r = nextLong() >>> 1;
    long m = bound - 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {
      // rejection keeps the draw unbiased
    }
    return r;
  }

  /** A stable 64-bit hash of a key (FNV-1a over UTF-16 units), for per-key seeds independent of JVM hashCode. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
