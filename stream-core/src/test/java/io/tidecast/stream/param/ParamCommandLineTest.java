package io.tidecast.stream.param;

import static io.tidecast.stream.param.ParamValidators.atLeast;
import static io.tidecast.stream.param.ParamValidators.inRange;
import static io.tidecast.stream.param.ParamValidators.nonEmptyEach;
import static io.tidecast.stream.param.ParamValidators.notBlank;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.LearnerParams;
import io.tidecast.stream.WindowSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamCommandLineTest {
  static final Param<Integer> HORIZON = Param.integer("window.horizon", 1, inRange(1, 100), "steps ahead");
  static final Param<List<Integer>> UNITS = Param.integers("model.units", List.of(32),
      nonEmptyEach(inRange(1, 4096), "[32]"), "units of each layer");
  static final Param<Boolean> ENSEMBLE = Param.bool("model.ensemble", true, "combine with the baselines");
  static final Param<Duration> TTL = Param.duration("idle_key_ttl", Duration.ZERO, atLeast(Duration.ZERO, ""),
      "drop idle keys").millisFlag("--idle-key-ttl-ms").label("idle key TTL");
  static final Param<String> TOPIC = Param.string("kafka.input_topic", null, notBlank(), "where events are")
      .label("input topic");
  static final Param<Map<String, String>> PROPS = Param.properties("kafka.properties", "client settings")
      .flag("--kafka-property");
  static final Param<String> RECURRENT = Param.choice("model.recurrent", "lstm", List.of("lstm", "gru"), "layer");

  static ParamCommandLine cli() {
    return new ParamCommandLine("test [options]")
        .options(List.of(HORIZON, UNITS, ENSEMBLE, TTL, TOPIC, PROPS, RECURRENT)).required(TOPIC);
  }

  static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> cli().parse(args)).getMessage();
  }

  @Test
  void everyFormOfAnOption() {
    ParamMap m = cli().parse(new String[] {"--input-topic", "ev", "--horizon=3", "--units", "16, 8", "--no-ensemble",
        "--idle-key-ttl", "2d", "--kafka-property", "a=b=c", "--kafka-property=x=1", "--recurrent", "GRU"});
    assertEquals("ev", m.get(TOPIC));
    assertEquals(3, m.get(HORIZON));
    assertEquals(List.of(16, 8), m.get(UNITS));
    assertFalse(m.get(ENSEMBLE));
    assertEquals(Duration.ofDays(2), m.get(TTL));
    assertEquals(Map.of("a", "b=c", "x", "1"), m.get(PROPS), "repeatable; split at the first '='");
    assertEquals("gru", m.get(RECURRENT), "choices are lower-cased");
    assertTrue(m.contains(HORIZON));

    ParamMap d = cli().parse(new String[] {"--input-topic", "ev", "--ensemble", "false", "--idle-key-ttl-ms", "500"});
    assertFalse(d.get(ENSEMBLE), "a boolean takes true|false as its next word");
    assertEquals(Duration.ofMillis(500), d.get(TTL));
    assertFalse(d.contains(UNITS), "not given: the default, and the map knows it was not given");
    assertEquals(List.of(32), d.get(UNITS));
    assertTrue(cli().parse(new String[] {"--input-topic", "ev", "--ensemble"}).get(ENSEMBLE));
    assertTrue(cli().parse(new String[] {"--ensemble", "--input-topic", "ev"}).get(ENSEMBLE),
        "a flag right before another option takes no value");
  }

  @Test
  void helpIsAskedForWithEitherFlag() {
    assertNull(cli().parse(new String[] {"--help"}));
    assertNull(cli().parse(new String[] {"--horizon", "2", "-h"}));
  }

  @Test
  void errorsNameTheFlagAndWhatItTakes() {
    assertEquals("missing --input-topic", error("--horizon", "2"));
    assertEquals("--horizon takes an integer; got 'two'", error("--input-topic", "e", "--horizon", "two"));
    assertEquals("--horizon: window horizon must be in [1, 100]; got 0", error("--input-topic", "e", "--horizon", "0"));
    assertEquals("--horizon needs a value", error("--input-topic", "e", "--horizon"));
    assertEquals("--horizon given twice", error("--input-topic", "e", "--horizon", "2", "--horizon", "3"));
    assertEquals("unknown option '--horizn' (did you mean --horizon?)", error("--horizn", "2"));
    assertEquals("unexpected argument 'x'", error("x"));
    assertEquals("--kafka-property takes KEY=VALUE; got 'novalue'", error("--kafka-property", "novalue"));
    assertEquals("--idle-key-ttl-ms takes an integer; got 'soon'", error("--idle-key-ttl-ms", "soon"));
    assertEquals("--idle-key-ttl-ms: idle key TTL must be >= 0; got PT-0.001S", error("--idle-key-ttl-ms", "-1"));
    assertTrue(error("--idle-key-ttl", "soon").startsWith("--idle-key-ttl must be a duration like 500ms"));
    assertEquals("--units: model units must list at least one value, e.g. [32]", error("--units", ","));
    assertEquals("--recurrent: model recurrent must be one of lstm, gru; got 'rnn'", error("--recurrent", "rnn"));
    assertEquals("--no-ensemble takes no value", error("--no-ensemble=true"));
  }

  @Test
  void helpWrapsAtWordsAndShowsEveryDefault() {
    ParamCommandLine cli = new ParamCommandLine("java -jar x.jar [options]").options(LearnerParams.ALL)
        .note("A note long enough to need wrapping: " + "word ".repeat(40));
    String help = cli.help();
    for (String line : help.split("\n")) {
      assertTrue(line.length() <= ParamCommandLine.WIDTH, "at most " + ParamCommandLine.WIDTH + " columns: " + line);
      assertFalse(line.endsWith(" "), "no trailing blank: '" + line + "'");
    }
    for (Param<?> p : LearnerParams.ALL) {
      if (p.onCommandLine()) {
        assertTrue(help.contains(p.flag()), p.flag());
      }
    }
    String units = help.substring(help.indexOf("--units"));
    assertTrue(units.substring(0, units.indexOf("\n  --")).contains("Default: 32."), units);
    assertTrue(help.contains("--ensemble, --no-ensemble"), help);
    assertFalse(help.contains("explode"), "library-only options stay off the command line");
    // no word is split across lines: every word of a doc appears whole
    assertTrue(help.replace("\n      ", " ").contains(LearnerParams.ENSEMBLE.doc()), help);
  }

  @Test
  void learnerConfigOfOptionValuesEqualsTheBuilders() {
    ParamMap m = new ParamCommandLine("x").options(LearnerParams.ALL).parse(new String[] {"--timesteps", "24",
        "--horizon", "3", "--target", "load", "--features", "temp,load", "--units", "16,8", "--seasonality", "48",
        "--lr", "0.01", "--no-ensemble", "--time-features", "hour_of_day", "--model-name", "fleet"});
    LearnerConfig c = LearnerConfig.of(m);
    LearnerConfig b = LearnerConfig.builder(WindowSpec.of(24, 3, List.of("temp", "load"), List.of("load")))
        .units(16, 8).seasonality(48).learningRate(0.01).ensemble(false)
        .timeFeatures(LearnerConfig.TimeFeature.HOUR_OF_DAY).modelName("fleet").build();
    assertEquals(b.toString(), c.toString());
    assertEquals("fleet", c.modelName());
    assertEquals(LearnerConfig.of(new ParamMap()).toString(),
        LearnerConfig.builder(WindowSpec.of(48, 1, List.of("value"), List.of("value"))).build().toString(),
        "no options: the defaults");
    assertEquals("model.dropout must be in [0, 1); got 1.0", assertThrows(IllegalArgumentException.class,
        () -> b.toBuilder().dropout(1.0)).getMessage());
  }
}
