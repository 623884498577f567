package io.tidecast.stream.param;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The validators options use, after Flink ML's {@code ParamValidators}. */
public final class ParamValidators {
  private ParamValidators() {
  }

  /** Any value. */
  public static <T> ParamValidator<T> any() {
    return new ParamValidator<>() {
      @Override
      public void check(T value) {
      }

      @Override
      public String describe() {
        return "";
      }
    };
  }

  /** A number in a range; {@link Range#lo()} and {@link Range#hi()} let readers name it, e.g. in YAML errors. */
  public static final class Range<T extends Number> implements ParamValidator<T> {
    private static final long serialVersionUID = 1L;
    private final double lo;
    private final double hi;
    private final boolean loInclusive;
    private final boolean hiInclusive;

    Range(double lo, double hi, boolean loInclusive, boolean hiInclusive) {
      this.lo = lo;
      this.hi = hi;
      this.loInclusive = loInclusive;
      this.hiInclusive = hiInclusive;
    }

    public double lo() {
      return lo;
    }

    public double hi() {
      return hi;
    }

    @Override
    public void check(T value) {
      double v = value.doubleValue();
      boolean ok = (loInclusive ? v >= lo : v > lo) && (hiInclusive ? v <= hi : v < hi);
      if (!ok) {
        throw new IllegalArgumentException("must be " + describe() + "; got " + value);
      }
    }

    @Override
    public String describe() {
      if (hi == Double.POSITIVE_INFINITY) {
        return (loInclusive ? ">= " : "> ") + num(lo);
      }
      return "in " + (loInclusive ? "[" : "(") + num(lo) + ", " + num(hi) + (hiInclusive ? "]" : ")");
    }

    private static String num(double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
  }

  /** {@code lo <= v <= hi}. */
  public static <T extends Number> Range<T> inRange(double lo, double hi) {
    return new Range<>(lo, hi, true, true);
  }

  public static <T extends Number> Range<T> inRange(double lo, double hi, boolean loInclusive, boolean hiInclusive) {
    return new Range<>(lo, hi, loInclusive, hiInclusive);
  }

  /** {@code v >= lo} (and finite). */
  public static <T extends Number> Range<T> gtEq(double lo) {
    return new Range<>(lo, Double.POSITIVE_INFINITY, true, false);
  }

  /** {@code v > lo} (and finite). */
  public static <T extends Number> Range<T> gt(double lo) {
    return new Range<>(lo, Double.POSITIVE_INFINITY, false, false);
  }

  /** One of {@code allowed} (lower-case names; values are compared lower-cased). */
  public static ParamValidator<String> inArray(List<String> allowed) {
    List<String> names = List.copyOf(allowed);
    return new ParamValidator<>() {
      @Override
      public void check(String value) {
        if (value == null || !names.contains(value.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException("must be " + describe() + "; got '" + value + "'");
        }
      }

      @Override
      public String describe() {
        return "one of " + String.join(", ", names);
      }
    };
  }

  public static ParamValidator<String> notBlank() {
    return new ParamValidator<>() {
      @Override
      public void check(String value) {
        if (value == null || value.isBlank()) {
          throw new IllegalArgumentException("must not be blank");
        }
      }

      @Override
      public String describe() {
        return "";
      }
    };
  }

  /** A list whose every element passes {@link #element()}; readers check elements one by one to name them. */
  public static final class ListOf<E> implements ParamValidator<List<E>> {
    private static final long serialVersionUID = 1L;
    private final ParamValidator<? super E> element;
    private final String nonEmptyExample;

    ListOf(ParamValidator<? super E> element, String nonEmptyExample) {
      this.element = element;
      this.nonEmptyExample = nonEmptyExample;
    }

    public ParamValidator<? super E> element() {
      return element;
    }

    /** Whether the list must have an element (then this is an example of one, e.g. {@code [32]}); else null. */
    public String nonEmptyExample() {
      return nonEmptyExample;
    }

    @Override
    public void check(List<E> value) {
      if (nonEmptyExample != null && value.isEmpty()) {
        throw new IllegalArgumentException("must list at least one value, e.g. " + nonEmptyExample);
      }
      for (E e : value) {
        element.check(e);
      }
    }

    @Override
    public String describe() {
      String d = element.describe();
      return d.isEmpty() ? "" : "each " + d;
    }
  }

  /** A non-empty list whose every element passes {@code each}. */
  public static <E> ListOf<E> nonEmptyEach(ParamValidator<? super E> each, String example) {
    return new ListOf<>(each, example);
  }

  /** A list (maybe empty) whose every element passes {@code each}. */
  public static <E> ListOf<E> each(ParamValidator<? super E> each) {
    return new ListOf<>(each, null);
  }

  /** A duration of at least {@code min}; {@code why} (may be empty) follows the rule in the message. */
  public static ParamValidator<java.time.Duration> atLeast(java.time.Duration min, String why) {
    return new ParamValidator<>() {
      @Override
      public void check(java.time.Duration value) {
        if (value.compareTo(min) < 0) {
          throw new IllegalArgumentException("must be " + describe() + why + "; got " + value);
        }
      }

      @Override
      public String describe() {
        return min.isZero() ? ">= 0" : "at least " + Param.formatDuration(min);
      }
    };
  }

  /** A check that throws its own message (e.g. a registry lookup listing the known names). */
  public static <T> ParamValidator<T> by(String describe, SerializableConsumer<T> check) {
    return new ParamValidator<>() {
      @Override
      public void check(T value) {
        check.accept(value);
      }

      @Override
      public String describe() {
        return describe;
      }
    };
  }

  /** A serialisable {@link Consumer}, so validators travel with a job. */
  @FunctionalInterface
  public interface SerializableConsumer<T> extends Consumer<T>, java.io.Serializable {
  }
}
