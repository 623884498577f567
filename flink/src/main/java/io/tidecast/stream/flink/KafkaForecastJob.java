package io.tidecast.stream.flink;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.EventDecoder;
import io.tidecast.connectors.EventParser;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.connectors.JobParams;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.LearnerParams;
import io.tidecast.stream.param.ParamCommandLine;
import io.tidecast.stream.param.ParamMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    return EventParser.of(o.inputFormat().name().toLowerCase(java.util.Locale.ROOT), o.learner().window());
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

  /** Cluster entry point; {@code --help} lists the options. */
  public static void main(String[] args) throws Exception {
    JobOptions o;
    try {
      o = parseArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("(--help lists the options)");
      throw e;
    }
    if (o == null) {
      System.out.print(usage());
      return;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, o);
    env.execute("tidecast-kafka[" + o.inputTopic() + " -> " + o.outputTopic() + "]");
  }

  /** The command line: the job's, the learner's and this runtime's options (declared in their tables). */
  static ParamCommandLine commandLine() {
    return new ParamCommandLine("KafkaForecastJob --bootstrap HOST:PORT [options]")
        .options(JobParams.ALL).options(FlinkParams.ALL).options(LearnerParams.ALL).required(JobParams.BOOTSTRAP);
  }

  static String usage() {
    return commandLine().help();
  }

  /** The options for {@code args}, or null for {@code --help}; {@code IllegalArgumentException} if invalid. */
  static JobOptions parseArgs(String[] args) {
    ParamMap values = commandLine().parse(args);
    return values == null ? null : JobOptions.of(values, LearnerConfig.of(values));
  }
}
