package io.tidecast.app;

import io.tidecast.stream.flink.JobOptions;
import io.tidecast.stream.flink.KafkaForecastJob;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry class of a job submitted by {@code tidecast run}: the whole YAML spec travels as one program argument,
 * so everything the spec says reaches the cluster (the plain {@link KafkaForecastJob} arguments cover only part
 * of it). The spec is validated again here, on the cluster's classpath.
 */
public final class SpecJob {
  static final String ARG = "--spec-yaml";

  private SpecJob() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals(ARG)) {
      throw new IllegalArgumentException("usage: SpecJob " + ARG + " '<the job spec YAML>' (tidecast run does this)");
    }
    JobSpec spec = JobSpec.parse(args[1]);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    execute(env, spec);
  }

  /** Builds the Kafka job of {@code spec} on {@code env} and runs it (blocks until the job ends). */
  static void execute(StreamExecutionEnvironment env, JobSpec spec) throws Exception {
    JobOptions o = spec.jobOptions();
    KafkaForecastJob.build(env, o);
    env.execute(jobName(spec));
  }

  static String jobName(JobSpec spec) {
    return "tidecast[" + spec.name() + "] " + spec.kafka().inputTopic() + " -> " + spec.kafka().outputTopic();
  }
}
