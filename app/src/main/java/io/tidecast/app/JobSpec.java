package io.tidecast.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tidecast.connectors.JobParams;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.LearnerParams;
import io.tidecast.stream.WindowSpec;
import io.tidecast.stream.flink.JobOptions;
import io.tidecast.stream.param.Param;
import io.tidecast.stream.param.ParamMap;
import io.tidecast.stream.param.ParamValidator;
import io.tidecast.stream.param.ParamValidators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Tidecast job as a YAML file: Kafka topics, windowing, the model in Keras terms, training cadence, runtime,
 * checkpointing and metrics (see {@code examples/*.yaml}). Its fields are the options of {@link LearnerParams} and
 * {@link JobParams} at their paths ({@code model.units}, {@code kafka.group_id}, ...). Parsing fails fast on unknown
 * fields and bad values with the field path and what is allowed, e.g. {@code model.recurrent: must be one of lstm,
 * gru, simple_rnn; got 'transformer'}. The learner part becomes a {@link LearnerConfig} through its validation.
 */
public final class JobSpec {
  /** Where a job runs. */
  public enum Runtime { FLINK, KSTREAMS }

  /** Kafka connection and topics; {@code properties} go to every client (security, tuning). */
  public record Kafka(String bootstrap, String inputTopic, String outputTopic, String dlqTopic, String groupId,
      Map<String, String> properties, String format, String startingOffsets) {
  }

  /** Every option a spec can set. */
  static final List<Param<?>> OPTIONS = options();
  /** Client settings the spec owns through its own fields. */
  private static final Map<String, String> OWNED_PROPERTIES = Map.of("bootstrap.servers", "kafka.bootstrap",
      "group.id", "kafka.group_id", "application.id", "kafka.group_id");
  /** Required fields, and an example value of each. */
  private static final List<Param<String>> REQUIRED = List.of(JobParams.BOOTSTRAP, JobParams.INPUT_TOPIC,
      JobParams.OUTPUT_TOPIC);
  private static final List<String> EXAMPLES = List.of("127.0.0.1:9092", "events", "forecasts");

  private final ParamMap values;
  private final Kafka kafka;
  private final LearnerConfig learner;
  private final String source;

  private JobSpec(ParamMap values, Kafka kafka, LearnerConfig learner, String source) {
    this.values = values;
    this.kafka = kafka;
    this.learner = learner;
    this.source = source;
  }

  private static List<Param<?>> options() {
    List<Param<?>> all = new ArrayList<>();
    for (Param<?> p : JobParams.ALL) {
      if (p.inSpec()) {
        all.add(p);
      }
    }
    for (Param<?> p : LearnerParams.ALL) {
      if (p.inSpec()) {
        all.add(p);
      }
    }
    return List.copyOf(all);
  }

  /** Reads a spec file; errors name the file and the field. */
  public static JobSpec load(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such job spec: " + file);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  public static JobSpec parse(String yaml) {
    JsonNode root;
    try {
      // a key given twice is a mistake, not "the last one wins"
      root = YAMLMapper.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build().readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    Map<String, Set<String>> fields = new LinkedHashMap<>();
    for (Param<?> p : OPTIONS) {
      fields.computeIfAbsent(p.section(), s -> new LinkedHashSet<>()).add(p.field());
      if (p.specAlias() != null) {
        fields.get(p.section()).add(p.specAlias());
      }
    }
    Set<String> rootFields = new LinkedHashSet<>(fields.get(""));
    fields.keySet().stream().filter(s -> !s.isEmpty()).forEach(rootFields::add);
    Map<String, SpecNode> nodes = new LinkedHashMap<>();
    nodes.put("", SpecNode.root(root, rootFields));
    ParamMap values = new ParamMap();
    for (Param<?> p : OPTIONS) {
      SpecNode n = nodes.computeIfAbsent(p.section(), s -> nodes.get("").section(s, fields.get(s)));
      read(n, p, values);
    }
    Kafka kafka = kafka(nodes.get("kafka"), values);
    WindowSpec window;
    try {
      window = LearnerConfig.windowOf(values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("window: " + e.getMessage(), e);
    }
    LearnerConfig learner;
    try {
      learner = LearnerConfig.of(window, values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model: " + e.getMessage(), e);
    }
    return new JobSpec(values, kafka, learner, yaml);
  }

  /** Reads {@code p} from its section into {@code values} if the spec gives it. */
  @SuppressWarnings("unchecked")
  private static void read(SpecNode n, Param<?> p, ParamMap values) {
    String f = p.field();
    if (p.specAlias() != null && n.has(p.specAlias())) {
      if (n.has(f)) {
        throw n.error(p.specAlias(), "give " + p.specAlias() + " or " + f + ", not both");
      }
      f = p.specAlias();
    }
    if (!n.has(f)) {
      return;
    }
    ParamValidator<?> v = p.validator();
    Object value;
    switch (p.type()) {
      case INT:
      case LONG: {
        double[] r = range(v);
        value = n.integer(f, 0, (int) Math.max(r[0], Integer.MIN_VALUE), (int) Math.min(r[1], Integer.MAX_VALUE));
        if (p.type() == Param.Type.LONG) {
          value = ((Integer) value).longValue();
        }
        break;
      }
      case DOUBLE:
        value = n.number(f, 0);
        break;
      case BOOLEAN:
        value = n.bool(f);
        break;
      case STRING:
        value = v.describe().startsWith("one of ") ? n.choice(f, null, choices(v)) : n.string(f, null);
        break;
      case INT_LIST: {
        double[] r = range(((ParamValidators.ListOf<?>) v).element());
        value = n.integers(f, null, (int) r[0], (int) r[1]);
        break;
      }
      case STRING_LIST: {
        List<String> l = n.strings(f, null);
        ParamValidator<Object> each = (ParamValidator<Object>) ((ParamValidators.ListOf<?>) v).element();
        for (int i = 0; i < l.size(); i++) {
          int at = i;
          field(n, f + "[" + i + "]", () -> each.check(l.get(at)));
        }
        value = l;
        break;
      }
      case DURATION:
        value = n.duration(f, null);
        break;
      default:
        value = n.stringMap(f);
    }
    String path = n.path(f);
    // what the learner's builder says of a bad number reads "model.dropout must be ..."; the rest "path: must ..."
    String as = p.type() == Param.Type.DOUBLE ? path : path + ":";
    values.set((Param<Object>) p, ((Param<Object>) p).validate(value, as));
  }

  private static double[] range(ParamValidator<?> v) {
    if (v instanceof ParamValidators.Range<?> r) {
      return new double[] {r.lo(), r.hi()};
    }
    return new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
  }

  private static List<String> choices(ParamValidator<?> v) {
    return List.of(v.describe().substring("one of ".length()).split(", "));
  }

  private static Kafka kafka(SpecNode k, ParamMap values) {
    for (int i = 0; i < REQUIRED.size(); i++) {
      if (!values.contains(REQUIRED.get(i))) {
        throw k.error(REQUIRED.get(i).field(), "is required, e.g. " + EXAMPLES.get(i));
      }
    }
    String in = values.get(JobParams.INPUT_TOPIC);
    String out = values.get(JobParams.OUTPUT_TOPIC);
    String dlq = values.getOrElse(JobParams.DLQ_TOPIC, JobParams.defaultDlqTopic(in));
    if (dlq.equals(in) || out.equals(in)) {
      throw k.error(dlq.equals(in) ? "dlq_topic" : "output_topic", "must differ from input_topic '" + in + "'");
    }
    values.set(JobParams.DLQ_TOPIC, dlq);
    values.set(JobParams.GROUP_ID, values.getOrElse(JobParams.GROUP_ID, "tidecast-" + values.get(LearnerParams.NAME)));
    for (String p : values.get(JobParams.PROPERTIES).keySet()) {
      String owner = OWNED_PROPERTIES.get(p);
      if (owner != null) {
        throw k.error("properties." + p, "is set by " + owner + "; use that field instead");
      }
    }
    return new Kafka(values.get(JobParams.BOOTSTRAP), in, out, dlq, values.get(JobParams.GROUP_ID),
        values.get(JobParams.PROPERTIES), values.get(JobParams.FORMAT), values.get(JobParams.STARTING_OFFSETS));
  }

  /** Runs a check, prefixing its message with the field path unless it already names the field. */
  private static void field(SpecNode section, String field, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      String path = section.path(field);
      String msg = e.getMessage();
      throw new IllegalArgumentException(msg.startsWith(path) ? msg : path + ": " + msg, e);
    }
  }

  /** Every option the spec sets, with the derived ones ({@code kafka.dlq_topic}, {@code kafka.group_id}). */
  public ParamMap values() {
    return new ParamMap(values);
  }

  /** The {@code model} tag on metrics and the default consumer group suffix. */
  public String name() {
    return values.get(LearnerParams.NAME);
  }

  public Runtime runtime() {
    return Runtime.valueOf(values.get(JobParams.RUNTIME).toUpperCase(java.util.Locale.ROOT));
  }

  public int parallelism() {
    return values.get(JobParams.PARALLELISM);
  }

  /** Keys idle this long (event time) are evicted; zero keeps them forever. */
  public Duration idleKeyTtl() {
    return values.get(JobParams.IDLE_KEY_TTL);
  }

  public Kafka kafka() {
    return kafka;
  }

  public LearnerConfig learnerConfig() {
    return learner;
  }

  /** Flink checkpoint interval (Kafka Streams: its commit interval, when the spec gives it). */
  public Duration checkpointInterval() {
    return values.get(JobParams.CHECKPOINT_INTERVAL);
  }

  public String metricsHost() {
    return values.get(JobParams.METRICS_HOST);
  }

  /** Kafka Streams' /metrics port, or the local Flink Prometheus reporter's; -1 = off, 0 = any free port. */
  public int metricsPort() {
    return values.get(JobParams.METRICS_PORT);
  }

  /** How far a partition's events may lag behind its newest one before they count as late (Flink). */
  public Duration outOfOrderness() {
    return values.get(JobParams.OUT_OF_ORDERNESS);
  }

  /** The YAML text this spec was parsed from (what a cluster submission ships to the job). */
  public String source() {
    return source;
  }

  /**
   * The Flink + Kafka job's options. The transactional id prefix is the group id, so two jobs with their own
   * groups never share transactional ids.
   */
  public JobOptions jobOptions() {
    try {
      return JobOptions.of(values, learner);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("job spec: " + e.getMessage(), e);
    }
  }
}
