package io.tidecast.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.tidecast.kstreams.KafkaStreamsApp;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
  private static final String SMALL = """
      name: small
      kafka: {bootstrap: '127.0.0.1:9092', input_topic: ev, output_topic: fc, dlq_topic: dl, group_id: g,
              properties: {security.protocol: SASL_SSL, sasl.jaas.config: 'x required user="a b";'}}
      window: {timesteps: 12, horizon: 2, target: load}
      seasonality: 24
      model: {units: [8, 4]}
      metrics: {host: 0.0.0.0, port: 9401}
      """;

  @TempDir
  Path tmp;

  private record Result(int code, String out, String err) {
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Tidecast());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    cl.setExecutionExceptionHandler((e, c, p) -> {
      if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
        c.getErr().println("error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private Path spec(String yaml) throws Exception {
    Path f = tmp.resolve("job.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  /** Security basics: the local Flink Prometheus reporter listens on loopback unless the spec says otherwise. */
  @Test
  void localFlinkReporterListensOnLoopbackByDefault() {
    var host = org.apache.flink.configuration.ConfigOptions.key("metrics.reporter.prom.host").stringType()
        .noDefaultValue();
    JobSpec dflt = JobSpec.parse("kafka: {bootstrap: 'h:9092', input_topic: in, output_topic: out}\n");
    assertEquals("127.0.0.1", RunCommand.localEnvironment(dflt).getConfiguration().get(host));
    assertEquals("0.0.0.0", RunCommand.localEnvironment(JobSpec.parse(SMALL)).getConfiguration().get(host));
  }

  @Test
  void kstreamsPrintsTheCommandWithEverySetting() throws Exception {
    Result r = run("run", "--config", spec(SMALL).toString(), "--runtime", "kstreams");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("frocksdbjni"), "says why it is a separate jar: " + r.err());
    assertEquals("java -jar kstreams/target/tidecast-kstreams.jar --bootstrap 127.0.0.1:9092 --input-topic ev "
        + "--output-topic fc --dlq-topic dl --application-id g --target load --timesteps 12 --horizon 2 --units 8,4 "
        + "--seasonality 24 --model-name small --metrics-host 0.0.0.0 --metrics-port 9401 "
        + "--kafka-property security.protocol=SASL_SSL "
        + "--kafka-property 'sasl.jaas.config=x required user=\"a b\";'", r.out().strip());
  }

  @Test
  void kstreamsCarriesTheIdleKeyTtl() throws Exception {
    Result r = run("run", "--config", spec(SMALL + "idle_key_ttl: 2d\n").toString(), "--runtime", "kstreams");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("--seasonality 24 --idle-key-ttl-ms 172800000 --model-name small"), r.out());
  }

  @Test
  void kstreamsSeasonalDifferenceFlagWhenTheSpecTurnsItOn() throws Exception {
    Result r = run("run", "--config", spec(SMALL.replace("units: [8, 4]", "units: [8, 4], seasonal_difference: true"))
        .toString(), "--runtime", "kstreams");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("--seasonality 24 --seasonal-difference --model-name"), r.out());
  }

  @Test
  void kstreamsNoEnsembleFlagWhenTheSpecTurnsItOff() throws Exception {
    Result r = run("run", "--config", spec(SMALL.replace("units: [8, 4]", "units: [8, 4], ensemble: false"))
        .toString(), "--runtime", "kstreams");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("--seasonality 24 --no-ensemble --model-name"), r.out());
  }

  /**
   * Every field of both example specs reaches the Kafka Streams app: the printed command builds an app with the
   * spec's learner and job settings (topology built, nothing started).
   */
  @ParameterizedTest
  @ValueSource(strings = {"../examples/nyc-taxi.yaml", "../examples/many-sensors.yaml"})
  void kstreamsCarriesEveryFieldOfTheExamples(String example) throws Exception {
    Result r = run("run", "--config", example, "--runtime", "kstreams");
    assertEquals(0, r.code(), r.err());
    List<String> words = shellSplit(r.out().strip());
    assertEquals(List.of("java", "-jar", RunCommand.KSTREAMS_JAR), words.subList(0, 3));
    JobSpec spec = JobSpec.load(Path.of(example));
    KafkaStreamsApp app = KafkaStreamsApp.fromArgs(words.subList(3, words.size()).toArray(new String[0])).build();
    assertEquals(spec.learnerConfig().toString(), app.learnerConfig().toString(), "the same learner");
    assertEquals(spec.learnerConfig().modelName(), app.learnerConfig().modelName());
    java.util.Properties p = app.streamsProperties();
    assertEquals(spec.kafka().groupId(), p.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals(spec.kafka().bootstrap(), p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertEquals(Integer.toString(spec.parallelism()), p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
    spec.kafka().properties().forEach((k, v) -> assertEquals(v, p.get(k), k));
    String topology = app.topology().describe().toString();
    assertTrue(topology.contains("topics: [" + spec.kafka().inputTopic() + "]"), topology);
    assertTrue(topology.contains("topic: " + spec.kafka().outputTopic()), topology);
    assertTrue(topology.contains("topic: " + spec.kafka().dlqTopic()), topology);
  }

  @Test
  void kstreamsRefusesAnOutOfOrdernessBound() throws Exception {
    Result r = run("run", "--config", spec(SMALL.replace("target: load}", "target: load, out_of_orderness: 2s}"))
        .toString(), "--runtime", "kstreams");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("window.out_of_orderness (PT2S) needs the flink runtime"), r.err());
    assertEquals("", r.out());
  }

  /** Words of a POSIX shell line whose only quoting is RunCommand.shellJoin's. */
  private static List<String> shellSplit(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (c == '\\' && !quoted && i + 1 < line.length()) {
        w.append(line.charAt(++i));
      } else if (c == ' ' && !quoted) {
        if (any || w.length() > 0) {
          words.add(w.toString());
        }
        w.setLength(0);
        any = false;
      } else {
        w.append(c);
      }
    }
    if (any || w.length() > 0) {
      words.add(w.toString());
    }
    return words;
  }

  @Test
  void flinkNeedsLocalOrJobmanager() throws Exception {
    Path f = spec(SMALL);
    assertTrue(run("run", "--config", f.toString()).err().contains("give exactly one of --local"));
    assertTrue(run("run", "--config", f.toString(), "--local", "--jobmanager", "h:1").err()
        .contains("give exactly one of --local"));
    assertTrue(run("run", "--config", f.toString(), "--runtime", "spark").err()
        .contains("--runtime must be one of flink, kstreams; got 'spark'"));
    assertTrue(run("run", "--config", f.toString(), "--runtime", "kstreams", "--local").err()
        .contains("--local and --jobmanager are for the flink runtime"));
  }

  @Test
  void badSpecFailsBeforeAnythingStarts() throws Exception {
    Result r = run("run", "--config", spec(SMALL + "model: {recurrent: transformer}\n").toString(), "--local");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("not valid YAML: Duplicate field 'model'"), r.err());
    Result t = run("run", "--config", spec(SMALL.replace("units: [8, 4]", "units: [8, 4], recurrent: transformer"))
        .toString(), "--local");
    assertEquals(2, t.code());
    assertTrue(t.err().contains("model.recurrent: must be one of lstm, gru, simple_rnn; got 'transformer'"), t.err());
  }

  @Test
  void clusterSubmissionUploadsTheJarAndRunsSpecJobWithTheWholeSpec() throws Exception {
    byte[] jarBytes = new byte[3000];
    for (int i = 0; i < jarBytes.length; i++) {
      jarBytes[i] = (byte) (i * 31 + 7);
    }
    Path jar = tmp.resolve("tidecast.jar");
    Files.write(jar, jarBytes);
    Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    Map<String, String> types = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      bodies.put(ex.getRequestMethod() + " " + path, ex.getRequestBody().readAllBytes());
      types.put(path, String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
      String resp;
      int status = 200;
      if (path.equals("/jars/upload")) {
        resp = "{\"filename\":\"/tmp/flink-web/flink-web-upload/abc_tidecast.jar\",\"status\":\"success\"}";
      } else if (path.equals("/jars/abc_tidecast.jar/run")) {
        resp = "{\"jobid\":\"0123456789abcdef0123456789abcdef\"}";
      } else {
        status = 404;
        resp = "{\"errors\":[\"Not found: " + path + "\"]}";
      }
      byte[] b = resp.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      String yaml = SMALL + "parallelism: 2\n";
      Result r = run("run", "--config", spec(yaml).toString(), "--jobmanager",
          "127.0.0.1:" + server.getAddress().getPort(), "--jar", jar.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals("0123456789abcdef0123456789abcdef", r.out().strip());

      byte[] upload = bodies.get("POST /jars/upload");
      String ct = types.get("/jars/upload");
      assertTrue(ct.startsWith("multipart/form-data; boundary="), ct);
      String boundary = ct.substring(ct.indexOf('=') + 1);
      String head = new String(upload, 0, 200, StandardCharsets.ISO_8859_1);
      assertTrue(head.startsWith("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; "
          + "filename=\"tidecast.jar\""), head);
      int start = indexOf(upload, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) + 4;
      assertArrayEquals(jarBytes, Arrays.copyOfRange(upload, start, start + jarBytes.length), "jar bytes intact");
      assertEquals("\r\n--" + boundary + "--\r\n", new String(upload, start + jarBytes.length,
          upload.length - start - jarBytes.length, StandardCharsets.ISO_8859_1));

      JsonNode run = new ObjectMapper().readTree(bodies.get("POST /jars/abc_tidecast.jar/run"));
      assertEquals("io.tidecast.app.SpecJob", run.get("entryClass").asText());
      assertEquals(2, run.get("parallelism").asInt());
      List<String> args = new ArrayList<>();
      run.get("programArgsList").forEach(a -> args.add(a.asText()));
      assertEquals(List.of("--spec-yaml", yaml), args, "the whole spec travels to the cluster");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void clusterErrorsSayWhatFlinkSaid() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] b = "{\"errors\":[\"Jar file is too large\\nat org.apache...\"]}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(413, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      Path jar = Files.write(tmp.resolve("j.jar"), new byte[] {1, 2, 3});
      Result r = run("run", "--config", spec(SMALL).toString(), "--jobmanager",
          "127.0.0.1:" + server.getAddress().getPort(), "--jar", jar.toString());
      assertEquals(2, r.code());
      assertTrue(r.err().contains("jar upload to http://127.0.0.1:" + server.getAddress().getPort()
          + "/ failed (HTTP 413): Jar file is too large"), r.err());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void specJobRefusesOtherArguments() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SpecJob.main(new String[] {"--bootstrap", "x"}));
    assertTrue(e.getMessage().contains("--spec-yaml"));
  }

  @Test
  void shellQuoting() {
    assertEquals("a 'b c' 'it'\\''s' k=v,w:1/2", RunCommand.shellJoin(List.of("a", "b c", "it's", "k=v,w:1/2")));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
