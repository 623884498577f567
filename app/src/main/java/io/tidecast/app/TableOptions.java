package io.tidecast.app;

import io.tidecast.stream.param.Param;
import io.tidecast.stream.param.ParamMap;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Options of a {@code tidecast} subcommand derived from an option table ({@code LearnerParams}, ...): picocli
 * options with the table's flags, docs and defaults, whose values are read back as a {@link ParamMap} checked by
 * the table. A command lists its table options in a picocli {@code modelTransformer}.
 */
final class TableOptions {
  private TableOptions() {
  }

  /** Adds every command-line option of {@code params} to {@code spec}. */
  static CommandSpec add(CommandSpec spec, List<? extends Param<?>> params) {
    return add(spec, params, java.util.Map.of());
  }

  /** {@link #add}, with this command's own default of some options (how it derives them), as help shows it. */
  static CommandSpec add(CommandSpec spec, List<? extends Param<?>> params, java.util.Map<Param<?>, String> defaults) {
    for (Param<?> p : params) {
      if (!p.onCommandLine() || p.type() == Param.Type.STRING_MAP) {
        continue;
      }
      String doc = p.doc();
      String valid = p.validator().describe();
      if (!valid.isEmpty() && !doc.contains(valid)) {
        doc += " (" + valid + ")";
      }
      doc += ". Default: " + defaults.getOrDefault(p, p.defaultText()) + ".";
      OptionSpec.Builder o = OptionSpec.builder(p.flags().toArray(new String[0])).description(doc);
      if (p.type() == Param.Type.BOOLEAN) {
        o.type(Boolean.class).arity("0..1").negatable(true);
      } else {
        o.type(String.class).arity("1").paramLabel(p.valueName());
      }
      spec.addOption(o.build());
    }
    return spec;
  }

  /** The values of {@code params} the command line gave, checked by the table (errors name the flag). */
  static ParamMap values(CommandSpec spec, List<? extends Param<?>> params) {
    ParamMap m = new ParamMap();
    ParseResult parsed = spec.commandLine().getParseResult();
    for (Param<?> p : params) {
      OptionSpec o = p.onCommandLine() ? spec.findOption(p.flag()) : null;
      if (o != null && parsed.hasMatchedOption(o)) {
        set(m, p, o.getValue());
      }
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private static <T> void set(ParamMap m, Param<T> p, Object value) {
    m.set(p, value instanceof String s ? p.parse(s, p.flag()) : (T) value);
  }
}
