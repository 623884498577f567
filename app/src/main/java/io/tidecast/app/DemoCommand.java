package io.tidecast.app;

import io.tidecast.connectors.ForecastFormat;
import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.stream.flink.JobOptions;
import io.tidecast.stream.flink.KafkaForecastJob;
import io.tidecast.stream.CsvSeries;
import io.tidecast.stream.Event;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.LearnerConfig;
import io.tidecast.stream.WindowSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidecast demo}: everything in this JVM. An embedded Kafka broker (KRaft), the Kafka forecasting job
 * in a local Flink environment (exactly once, checkpoint every second so read_committed forecasts flow), a
 * producer replaying a series as JSON events, and a read_committed consumer printing a live table. Flink's
 * Prometheus reporter serves the metrics (as {@code tidecast run --local} does); the demo scrapes its own
 * endpoint for the training-loss curve.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"One-command demo: embedded Kafka + local Flink + producer + live forecast table.",
        "Default: --keys synthetic hourly series (trend, daily/weekly seasonality, noise, a level shift halfway);",
        "--csv or --nyc-taxi replays a CSV series instead. Ctrl-C stops it; forecast.png and loss.png are written",
        "at the end."})
final class DemoCommand implements Callable<Integer> {
  static final String EVENTS = "events";
  static final String FORECASTS = "forecasts";
  static final String DLQ = "dlq";
  /** A key outside the demo's series whose one event moves the watermark past the last real events. */
  static final String FLUSH_KEY = "_demo_flush";

