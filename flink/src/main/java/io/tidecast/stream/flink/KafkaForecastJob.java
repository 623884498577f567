package io.tidecast.stream.flink;

import io.tidecast.connectors.CsvEventFormat;
import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.EventDecoder;
import io.tidecast.connectors.EventFormat;
import io.tidecast.connectors.EventParser;
import io.tidecast.connectors.EventRules;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.WindowSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Flink + Kafka forecasting job, exactly once: {@code KafkaSource} (JSON or CSV events; event-time
 * watermarks per partition from the event {@code ts}) → valid events / dead letters → the Tidecast learner →
 * a transactional {@code KafkaSink} of forecast JSON, plus a transactional DLQ sink that receives invalid records
 * (original bytes, reason, source topic/partition/offset) and late events (reason {@code late}). See
 * {@code flink/KAFKA.md}.
 *
 * <p>Cluster entry point: {@link #main(String[])}; {@code --help} lists the arguments.
 */
public final class KafkaForecastJob {
  /** Operator uids: keep them stable so savepoints map state (source offsets, learner, sink transactions). */
  public static final String SOURCE_UID = "tidecast-kafka-source";
  public static final String SPLIT_UID = "tidecast-split-dead-letters";
  public static final String LATE_UID = "tidecast-late-to-dlq";
  public static final String FORECAST_SINK_UID = "tidecast-forecast-sink";
  public static final String DLQ_SINK_UID = "tidecast-dlq-sink";

  private KafkaForecastJob() {
  }

  /** Adds the whole job to {@code env} (checkpointing and parallelism included); call {@code env.execute}. */
  public static void build(StreamExecutionEnvironment env, JobOptions o) {
    build(env, o, UnaryOperator.identity(), UnaryOperator.identity());
  }

  /**
   * The same job with {@code stage} in place of the learner: same source, decoding, dead letters, checkpoints and
   * sinks. The streaming benchmark runs a no-model stage through it to measure what the job costs around the model.
   */
  public static void build(StreamExecutionEnvironment env, JobOptions o,
      Function<DataStream<Event>, SingleOutputStreamOperator<Forecast>> stage) {
    build(env, o, UnaryOperator.identity(), UnaryOperator.identity(), stage);
  }

  /** The taps see the valid events before the learner and the forecasts before the sink (tests use them). */
  static void build(StreamExecutionEnvironment env, JobOptions o, UnaryOperator<DataStream<Event>> eventTap,
      UnaryOperator<DataStream<Forecast>> forecastTap) {
    build(env, o, eventTap, forecastTap, events -> TidecastJob.forecasts(events, o.learner(), o.idleKeyTtl(),
        o.outOfOrderness()));
  }

  private static void build(StreamExecutionEnvironment env, JobOptions o, UnaryOperator<DataStream<Event>> eventTap,
      UnaryOperator<DataStream<Forecast>> forecastTap,
      Function<DataStream<Event>, SingleOutputStreamOperator<Forecast>> stage) {
    o.validate();
    if (o.parallelism() > 0) {
      env.setParallelism(o.parallelism());
    }
    TidecastJob.enableCheckpointing(env, o.checkpointInterval());
    env.setBufferTimeout(o.bufferTimeout().toMillis());

    DataStream<Decoded> decoded = env.fromSource(source(o), watermarks(o), "kafka-source[" + o.inputTopic() + "]")
        .uid(SOURCE_UID);
    SingleOutputStreamOperator<Event> valid = decoded.process(new SplitDeadLetters(), Types.EVENT)
        .uid(SPLIT_UID).name("split-dead-letters");
    DataStream<DeadLetter> invalid = valid.getSideOutput(SplitDeadLetters.INVALID);

    SingleOutputStreamOperator<Forecast> forecasts = stage.apply(eventTap.apply(valid));
    DataStream<DeadLetter> late = forecasts.getSideOutput(ForecastFunction.LATE)
        .map(new LateDeadLetter(), Types.DEAD_LETTER).uid(LATE_UID).name("late-to-dead-letters");

    forecastTap.apply(forecasts).sinkTo(forecastSink(o)).uid(FORECAST_SINK_UID).name("kafka-sink[" + o.outputTopic() + "]");
    invalid.union(late).sinkTo(dlqSink(o)).uid(DLQ_SINK_UID).name("kafka-dlq[" + o.dlqTopic() + "]");
  }

  static KafkaSource<Decoded> source(JobOptions o) {
    Properties p = new Properties();
    // read only committed data from transactional producers upstream (overridable)
    p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.putAll(o.kafkaProperties());
    var b = KafkaSource.<Decoded>builder()
        .setBootstrapServers(o.bootstrapServers())
        .setTopics(o.inputTopic())
        .setGroupId(o.groupId())
        .setProperties(p)
        .setStartingOffsets(switch (o.startingOffsets()) {
          case EARLIEST -> OffsetsInitializer.earliest();
          case LATEST -> OffsetsInitializer.latest();
          case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        })
        .setDeserializer(new FlinkEventDeserializationSchema(new EventDecoder(parser(o))));
    if (o.bounded()) {
      b.setBounded(OffsetsInitializer.latest());
    }
    return b.build();
  }

  /** Events must carry the learner's target and inputs, else they are dead letters rather than a failed job. */
  static EventParser parser(JobOptions o) {
    WindowSpec w = o.learner().window();
    EventRules rules = EventRules.builder().target(w.targets().get(0)).features(features(w)).build();
    return o.inputFormat() == JobOptions.InputFormat.CSV ? CsvEventFormat.keyed(features(w), rules)
        : new EventFormat(rules);
  }

  /** The window's inputs, then targets that are not inputs. */
  static List<String> features(WindowSpec w) {
    LinkedHashSet<String> f = new LinkedHashSet<>(w.inputs());
    f.addAll(w.targets());
    return List.copyOf(f);
  }

  static WatermarkStrategy<Decoded> watermarks(JobOptions o) {
    WatermarkStrategy<Decoded> w = new ValidEventWatermarks(o.outOfOrderness());
    return o.sourceIdleness().isZero() ? w : w.withIdleness(o.sourceIdleness());
  }

  static KafkaSink<Forecast> forecastSink(JobOptions o) {
    String topic = o.outputTopic();
    return KafkaSink.<Forecast>builder()
        .setBootstrapServers(o.bootstrapServers())
        .setKafkaProducerConfig(producerProperties(o))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(o.transactionalIdPrefix() + "-forecasts")
        .setRecordSerializer(KafkaRecordSerializationSchema.<Forecast>builder()
            .setTopic(topic)
            // keyed by series: one key's forecasts stay in order on one partition
            .setKeySerializationSchema(f -> f.key().getBytes(StandardCharsets.UTF_8))
            .setValueSerializationSchema(new FlinkForecastSerializationSchema())
            .build())
        .build();
  }

  static KafkaSink<DeadLetter> dlqSink(JobOptions o) {
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(o.bootstrapServers())
        .setKafkaProducerConfig(producerProperties(o))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(o.transactionalIdPrefix() + "-dlq")
        .setRecordSerializer(new FlinkDeadLetterSerializationSchema(o.dlqTopic()))
        .build();
  }

  private static Properties producerProperties(JobOptions o) {
    Properties p = new Properties();
    p.putAll(o.kafkaProperties());
    p.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(o.transactionTimeoutMs()));
    return p;
  }

  /** Cluster entry point; see {@link #usage()}. */
  public static void main(String[] args) throws Exception {
    JobOptions o;
    try {
      o = parseArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage());
      throw e;
    }
    if (o == null) {
      System.out.println(usage());
      return;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, o);
    env.execute("tidecast-kafka[" + o.inputTopic() + " -> " + o.outputTopic() + "]");
  }

  static String usage() {
    return String.join("\n",
        "usage: KafkaForecastJob --bootstrap HOST:PORT [options]",
        "  --input-topic T (tidecast-events)  --output-topic T (tidecast-forecasts)  --dlq-topic T (tidecast-dlq)",
        "  --group-id G (tidecast)  --starting-offsets earliest|latest|committed (earliest)  --bounded",
        "  --format json|csv (json; csv lines are key,ts,features...)",
        "  --kafka-property K=V (repeatable; source and sinks, e.g. security.protocol=SASL_SSL)",
        "  --transactional-id-prefix P (tidecast)  --transaction-timeout-ms MS (600000, <= broker max)",
        "  --checkpoint-interval-ms MS (10000)  --parallelism N (cluster default)  --buffer-timeout-ms MS (5)",
        "  --out-of-orderness-ms MS (0: learn each event on arrival; > 0: sort each key's events behind the watermark)",
        "  --idleness-ms MS (30000, 0 = off)  --idle-key-ttl-ms MS (0 = keep keys)",
        "  model: --target NAME (value)  --features A,B (the target)  --timesteps N (48)  --horizon N (1)",
        "         --units N[,N...] (32)  --seasonality M (1)  --batch-size N (16)  --train-every N (1)",
        "         --replay-rows N (512)  --learning-rate LR (0.003)  --seed S (42)  --model-name NAME (default)",
        "         --ensemble true|false (true: combine the network with naive, seasonal naive and Holt-Winters)",
        "  --help");
  }

  /** The options for {@code args}, or null for {@code --help}; {@code IllegalArgumentException} if invalid. */
  static JobOptions parseArgs(String[] args) {
    JobOptions o = new JobOptions();
    String target = "value";
    List<String> features = null;
    int timesteps = 48;
    int horizon = 1;
    List<Integer> units = List.of(32);
    Map<String, String> learner = new java.util.LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        return null;
      }
      if (a.equals("--bounded")) {
        o.bounded(true);
        continue;
      }
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected argument '" + a
            + "'");
      }
      String v = args[++i];
      switch (a) {
        case "--bootstrap" -> o.bootstrapServers(v);
        case "--input-topic" -> o.inputTopic(v);
        case "--output-topic" -> o.outputTopic(v);
        case "--dlq-topic" -> o.dlqTopic(v);
        case "--group-id" -> o.groupId(v);
        case "--starting-offsets" -> o.startingOffsets(JobOptions.StartingOffsets.parse(v));
        case "--format" -> o.inputFormat(JobOptions.InputFormat.parse(v));
        case "--kafka-property" -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--kafka-property needs KEY=VALUE; got '" + v + "'");
          }
          o.kafkaProperty(v.substring(0, eq).trim(), v.substring(eq + 1));
        }
        case "--transactional-id-prefix" -> o.transactionalIdPrefix(v);
        case "--transaction-timeout-ms" -> o.transactionTimeoutMs(longArg(a, v));
        case "--checkpoint-interval-ms" -> o.checkpointInterval(Duration.ofMillis(longArg(a, v)));
        case "--parallelism" -> o.parallelism(intArg(a, v));
        case "--out-of-orderness-ms" -> o.outOfOrderness(Duration.ofMillis(longArg(a, v)));
        case "--idleness-ms" -> o.sourceIdleness(Duration.ofMillis(longArg(a, v)));
        case "--buffer-timeout-ms" -> o.bufferTimeout(Duration.ofMillis(longArg(a, v)));
        case "--idle-key-ttl-ms" -> o.idleKeyTtl(Duration.ofMillis(longArg(a, v)));
        case "--target" -> target = v;
        case "--features" -> features = List.of(v.split("\\s*,\\s*"));
        case "--timesteps" -> timesteps = intArg(a, v);
        case "--horizon" -> horizon = intArg(a, v);
        case "--units" -> {
          List<Integer> u = new ArrayList<>();
          for (String s : v.split("\\s*,\\s*")) {
            u.add(intArg(a, s));
          }
          units = u;
        }
        case "--seasonality", "--batch-size", "--train-every", "--replay-rows", "--learning-rate", "--seed",
            "--model-name", "--ensemble" -> learner.put(a, v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    WindowSpec w = WindowSpec.of(timesteps, horizon, features == null ? List.of(target) : features,
        List.of(target));
    LearnerConfig.Builder b = LearnerConfig.builder(w).units(units);
    for (Map.Entry<String, String> e : learner.entrySet()) {
      String a = e.getKey();
      String v = e.getValue();
      switch (a) {
        case "--seasonality" -> b.seasonality(intArg(a, v));
        case "--batch-size" -> b.batchSize(intArg(a, v));
        case "--train-every" -> b.trainEvery(intArg(a, v));
        case "--replay-rows" -> b.replayRows(intArg(a, v));
        case "--learning-rate" -> b.learningRate(doubleArg(a, v));
        case "--seed" -> b.seed(longArg(a, v));
        case "--ensemble" -> b.ensemble(boolArg(a, v));
        default -> b.modelName(v);
      }
    }
    o.learner(b.build());
    o.validate();
    return o;
  }

  private static boolean boolArg(String name, String v) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    if (!s.equals("true") && !s.equals("false")) {
      throw new IllegalArgumentException(name + " takes true or false; got '" + v + "'");
    }
    return s.equals("true");
  }

  private static int intArg(String name, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs an integer; got '" + v + "'");
    }
  }

  private static long longArg(String name, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs an integer; got '" + v + "'");
    }
  }

  private static double doubleArg(String name, String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a number; got '" + v + "'");
    }
  }
}
