package io.tidecast.stream.param;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line derived from option tables: {@code --flag value}, {@code --flag=value}, booleans as {@code --flag},
 * {@code --no-flag} or {@code --flag true|false}, repeatable {@code KEY=VALUE} settings, {@code --help}/{@code -h};
 * and its help text, wrapped at word boundaries, every option with its default. Errors name the flag and what it
 * takes, e.g. {@code --horizon takes an integer; got 'two'}.
 */
public final class ParamCommandLine {
  /** Help text width in columns. */
  public static final int WIDTH = 100;

  private final String usage;
  private final List<Param<?>> params = new ArrayList<>();
  private final Map<String, Param<?>> byFlag = new LinkedHashMap<>();
  private final Map<String, Param<?>> negated = new LinkedHashMap<>();
  private final List<Param<?>> required = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** @param usage the usage line, e.g. {@code java -jar tidecast-kstreams.jar --bootstrap HOST:PORT [options]} */
  public ParamCommandLine(String usage) {
    this.usage = usage;
  }

  /** Adds the command-line options of {@code table} (in its order). */
  public ParamCommandLine options(List<? extends Param<?>> table) {
    for (Param<?> p : table) {
      if (!p.onCommandLine() || params.contains(p)) {
        continue;
      }
      params.add(p);
      for (String f : p.flags()) {
        if (byFlag.put(f, p) != null) {
          throw new IllegalStateException("two options use " + f);
        }
      }
      if (p.type() == Param.Type.BOOLEAN) {
        negated.put("--no-" + p.flag().substring(2), p);
      }
    }
    return this;
  }

  /** Options the command needs; {@link #parse} reports the first one missing as {@code missing --flag}. */
  public ParamCommandLine required(Param<?>... ps) {
    required.addAll(List.of(ps));
    return this;
  }

  /** A paragraph after the options in the help text. */
  public ParamCommandLine note(String text) {
    notes.add(text);
    return this;
  }

  /** The options given, or null when help was asked for ({@code --help}, {@code -h}). */
  public ParamMap parse(String[] args) {
    ParamMap m = new ParamMap();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        return null;
      }
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String flag = a;
      String value = null;
      int eq = a.indexOf('=');
      if (eq > 0) {
        flag = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      Param<?> p = byFlag.get(flag);
      boolean no = false;
      if (p == null && negated.containsKey(flag)) {
        p = negated.get(flag);
        no = true;
        if (value != null) {
          throw new IllegalArgumentException(flag + " takes no value");
        }
      }
      if (p == null) {
        throw new IllegalArgumentException("unknown option '" + a + "'" + suggestion(flag));
      }
      if (p.type() == Param.Type.BOOLEAN && value == null) {
        boolean next = i + 1 < args.length && (args[i + 1].equalsIgnoreCase("true")
            || args[i + 1].equalsIgnoreCase("false"));
        value = no ? "false" : next ? args[++i] : "true";
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        value = args[++i];
      }
      set(m, p, flag, value, seen);
    }
    for (Param<?> r : required) {
      if (!m.contains(r)) {
        throw new IllegalArgumentException("missing " + r.flag());
      }
    }
    return m;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void set(ParamMap m, Param p, String flag, String value, Set<String> seen) {
    Object v = p.parse(value, flag);
    if (p.type() == Param.Type.STRING_MAP) {
      Map<String, String> all = new LinkedHashMap<>((Map<String, String>) m.get(p));
      all.putAll((Map<String, String>) v);
      m.put(p, java.util.Collections.unmodifiableMap(all));
      return;
    }
    if (!seen.add(p.name())) {
      throw new IllegalArgumentException(flag + " given twice");
    }
    m.put(p, v);
  }

  private String suggestion(String flag) {
    String best = null;
    int bestD = 3;
    for (String f : byFlag.keySet()) {
      int d = distance(flag, f);
      if (d < bestD) {
        bestD = d;
        best = f;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** The help text: usage, then each option with its value, doc and default, wrapped to {@link #WIDTH}. */
  public String help() {
    StringBuilder sb = new StringBuilder();
    wrap(sb, "usage: " + usage, "", "       ");
    String section = null;
    for (Param<?> p : params) {
      String s = p.section().isEmpty() ? "job" : p.section();
      if (!s.equals(section)) {
        sb.append('\n').append(s).append(":\n");
        section = s;
      }
      StringBuilder names = new StringBuilder();
      List<String> flags = p.flags();
      for (int i = 0; i < flags.size(); i++) {
        String f = flags.get(i);
        if (i > 0) {
          names.append(", ");
        }
        names.append(f);
        if (p.type() == Param.Type.BOOLEAN) {
          if (i == 0) {
            names.append(", --no-").append(f.substring(2));
          }
        } else {
          names.append(' ').append(f.equals(p.millisFlag()) ? "MS" : p.valueName());
        }
      }
      String text = p.doc();
      String valid = p.validator().describe();
      if (!valid.isEmpty() && !text.contains(valid)) {
        text += " (" + valid + ")";
      }
      text += required.contains(p) ? ". Required." : ". Default: " + p.defaultText() + ".";
      wrap(sb, names.toString(), "  ", "    ");
      wrap(sb, text, "      ", "      ");
    }
    for (String n : notes) {
      sb.append('\n');
      wrap(sb, n, "", "");
    }
    return sb.toString();
  }

  /** Appends {@code text} wrapped at word boundaries: the first line after {@code first}, the rest after {@code rest}. */
  static void wrap(StringBuilder sb, String text, String first, String rest) {
    String indent = first;
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() > 0 && indent.length() + line.length() + 1 + word.length() > WIDTH) {
        sb.append(indent).append(line).append('\n');
        indent = rest;
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      sb.append(indent).append(line).append('\n');
    }
  }
}