  @Spec
  CommandSpec cmd;
  @Option(names = "--events", defaultValue = "0", description = "stop after sending N events and receiving their "
      + "forecasts (0 = no limit; default: ${DEFAULT-VALUE})")
  long events;
  @Option(names = "--duration", description = "stop after this long, e.g. 60s, 5m, 1h, PT90S (default: no limit)")
  String duration;
  @Option(names = "--keys", defaultValue = "5", description = "synthetic series (default: ${DEFAULT-VALUE})")
  int keys;
  @Option(names = "--rate", defaultValue = "200", description = "events per second, 0 = as fast as possible "
      + "(default: ${DEFAULT-VALUE})")
  double rate;
  @Option(names = "--csv", description = "replay this CSV (header row; time column first) instead of the generator")
  Path csv;
  @Option(names = "--nyc-taxi", description = "replay the bundled NYC taxi series instead of the generator")
  boolean nycTaxi;
  @Option(names = "--value-column", defaultValue = "value", description = "the CSV column to forecast "
      + "(default: ${DEFAULT-VALUE})")
  String valueColumn;
  @Option(names = "--timesteps", defaultValue = "24", description = "window length (default: ${DEFAULT-VALUE})")
  int timesteps;
  @Option(names = "--units", split = ",", defaultValue = "16", description = "LSTM units (default: ${DEFAULT-VALUE})")
  List<Integer> units;
  @Option(names = "--seasonality", description = "seasonal period in steps (default: 24 for the generator, 48 for "
      + "NYC taxi, 1 for --csv)")
  Integer seasonality;
  @Option(names = "--seed", defaultValue = "42", description = "generator and model seed (default: ${DEFAULT-VALUE})")
  long seed;
  @Option(names = "--metrics-port", defaultValue = "9464", description = "Prometheus port, -1 = off "
      + "(default: ${DEFAULT-VALUE})")
  int metricsPort;
  @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "Prometheus bind address "
      + "(default: ${DEFAULT-VALUE})")
  String metricsHost;
  @Option(names = "--out", defaultValue = ".", description = "directory for forecast.png and loss.png "
      + "(default: current directory)")
  Path out;
  @Option(names = "--refresh", defaultValue = "2", description = "seconds between table refreshes "
      + "(default: ${DEFAULT-VALUE})")
  double refresh;

  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicBoolean producerDone = new AtomicBoolean();
  private volatile Throwable producerError;

  @Override
  public Integer call() throws Exception {
    Duration limit = duration == null ? null : parseDuration(duration);
    validate();
    Files.createDirectories(out);
    PrintWriter o = cmd.commandLine().getOut();
    PrintWriter err = cmd.commandLine().getErr();
    long t0 = System.nanoTime();
    List<Event> replay = csv != null || nycTaxi ? readCsv() : null;
    int m = seasonality != null ? seasonality : replay == null ? 24 : nycTaxi ? 48 : 1;
    LearnerConfig learner = LearnerConfig.builder(WindowSpec.of(timesteps, 1, List.of("value"), List.of("value")))
        .units(units).seasonality(m).seed(seed).modelName("demo").build();

    CountDownLatch finished = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Thread hook = new Thread(() -> {
      stop.set(true);
      main.interrupt();
      try {
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "tidecast-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    EmbeddedKafka kafka = null;
    JobClient job = null;
    Thread producer = null;
    LossSampler loss = new LossSampler(metricsPort < 0 ? null : scrapeHost() + ":" + metricsPort);
    DemoBoard board = new DemoBoard(chartedKeys(replay));
    try {
      err.println("starting an embedded Kafka broker (KRaft) ...");
      err.flush();
      kafka = quietly(EmbeddedKafka::start);
      for (String t : List.of(EVENTS, FORECASTS, DLQ)) {
        kafka.createTopic(t, 1);
      }
      JobOptions opts = new JobOptions().bootstrapServers(kafka.bootstrapServers()).inputTopic(EVENTS)
          .outputTopic(FORECASTS).dlqTopic(DLQ).groupId("tidecast-demo")
          .startingOffsets(JobOptions.StartingOffsets.EARLIEST).checkpointInterval(Duration.ofSeconds(1))
          .parallelism(1).transactionalIdPrefix("tidecast-demo").learner(learner);
      kafka.clientProperties().forEach((k, v) -> opts.kafkaProperty(k.toString(), v.toString()));
      err.printf(Locale.ROOT, "Kafka at %s (%.1f s); starting the Flink job (%s)%s ...%n", kafka.bootstrapServers(),
          secs(t0), learner, metricsPort < 0 ? "" : ", Prometheus metrics at http://" + metricsHost + ":"
              + metricsPort + "/metrics");
      err.flush();
      StreamExecutionEnvironment env = environment();
      KafkaForecastJob.build(env, opts);
      job = env.executeAsync("tidecast-demo");
      if (stop.get()) {
        return 0;
      }
      producer = startProducer(kafka, replay, board);
      consume(kafka, board, loss, limit, t0, o, err);
      return 0;
    } finally {
      stop.set(true);
      Thread.interrupted(); // a Ctrl-C interrupt must not break the shutdown below
      if (producer != null) {
        producer.join(10_000);
      }
      if (job != null) {
        try {
          job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          // the job may already have finished or failed; nothing left to cancel
        }
      }
      if (kafka != null) {
        try {
          kafka.close();
        } catch (Exception e) {
          err.println("note: closing the embedded broker: " + e);
        }
      }
      writeCharts(board, loss, err);
      err.printf(Locale.ROOT, "stopped after %.1f s%n", secs(t0));
      err.flush();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already (Ctrl-C): the hook is what waits for us
      }
    }
  }

  /**
   * Runs {@code start} with System.out muted (Kafka's storage formatter prints its bootstrap records there) and
   * the chatty WARN logs (Kafka, Flink, its Pekko RPC) lowered to ERROR for the rest of the demo: the table is the
   * output. Real errors still reach stderr.
   */
  private static <T> T quietly(java.util.concurrent.Callable<T> start) throws Exception {
    org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.ERROR);
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      return start.call();
    } finally {
      System.setOut(stdout);
    }
  }

  private void validate() {
    if (keys < 1) {
      throw new IllegalArgumentException("--keys must be >= 1; got " + keys);
    }
    if (rate < 0 || !Double.isFinite(rate)) {
      throw new IllegalArgumentException("--rate must be >= 0 events/s (0 = as fast as possible); got " + rate);
    }
    if (events < 0) {
      throw new IllegalArgumentException("--events must be >= 0 (0 = no limit); got " + events);
    }
    if (csv != null && nycTaxi) {
      throw new IllegalArgumentException("give --csv FILE or --nyc-taxi, not both");
    }
    if (metricsPort < -1 || metricsPort > 65535) {
      throw new IllegalArgumentException("--metrics-port must be 0..65535 or -1 (off); got " + metricsPort);
    }
    if (!(refresh > 0)) {
      throw new IllegalArgumentException("--refresh must be > 0 seconds; got " + refresh);
    }
  }

  /** {@code 60s}, {@code 500ms}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT90S}). */
  static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt")) {
        return positive(Duration.parse(t.toUpperCase(Locale.ROOT)), s);
      }
      java.util.regex.Matcher mm = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?").matcher(t);
      if (mm.matches()) {
        double v = Double.parseDouble(mm.group(1));
        String u = mm.group(2) == null ? "s" : mm.group(2);
        double ms = v * switch (u) {
          case "ms" -> 1;
          case "m" -> 60_000;
          case "h" -> 3_600_000;
          default -> 1000;
        };
        return positive(Duration.ofMillis(Math.round(ms)), s);
      }
    } catch (java.time.format.DateTimeParseException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--duration: cannot read '" + s + "'; use e.g. 60s, 500ms, 5m, 1h or PT90S");
  }

  private static Duration positive(Duration d, String s) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("--duration must be > 0; got '" + s + "'");
    }
    return d;
  }

  private List<Event> readCsv() throws Exception {
    try (BufferedReader r = csv == null
        ? new BufferedReader(new InputStreamReader(DemoCommand.class.getResourceAsStream("/data/nyc_taxi.csv"),
            StandardCharsets.UTF_8))
        : Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String key = csv == null ? "nyc_taxi" : keyOf(csv);
      CsvSeries s = CsvSeries.read(r, key, null, List.of(valueColumn));
      if (s.events.size() < 2) {
        throw new IllegalArgumentException("the CSV has fewer than 2 usable rows");
      }
      // the job reads feature "value": rename the chosen column
      List<Event> ev = new ArrayList<>(s.events.size());
      for (Event e : s.events) {
        ev.add(new Event(key, e.timestamp(), List.of("value"), new double[] {e.value(0)}));
      }
      return ev;
    }
  }

  private static String keyOf(Path p) {
    String n = p.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    return n.isBlank() ? "series" : n;
  }

  private Set<String> chartedKeys(List<Event> replay) {
    Set<String> s = new HashSet<>();
    if (replay != null) {
      s.add(replay.get(0).key());
    } else {
      for (int k = 0; k < Math.min(3, keys); k++) {
        s.add(DemoSeries.key(k));
      }
    }
    return s;
  }

  private String scrapeHost() {
    return metricsHost.equals("0.0.0.0") || metricsHost.equals("::") ? "127.0.0.1" : metricsHost;
  }

  /** A local environment with Flink's Prometheus reporter, as {@code tidecast run --local} sets it up. */
  private StreamExecutionEnvironment environment() {
    Configuration conf = new Configuration();
    if (metricsPort >= 0) {
      conf.setString("metrics.reporter.prom.factory.class",
          "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      conf.setString("metrics.reporter.prom.port", Integer.toString(metricsPort));
      conf.setString("metrics.reporter.prom.host", metricsHost);
    }
    return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
  }

  private Thread startProducer(EmbeddedKafka kafka, List<Event> replay, DemoBoard board) {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    long shiftStep = events > 0 ? events / keys / 2 : 500;
    DemoSeries gen = replay == null ? new DemoSeries(keys, shiftStep, seed) : null;
    Thread t = new Thread(() -> {
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
        long start = System.nanoTime();
        Iterator<Event> it = replay == null ? null : replay.iterator();
        long lastTs = Long.MIN_VALUE;
        long step = replay == null ? DemoSeries.STEP_MS : Math.max(1, replay.get(1).timestamp()
            - replay.get(0).timestamp());
        long n = 0;
        while (!stop.get() && (events == 0 || n < events) && (it == null || it.hasNext())) {
          if (rate > 0) {
            long due = start + (long) (n * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              TimeUnit.NANOSECONDS.sleep(wait);
            }
          }
          Event e = it == null ? gen.next() : it.next();
          producer.send(record(e));
          board.sent(e);
          lastTs = Math.max(lastTs, e.timestamp());
          sent.incrementAndGet();
          n++;
        }
        if (!stop.get() && lastTs != Long.MIN_VALUE) {
          // the job releases an event once the watermark passes it: one later event lets the last ones through
          producer.send(record(new Event(FLUSH_KEY, lastTs + step, List.of("value"), new double[] {0})));
        }
        producer.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable e) {
        producerError = e;
      } finally {
        producerDone.set(true);
      }
    }, "tidecast-demo-producer");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static ProducerRecord<byte[], byte[]> record(Event e) {
    String json = String.format(Locale.ROOT, "{\"key\":\"%s\",\"ts\":%d,\"values\":{\"value\":%s}}", e.key(),
        e.timestamp(), Double.toString(e.value(0)));
    return new ProducerRecord<>(EVENTS, e.key().getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads forecasts (read_committed) and the DLQ, refreshing the table, until a stop condition holds. */
  private void consume(EmbeddedKafka kafka, DemoBoard board, LossSampler loss, Duration limit, long t0,
      PrintWriter o, PrintWriter err) {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    ForecastFormat format = new ForecastFormat();
    boolean tty = System.console() != null && cmd.commandLine().getOut() != null;
    long forecasts = 0;
    long dlq = 0;
    long lastShown = System.nanoTime();
    long lastSent = 0;
    long lastForecasts = 0;
    long lastProgress = System.nanoTime();
    long firstForecastAt = 0;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      TopicPartition fp = new TopicPartition(FORECASTS, 0);
      TopicPartition dp = new TopicPartition(DLQ, 0);
      c.assign(List.of(fp, dp));
      c.seekToBeginning(List.of(fp, dp));
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.topic().equals(DLQ)) {
            dlq++;
            continue;
          }
          Forecast f = format.parse(r.value());
          if (board.received(f)) {
            forecasts++;
            lastProgress = System.nanoTime();
            if (firstForecastAt == 0) {
              firstForecastAt = lastProgress;
              err.printf(Locale.ROOT, "first forecast after %.1f s%n", secs(t0));
              err.flush();
            }
          }
        }
        long now = System.nanoTime();
        loss.maybeSample(now, board);
        if (now - lastShown >= refresh * 1e9) {
          double dt = (now - lastShown) / 1e9;
          long s = sent.get();
          show(o, tty, board, now, t0, s, (s - lastSent) / dt, forecasts, (forecasts - lastForecasts) / dt, dlq,
              loss.last());
          lastShown = now;
          lastSent = s;
          lastForecasts = forecasts;
        }
        if (producerError != null) {
          throw new IllegalStateException("the producer failed: " + producerError, producerError);
        }
        if (limit != null && now - t0 >= limit.toNanos()) {
          err.printf(Locale.ROOT, "--duration %s reached%n", duration);
          break;
        }
        if (producerDone.get()) {
          if (board.caughtUp()) {
            err.printf(Locale.ROOT, "all %d events sent and their forecasts received%n", sent.get());
            break;
          }
          if (now - lastProgress > 20e9) {
            err.println("no new forecasts for 20 s after the last event was sent; stopping (series shorter than "
                + "--timesteps produce no forecasts)");
            break;
          }
        }
      }
      long now = System.nanoTime();
      show(o, tty, board, now, t0, sent.get(), Double.NaN, forecasts, Double.NaN, dlq, loss.last());
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      // Ctrl-C while polling: the finally block of call() shuts down
      Thread.interrupted();
    }
  }

  private void show(PrintWriter o, boolean tty, DemoBoard board, long now, long t0, long sentCount, double evRate,
      long forecasts, double fcRate, long dlq, double lastLoss) {
    StringBuilder b = new StringBuilder();
    if (tty) {
      b.append("\033[H\033[2J");
    }
    b.append(String.format(Locale.ROOT, "tidecast demo  %.0f s  events %d (%s/s)  forecasts %d (%s/s)  dlq %d  "
        + "train loss %s%n", secs(t0, now), sentCount, Double.isNaN(evRate) ? "-" : String.format(Locale.ROOT,
            "%.0f", evRate), forecasts, Double.isNaN(fcRate) ? "-" : String.format(Locale.ROOT, "%.0f", fcRate), dlq,
        Double.isNaN(lastLoss) ? "-" : String.format(Locale.ROOT, "%.4g", lastLoss)));
    b.append(board.table(12)).append('\n');
    o.print(b);
    o.flush();
  }

  private void writeCharts(DemoBoard board, LossSampler loss, PrintWriter err) {
    try {
      List<ForecastCharts.Line[]> lines = board.chart();
      if (lines.isEmpty()) {
        err.println("no forecasts received: forecast.png not written");
      } else {
        List<ForecastCharts.Line> a = new ArrayList<>();
        List<ForecastCharts.Line> f = new ArrayList<>();
        for (ForecastCharts.Line[] l : lines) {
          a.add(l[0]);
          f.add(l[1]);
        }
        Path fp = out.resolve("forecast.png");
        ForecastCharts.forecasts(fp, "tidecast demo, 1-step forecasts", a, f);
        err.println("wrote " + fp);
      }
      Path lp = out.resolve("loss.png");
      loss.write(lp);
      err.println("wrote " + lp);
    } catch (Exception e) {
      err.println("note: could not write the charts: " + e);
    }
    err.flush();
  }

  private static double secs(long t0) {
    return secs(t0, System.nanoTime());
  }

  private static double secs(long t0, long now) {
    return (now - t0) / 1e9;
  }

  /**
   * The training-loss curve: four times a second it scrapes the demo's own Prometheus endpoint for the learner's
   * {@code tidecast_train_loss_last} gauge (the loss of the latest training step). Without metrics, or before
   * the endpoint answers, it records the mean prequential MAE of the forecasts instead, and the chart says so.
   */
  static final class LossSampler {
    private final URI uri;
    private final HttpClient http;
    private final long t0 = System.nanoTime();
    private final List<Double> x = new ArrayList<>();
    private final List<Double> loss = new ArrayList<>();
    private final List<Double> maeX = new ArrayList<>();
    private final List<Double> mae = new ArrayList<>();
    private long next;

    LossSampler(String hostPort) {
      this.uri = hostPort == null ? null : URI.create("http://" + hostPort + "/metrics");
      this.http = hostPort == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    }

    void maybeSample(long now, DemoBoard board) {
      if (now < next) {
        return;
      }
      next = now + 250_000_000L;
      double t = (now - t0) / 1e9;
      double m = board.meanModelMae();
      if (!Double.isNaN(m)) {
        maeX.add(t);
        mae.add(m);
      }
      double l = scrape();
      if (!Double.isNaN(l)) {
        x.add(t);
        loss.add(l);
      }
    }

    double last() {
      return loss.isEmpty() ? Double.NaN : loss.get(loss.size() - 1);
    }

    /** The mean over series of {@code *tidecast_train_loss_last}, NaN if unavailable. */
    private double scrape() {
      if (uri == null) {
        return Double.NaN;
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(800)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          return Double.NaN;
        }
        return parseLoss(r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Double.NaN;
      } catch (Exception e) {
        return Double.NaN;
      }
    }

    static double parseLoss(String exposition) {
      double s = 0;
      int n = 0;
      for (String line : exposition.split("\n")) {
        if (line.startsWith("#") || !line.contains("tidecast_train_loss_last")) {
          continue;
        }
        int sp = line.lastIndexOf(' ');
        try {
          double v = Double.parseDouble(line.substring(sp + 1).trim());
          if (Double.isFinite(v)) {
            s += v;
            n++;
          }
        } catch (NumberFormatException e) {
          // not a sample line
        }
      }
      return n == 0 ? Double.NaN : s / n;
    }

    void write(Path file) throws java.io.IOException {
      if (!loss.isEmpty()) {
        ForecastCharts.line(file, "training loss (tidecast_train_loss_last, scaled units, sampled 4 times a second "
            + "from the Prometheus endpoint)", "seconds", "train loss", x, loss);
      } else {
        ForecastCharts.line(file, "no training loss scraped (metrics off or unreachable): mean prequential MAE over keys "
            + "instead", "seconds", "prequential MAE", maeX, mae);
      }
    }
  }
}
