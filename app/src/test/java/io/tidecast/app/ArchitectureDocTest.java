package io.tidecast.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md and README's module map name classes; each must exist in the sources (a class file, or a nested
 * class or member of one), so a rename or a move that forgets the docs fails here.
 */
class ArchitectureDocTest {
  /** A type name of two words or more in prose; in code spans any type name. */
  private static final Pattern NAME = Pattern.compile("\\b([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)(?:\\.([A-Za-z]+))?");
  private static final Pattern TYPE = Pattern.compile("^([A-Z][A-Za-z0-9]*)(?:\\.([A-Za-z]+))?$", Pattern.MULTILINE);

  /** Names of other projects' things. */
  private static final List<String> EXTERNAL = List.of("RocksDB", "KafkaSource", "KafkaSink");

  @Test
  void everyClassTheDocsNameExists() throws Exception {
    Path root = Path.of("..");
    List<Path> sources;
    try (Stream<Path> s = Files.walk(root)) {
      sources = s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/")
          && !p.toString().contains("/target/")).toList();
    }
    String readme = Files.readString(root.resolve("README.md"));
    String map = readme.substring(readme.indexOf("## Modules"), readme.indexOf("Dependencies flow one way"));
    String arch = Files.readString(root.resolve("ARCHITECTURE.md"));
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (String doc : List.of(map, codeSpans(arch))) {
      Matcher m = (doc == map ? NAME : TYPE).matcher(doc);
      while (m.find()) {
        String cls = m.group(1);
        if (EXTERNAL.contains(cls)) {
          continue;
        }
        Path file = sources.stream().filter(p -> p.getFileName().toString().equals(cls + ".java")).findFirst()
            .orElse(null);
        if (file == null) {
          missing.add(cls);
        } else if (m.group(2) != null && !Files.readString(file).contains(m.group(2))) {
          missing.add(cls + "." + m.group(2));
        }
        checked++;
      }
    }
    assertTrue(checked > 40, "the docs name classes: " + checked);
    assertTrue(missing.isEmpty(), "named in the docs but not in the sources: " + missing);
  }

  /** The `code spans` that are a type or a member of one ({@code KeyedStep}, {@code Placement.PerKey}). */
  private static String codeSpans(String md) {
    StringBuilder sb = new StringBuilder();
    Matcher m = Pattern.compile("`([^`\n]+)`").matcher(md.replaceAll("(?s)```.*?```", ""));
    while (m.find()) {
      String span = m.group(1).replaceAll("<[^>]*>", "").replaceAll("\\(.*", "");
      if (span.matches("[A-Z][a-z0-9]+[A-Za-z0-9]*(\\.[A-Za-z]+)?")) {
        sb.append(span).append('\n');
      }
    }
    return sb.toString();
  }
}
