package io.tidecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.connectors.JobParams;
import io.tidecast.kstreams.KStreamsParams;
import io.tidecast.stream.LearnerParams;
import io.tidecast.stream.flink.FlinkParams;
import io.tidecast.stream.param.Param;
import io.tidecast.stream.param.ParamDocs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README's options table is the option tables themselves, rendered: a changed option fails this test until the
 * README is regenerated ({@code ./mvnw -pl app -am test -Dtest=OptionsTableTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtidecast.writeReadme=true}).
 */
class OptionsTableTest {
  static final String BEGIN = "<!-- options table: generated from the option tables by OptionsTableTest -->\n";
  static final String END = "<!-- end of options table -->\n";

  static String table() {
    List<Param<?>> all = new ArrayList<>(JobParams.ALL);
    all.addAll(LearnerParams.ALL);
    all.addAll(FlinkParams.ALL);
    all.addAll(KStreamsParams.ALL);
    return ParamDocs.markdown(all, p -> FlinkParams.ALL.contains(p) ? "KafkaForecastJob"
        : KStreamsParams.ALL.contains(p) ? "Kafka Streams jar" : null);
  }

  @Test
  void readmeListsEveryOptionAsTheTablesDeclareIt() throws Exception {
    Path readme = Path.of("../README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    assertTrue(b >= 0 && e > b, "README.md has the options table markers");
    String now = text.substring(b + BEGIN.length(), e);
    String want = table();
    if (!want.equals(now) && Boolean.getBoolean("tidecast.writeReadme")) {
      Files.writeString(readme, text.substring(0, b + BEGIN.length()) + want + text.substring(e),
          StandardCharsets.UTF_8);
      return;
    }
    assertEquals(want, now, "README.md's options table is out of date; regenerate it (see this test's doc)");
  }

  @Test
  void everyOptionHasADocAndADefaultOrIsRequired() {
    for (Param<?> p : List.of(JobParams.ALL, LearnerParams.ALL, FlinkParams.ALL, KStreamsParams.ALL).stream()
        .flatMap(List::stream).toList()) {
      assertTrue(!p.doc().isBlank(), p.name());
      assertTrue(p.defaultValue() != null || !p.defaultText().equals("none") || p.equals(JobParams.BOOTSTRAP),
          p.name() + " has a default, a derived default, or is required");
    }
  }
}
