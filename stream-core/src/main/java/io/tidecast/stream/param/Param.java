package io.tidecast.stream.param;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One option, declared once (after Flink ML's {@code Param}): its job-spec path ({@code section.field}, or a root
 * field), type, default, validator and doc. Everything else is derived: the command-line flag ({@code --field} with
 * {@code -} for {@code _}; booleans also {@code --no-field}), the job-spec field, help texts and the README table.
 *
 * <pre>{@code
 * Param<Integer> BATCH_SIZE = Param.integer("training.batch_size", 16, inRange(1, 4096), "windows per update");
 * }</pre>
 */
public final class Param<T> implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /** Value types; each has one text form on the command line and one YAML form. */
  public enum Type { INT, LONG, DOUBLE, BOOLEAN, STRING, INT_LIST, STRING_LIST, DURATION, STRING_MAP }

  private final String path;
  private final Type type;
  private final T defaultValue;
  private final ParamValidator<? super T> validator;
  private final String doc;
  private String defaultDoc;
  private String flag;
  private final List<String> aliases = new ArrayList<>();
  private String millisAlias;
  private boolean inSpec = true;
  private boolean onCommandLine = true;
  private String specAlias;
  private String valueName;
  private String label;
  private boolean lowerCase;

  private Param(String path, Type type, T defaultValue, ParamValidator<? super T> validator, String doc) {
    this.path = Objects.requireNonNull(path);
    this.type = type;
    this.defaultValue = defaultValue;
    this.validator = validator;
    this.doc = doc;
    this.flag = "--" + field().replace('_', '-');
  }

  public static Param<Integer> integer(String path, int dflt, ParamValidator<? super Integer> v, String doc) {
    return new Param<>(path, Type.INT, dflt, v, doc);
  }

  public static Param<Long> longParam(String path, long dflt, ParamValidator<? super Long> v, String doc) {
    return new Param<>(path, Type.LONG, dflt, v, doc);
  }

  public static Param<Double> number(String path, double dflt, ParamValidator<? super Double> v, String doc) {
    return new Param<>(path, Type.DOUBLE, dflt, v, doc);
  }

  public static Param<Boolean> bool(String path, boolean dflt, String doc) {
    return new Param<>(path, Type.BOOLEAN, dflt, ParamValidators.any(), doc);
  }

  /** A string; {@code dflt} null: no default (required, or derived: see {@link #defaultDoc(String)}). */
  public static Param<String> string(String path, String dflt, ParamValidator<? super String> v, String doc) {
    return new Param<>(path, Type.STRING, dflt, v, doc);
  }

  /** One of {@code choices} (lower-case), compared case-insensitively and stored lower-cased. */
  public static Param<String> choice(String path, String dflt, List<String> choices, String doc) {
    return new Param<>(path, Type.STRING, dflt, ParamValidators.inArray(choices), doc);
  }

  public static Param<List<Integer>> integers(String path, List<Integer> dflt, ParamValidator<? super List<Integer>> v,
      String doc) {
    return new Param<>(path, Type.INT_LIST, dflt == null ? null : List.copyOf(dflt), v, doc);
  }

  public static Param<List<String>> strings(String path, List<String> dflt, ParamValidator<? super List<String>> v,
      String doc) {
    return new Param<>(path, Type.STRING_LIST, dflt == null ? null : List.copyOf(dflt), v, doc);
  }

  public static Param<Duration> duration(String path, Duration dflt, ParamValidator<? super Duration> v, String doc) {
    return new Param<>(path, Type.DURATION, dflt, v, doc);
  }

  /** Name-to-value settings ({@code KEY=VALUE}, repeatable on a command line), e.g. Kafka client properties. */
  public static Param<Map<String, String>> properties(String path, String doc) {
    return new Param<>(path, Type.STRING_MAP, Map.of(), ParamValidators.any(), doc);
  }

  // ---- declaration tweaks (return this, for one-line declarations) ----

  /** The command-line flag when it is not {@code --field}. */
  public Param<T> flag(String f) {
    this.flag = f;
    return this;
  }

  /** Other command-line names that mean the same, e.g. an older spelling. */
  public Param<T> alias(String... flags) {
    aliases.addAll(Arrays.asList(flags));
    return this;
  }

  /** For a duration: a flag taking whole milliseconds, e.g. {@code --idle-key-ttl-ms}. */
  public Param<T> millisFlag(String f) {
    if (type != Type.DURATION) {
      throw new IllegalStateException(path + " is not a duration");
    }
    this.millisAlias = f;
    return this;
  }

  /** How the default reads in docs when it is derived from other options (the value itself is then null). */
  public Param<T> defaultDoc(String text) {
    this.defaultDoc = text;
    return this;
  }

  /** A second job-spec field name for the same option (e.g. {@code target} for {@code targets}). */
  public Param<T> specAlias(String field) {
    this.specAlias = field;
    return this;
  }

  /** Not a job-spec field (a command-line or library setting). */
  public Param<T> notInSpec() {
    this.inSpec = false;
    return this;
  }

  /** Not a command-line option (a job-spec or library setting). */
  public Param<T> notOnCommandLine() {
    this.onCommandLine = false;
    return this;
  }

  /** A library-only setting: neither in job specs nor on command lines. */
  public Param<T> libraryOnly() {
    return notInSpec().notOnCommandLine();
  }

  /** Values are names compared and kept lower-cased ({@code Adam} is {@code adam}). */
  public Param<T> lowerCase() {
    this.lowerCase = true;
    return this;
  }

  /** What errors call the option when not by its path or flag, e.g. {@code idle key TTL}. */
  public Param<T> label(String text) {
    this.label = text;
    return this;
  }

  /** The placeholder of the value in help texts, e.g. {@code HOST:PORT}. */
  public Param<T> valueName(String name) {
    this.valueName = name;
    return this;
  }

  // ---- what is declared ----

  /** The job-spec path, e.g. {@code model.units}; also the option's name. */
  public String name() {
    return path;
  }

  /** The job-spec section ({@code ""} for a root field). */
  public String section() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /** The job-spec field within its section. */
  public String field() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  public Type type() {
    return type;
  }

  /** The default, or null when there is none (see {@link #defaultText()}). */
  public T defaultValue() {
    return defaultValue;
  }

  public ParamValidator<? super T> validator() {
    return validator;
  }

  public String doc() {
    return doc;
  }

  public String flag() {
    return flag;
  }

  /** Every command-line name of the option (flag, aliases, the milliseconds flag). */
  public List<String> flags() {
    List<String> f = new ArrayList<>();
    f.add(flag);
    f.addAll(aliases);
    if (millisAlias != null) {
      f.add(millisAlias);
    }
    return f;
  }

  /** The milliseconds flag of a duration, or null. */
  public String millisFlag() {
    return millisAlias;
  }

  public boolean inSpec() {
    return inSpec;
  }

  public boolean onCommandLine() {
    return onCommandLine;
  }

  public String specAlias() {
    return specAlias;
  }

  /** The option in words, for errors: {@code metrics.port} is {@code metrics port}. */
  public String label() {
    return label != null ? label : path.replace('.', ' ').replace('_', ' ');
  }

  /** The default as docs show it. */
  public String defaultText() {
    if (defaultDoc != null) {
      return defaultDoc;
    }
    String text = defaultValue == null ? "" : format(defaultValue);
    return text.isEmpty() ? "none" : text;
  }

  /** The value's placeholder in help texts. */
  public String valueName() {
    if (valueName != null) {
      return valueName;
    }
    switch (type) {
      case INT:
      case LONG:
        return "N";
      case DOUBLE:
        return "X";
      case BOOLEAN:
        return "true|false";
      case INT_LIST:
        return "N[,N...]";
      case STRING_LIST:
        return "A[,B...]";
      case DURATION:
        return "DURATION";
      case STRING_MAP:
        return "KEY=VALUE";
      default:
        String d = validator.describe();
        return d.startsWith("one of ") ? d.substring(7).replace(", ", "|") : "TEXT";
    }
  }

  // ---- values ----

  /** Checks {@code value}; the message names the option: {@code model.dropout must be in [0, 1); got 1.0}. */
  public T validate(Object value) {
    return validate(value, path);
  }

  /** {@link #validate(Object)}, naming the option {@code as} (e.g. the flag the user typed). */
  @SuppressWarnings("unchecked")
  public T validate(Object value, String as) {
    T v = (T) normalise(value);
    try {
      if (v == null) {
        throw new IllegalArgumentException("must be given");
      }
      ((ParamValidator<Object>) validator).check(v);
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      // validators say "must be ..."; a registry lookup says what it knows ("Unknown optimizer 'x'. Use one of ...")
      throw new IllegalArgumentException(as + (m.startsWith("must ") || as.endsWith(":") ? " " : ": ") + m, e);
    }
    return v;
  }

  private Object normalise(Object value) {
    if (value instanceof String s && (lowerCase || validator.describe().startsWith("one of "))) {
      return s.trim().toLowerCase(Locale.ROOT);
    }
    if (value instanceof List<?> l) {
      return List.copyOf(l);
    }
    if (value instanceof Map<?, ?> m) {
      return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
    return value;
  }

  /**
   * The value of a command-line text: {@code 48}, {@code 0.003}, {@code true}, {@code 16,8}, {@code 2d}; the
   * message of a malformed one names {@code flag}, e.g. {@code --horizon takes an integer; got 'two'}.
   */
  public T parse(String text, String flag) {
    Object v;
    String s = text.trim();
    try {
      switch (type) {
        case INT:
          v = Integer.parseInt(s);
          break;
        case LONG:
          v = Long.parseLong(s);
          break;
        case DOUBLE:
          v = Double.parseDouble(s);
          break;
        case BOOLEAN:
          v = parseBoolean(s);
          break;
        case INT_LIST: {
          List<Integer> l = new ArrayList<>();
          for (String p : s.split(",")) {
            l.add(Integer.parseInt(p.trim()));
          }
          v = l;
          break;
        }
        case STRING_LIST: {
          List<String> l = new ArrayList<>();
          for (String p : s.split(",")) {
            if (!p.isBlank()) {
              l.add(p.trim());
            }
          }
          v = l;
          break;
        }
        case DURATION:
          v = flag.equals(millisAlias) ? Duration.ofMillis(Long.parseLong(s)) : parseDuration(s);
          break;
        case STRING_MAP: {
          int eq = text.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException(flag + " takes KEY=VALUE; got '" + text + "'");
          }
          v = Map.of(text.substring(0, eq).trim(), text.substring(eq + 1));
          break;
        }
        default:
          v = text;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes " + typeText(flag) + "; got '" + text + "'");
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(flag) ? e : new IllegalArgumentException(flag + " " + e.getMessage(), e);
    }
    return validate(v, flag + ": " + label());
  }

  private String typeText(String usedFlag) {
    switch (type) {
      case INT:
      case LONG:
        return "an integer";
      case DOUBLE:
        return "a number";
      case INT_LIST:
        return "integers separated by commas";
      case DURATION:
        return usedFlag.equals(millisAlias) ? "an integer" : "a duration";
      default:
        return "a value";
    }
  }

  private static Boolean parseBoolean(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    if (l.equals("true") || l.equals("false")) {
      return l.equals("true");
    }
    throw new IllegalArgumentException("takes true or false; got '" + s + "'");
  }

  /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}, ISO-8601 ({@code PT10S}) or {@code 0}. */
  public static Duration parseDuration(String text) {
    String s = text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(s.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms": return Duration.ofMillis(n);
        case "s": return Duration.ofSeconds(n);
        case "m": return Duration.ofMinutes(n);
        case "h": return Duration.ofHours(n);
        default: return Duration.ofDays(n);
      }
    }
    try {
      Duration d = Duration.parse(s);
      if (!d.isNegative()) {
        return d;
      }
    } catch (java.time.format.DateTimeParseException ignored) {
      // reported below with the accepted forms
    }
    throw new IllegalArgumentException("must be a duration like 500ms, 10s, 5m, 2h, 7d (or ISO-8601 PT10S); got '"
        + text + "'");
  }

  /** The value as its command-line text (the inverse of {@link #parse}). */
  public String format(Object value) {
    switch (type) {
      case INT_LIST:
      case STRING_LIST: {
        List<String> parts = new ArrayList<>();
        for (Object o : (List<?>) value) {
          parts.add(String.valueOf(o));
        }
        return String.join(",", parts);
      }
      case DURATION: {
        Duration d = (Duration) value;
        return d.isZero() ? "0" : formatDuration(d);
      }
      case STRING_MAP: {
        List<String> parts = new ArrayList<>();
        ((Map<?, ?>) value).forEach((k, x) -> parts.add(k + "=" + x));
        return String.join(" ", parts);
      }
      default:
        return String.valueOf(value);
    }
  }

  static String formatDuration(Duration d) {
    long ms = d.toMillis();
    long[] unit = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] name = {"d", "h", "m", "s"};
    for (int i = 0; i < unit.length; i++) {
      if (ms % unit[i] == 0) {
        return ms / unit[i] + name[i];
      }
    }
    return ms + "ms";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Param<?> p && p.path.equals(path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public String toString() {
    return path;
  }
}
