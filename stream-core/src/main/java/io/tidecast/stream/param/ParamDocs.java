package io.tidecast.stream.param;

import java.util.ArrayList;
import java.util.List;

/** Option tables as documentation: the README's options table is {@link #markdown} of every table. */
public final class ParamDocs {
  private ParamDocs() {
  }

  /**
   * A Markdown table of {@code params}: job-spec field, command-line flags, default, what it is (with what it
   * takes). {@code where} names, per param, where it applies when that is not everywhere (may return null).
   */
  public static String markdown(List<? extends Param<?>> params, java.util.function.Function<Param<?>, String> where) {
    StringBuilder sb = new StringBuilder();
    sb.append("| job spec | command line | default | what it is |\n|---|---|---|---|\n");
    for (Param<?> p : params) {
      if (!p.inSpec() && !p.onCommandLine()) {
        continue;
      }
      List<String> flags = new ArrayList<>();
      if (p.onCommandLine()) {
        for (String f : p.flags()) {
          flags.add("`" + f + "`");
        }
        if (p.type() == Param.Type.BOOLEAN) {
          flags.add("`--no-" + p.flag().substring(2) + "`");
        }
      }
      String spec = p.inSpec() ? "`" + p.name() + "`" + (p.specAlias() != null ? ", `" + p.section() + "."
          + p.specAlias() + "`" : "") : "";
      String doc = p.doc();
      String valid = p.validator().describe();
      if (!valid.isEmpty() && !doc.contains(valid)) {
        doc += " (" + valid + ")";
      }
      String w = where.apply(p);
      if (w != null) {
        doc = w + ": " + doc;
      }
      sb.append("| ").append(spec).append(" | ").append(String.join(", ", flags)).append(" | ")
          .append(cell(p.defaultText())).append(" | ").append(cell(doc)).append(" |\n");
    }
    return sb.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }
}
