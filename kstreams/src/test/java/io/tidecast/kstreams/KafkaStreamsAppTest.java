package io.tidecast.kstreams;

import static io.tidecast.kstreams.KafkaTestSupport.VALUE;
import static io.tidecast.kstreams.KafkaTestSupport.app;
import static io.tidecast.kstreams.KafkaTestSupport.createTopics;
import static io.tidecast.kstreams.KafkaTestSupport.json;
import static io.tidecast.kstreams.KafkaTestSupport.produce;
import static io.tidecast.kstreams.KafkaTestSupport.reference;
import static io.tidecast.kstreams.KafkaTestSupport.smallConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.DlqReason;
import io.tidecast.connectors.ForecastFormat;
import io.tidecast.connectors.kafka.EmbeddedKafka;
import io.tidecast.connectors.kafka.HostileCorpus;
import io.tidecast.stream.Event;
import io.tidecast.stream.SharedData;
import io.tidecast.stream.OnlineLearner;
import io.tidecast.stream.KeyState;
import io.tidecast.stream.Forecast;
import io.tidecast.stream.LearnerConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka Streams runtime against a real (in-process KRaft) broker. */
class KafkaStreamsAppTest {
  private static final Duration LONG = Duration.ofMinutes(4);
  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final ForecastFormat FORMAT = new ForecastFormat();
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** {@code keys} series interleaved in time; each key its own level and phase; ~10% of steps skipped. */
  static List<Event> interleavedKeys(int keys, int perKey, long seed, boolean skip) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < perKey; i++) {
      for (int k = 0; k < keys; k++) {
        if (skip && r.nextInt(10) == 0) {
          continue;
        }
        double v = 100 * k + 10 * Math.sin(0.3 * i + k) + r.nextDouble();
        events.add(new Event("k" + k, 1_000_000L + i * 60_000L + k, VALUE, new double[] {v}));
      }
    }
    return events;
  }

  static ProducerRecord<byte[], byte[]> keyed(String topic, Event e) {
    return new ProducerRecord<>(topic, e.key().getBytes(StandardCharsets.UTF_8), json(e));
  }

  /** Forecasts per key, in topic order; checks the record key is the series key. */
  static Map<String, List<Forecast>> forecastsByKey(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, List<Forecast>> out = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      Forecast f = FORMAT.parse(r.value());
      assertEquals(f.key(), new String(r.key(), StandardCharsets.UTF_8), "record key is the series key");
      out.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
    }
    return out;
  }

  static int count(Map<String, List<Forecast>> m) {
    return m.values().stream().mapToInt(List::size).sum();
  }

  static double meter(KafkaStreamsApp app, String name, String... tags) {
    return app.registry().find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void fiftyKeysAndNycTaxiGiveOneForecastPerWindowIdenticalToTheLearnerAlone(@TempDir Path dir) throws Exception {
    String name = "equiv";
    createTopics(kafka, name, 2);
    LearnerConfig cfg = smallConfig(name);
    List<Event> nyc = SharedData.nab("nab/nyc_taxi.csv", "nyc_taxi");
    List<Event> synthetic = interleavedKeys(50, 60, 5, true);
    List<Event> all = new ArrayList<>();
    for (int i = 0; i < Math.max(nyc.size(), synthetic.size()); i++) {
      if (i < nyc.size()) {
        all.add(nyc.get(i));
      }
      if (i < synthetic.size()) {
        all.add(synthetic.get(i));
      }
    }
    produce(kafka, all.stream().map(e -> keyed(name + "-in", e)).toList());
    Map<String, List<Forecast>> expected = reference(cfg, all);
    assertEquals(51, expected.size());
    assertEquals(nyc.size() - 12 + 1, expected.get("nyc_taxi").size(), "one forecast per complete window (T=12)");
    Map<String, Integer> perKey = new HashMap<>();
    all.forEach(e -> perKey.merge(e.key(), 1, Integer::sum));
    perKey.forEach((k, n) -> assertEquals(n - 11, expected.get(k).size(), k));

    long t0 = System.nanoTime();
    List<ConsumerRecord<byte[], byte[]>> out;
    try (KafkaStreamsApp app = app(kafka, cfg, name, dir).build().start();
         KafkaTestSupport.Reader reader = new KafkaTestSupport.Reader(kafka, name + "-out")) {
      out = reader.awaitAtLeast(count(expected), LONG).settle(QUIET).records;
      System.out.printf("equiv: %d events, %d forecasts in %.1f s; state codec %s%n", all.size(), out.size(),
          (System.nanoTime() - t0) / 1e9, codecCost(app));
      assertEquals(KafkaStreams.State.RUNNING, app.state());
      assertEquals(all.size(), meter(app, "tidecast.events.in"), 0.0);
    }
    Map<String, List<Forecast>> got = forecastsByKey(out);
    assertEquals(count(expected), out.size(), "exactly one forecast per window: none lost, none duplicated");
    assertEquals(expected.keySet(), got.keySet());
    for (String k : expected.keySet()) {
      assertEquals(expected.get(k), got.get(k), "key " + k + ": Kafka Streams == OnlineLearner, bit for bit");
    }
    try (KafkaTestSupport.Reader dlq = new KafkaTestSupport.Reader(kafka, name + "-dlq")) {
      assertEquals(0, dlq.settle(Duration.ofMillis(500)).records.size());
    }
  }

  static String codecCost(KafkaStreamsApp app) {
    StringBuilder sb = new StringBuilder();
    for (String op : List.of("read", "write")) {
      var t = app.registry().find("tidecast.state.codec.duration").tag("op", op).timer();
      sb.append(op).append(String.format(" %.1f us (n=%d) ", t.mean(java.util.concurrent.TimeUnit.MICROSECONDS),
          t.count()));
    }
    return sb.toString();
  }

  /** One hostile record of a known reason; {@code key} may be null. */
  record Poison(DlqReason reason, byte[] key, byte[] value) {
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Sixteen kinds of invalid records the decoder must reject (late events are made separately). */
  static List<Function<Integer, Poison>> poisonKinds() {
    List<Function<Integer, Poison>> kinds = new ArrayList<>();
    kinds.add(i -> new Poison(DlqReason.EMPTY_RECORD, utf8("tomb" + i), null));
    kinds.add(i -> new Poison(DlqReason.OVERSIZED, null,
        utf8("{\"key\":\"k0\",\"ts\":1,\"values\":{\"value\":1},\"pad\":\"" + "x".repeat(70_000) + "\"}")));
    kinds.add(i -> new Poison(DlqReason.INVALID_UTF8, null,
        new byte[] {'{', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xff, '"', '}'}));
    kinds.add(i -> new Poison(DlqReason.MALFORMED_JSON, null, utf8("{\"key\":\"k" + i + "\",\"ts\":")));
    kinds.add(i -> new Poison(DlqReason.NOT_AN_OBJECT, null, utf8("[" + i + ",2]")));
    kinds.add(i -> new Poison(DlqReason.DUPLICATE_FIELD, null,
        utf8("{\"key\":\"k1\",\"key\":\"k2\",\"ts\":1,\"values\":{\"value\":1}}")));
    kinds.add(i -> new Poison(DlqReason.MISSING_KEY, utf8("k1"), utf8("{\"ts\":1,\"values\":{\"value\":1}}")));
    kinds.add(i -> new Poison(DlqReason.EMPTY_KEY, null, utf8("{\"key\":\"  \",\"ts\":1,\"values\":{\"value\":1}}")));
    kinds.add(i -> new Poison(DlqReason.MISSING_TS, null, utf8("{\"key\":\"k1\",\"values\":{\"value\":1}}")));
    kinds.add(i -> new Poison(DlqReason.BAD_TS, null,
        utf8("{\"key\":\"k1\",\"ts\":\"yesterday\",\"values\":{\"value\":1}}")));
    kinds.add(i -> new Poison(DlqReason.MISSING_VALUES, null, utf8("{\"key\":\"k1\",\"ts\":1,\"values\":{}}")));
    kinds.add(i -> new Poison(DlqReason.WRONG_TYPE, null,
        utf8("{\"key\":\"k1\",\"ts\":1,\"values\":{\"value\":\"ten\"}}")));
    kinds.add(i -> new Poison(DlqReason.NON_FINITE, null, utf8("{\"key\":\"k1\",\"ts\":1,\"values\":{\"value\":NaN}}")));
    kinds.add(i -> new Poison(DlqReason.OUT_OF_RANGE, null,
        utf8("{\"key\":\"k1\",\"ts\":1,\"values\":{\"value\":1e300}}")));
    kinds.add(i -> new Poison(DlqReason.MISSING_TARGET, null,
        utf8("{\"key\":\"k1\",\"ts\":1,\"values\":{\"other\":1}}")));
    // valid JSON and valid UTF-8, but the escape decodes to a lone surrogate: the runtime refuses such keys
    kinds.add(i -> new Poison(DlqReason.INVALID_UTF8, null,
        utf8("{\"key\":\"\\ud800\",\"ts\":1,\"values\":{\"value\":1}}")));
    return kinds;
  }

  @Test
  void poisonPillsGoToTheDlqWithReasonsWhileAllValidEventsAreLearnedAndMetricsAreServed(@TempDir Path dir)
      throws Exception {
    String name = "poison";
    String in = name + "-in";
    createTopics(kafka, name, 1);
    LearnerConfig cfg = smallConfig(name);
    List<Event> valid = interleavedKeys(10, 100, 11, false);
    assertEquals(1000, valid.size());
    List<Function<Integer, Poison>> kinds = poisonKinds();
    int kindCount = kinds.size() + 1; // + late

    // after every 5 valid events one invalid record, cycling through the kinds; valid events have no Kafka key
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<DlqReason> expectedReason = new ArrayList<>(); // per input offset; null = valid
    Map<String, Long> newest = new HashMap<>();
    int invalid = 0;
    for (int i = 0; i < valid.size(); i++) {
      Event e = valid.get(i);
      records.add(new ProducerRecord<>(in, null, json(e)));
      expectedReason.add(null);
      newest.put(e.key(), e.timestamp());
      if (i % 5 == 4) {
        int kind = invalid % kindCount;
        if (kind == kinds.size()) {
          // valid JSON, 1 ms behind its key's newest event: late
          Event late = new Event(e.key(), newest.get(e.key()) - 1, VALUE, new double[] {42.0});
          records.add(new ProducerRecord<>(in, utf8("late-" + invalid), json(late)));
          expectedReason.add(DlqReason.LATE);
        } else {
          Poison p = kinds.get(kind).apply(invalid);
          records.add(new ProducerRecord<>(in, p.key(), p.value()));
          expectedReason.add(p.reason());
        }
        invalid++;
      }
    }
    assertEquals(200, invalid);
    List<RecordMetadata> sent = produce(kafka, records);
    for (int i = 0; i < sent.size(); i++) {
      assertEquals(i, sent.get(i).offset(), "one partition, offsets in send order");
    }
    Map<String, List<Forecast>> expected = reference(cfg, valid);
    assertEquals(10 * (100 - 11), count(expected));

    List<ConsumerRecord<byte[], byte[]>> out;
    List<ConsumerRecord<byte[], byte[]>> dead;
    try (KafkaStreamsApp app = app(kafka, cfg, name, dir).metricsPort(0).build().start();
         KafkaTestSupport.Reader outReader = new KafkaTestSupport.Reader(kafka, name + "-out");
         KafkaTestSupport.Reader dlqReader = new KafkaTestSupport.Reader(kafka, name + "-dlq")) {
      dead = dlqReader.awaitAtLeast(200, LONG).settle(QUIET).records;
      out = outReader.awaitAtLeast(count(expected), LONG).settle(QUIET).records;
      assertEquals(KafkaStreams.State.RUNNING, app.state(), "still running after 200 poison pills");
      assertEquals(1000, meter(app, "tidecast.events.in"), 0.0);
      assertEquals(200, meter(app, "tidecast.dlq.records"), 0.0);
      assertEquals(expectedReason.stream().filter(r -> r == DlqReason.LATE).count(),
          meter(app, "tidecast.events.late"), 0.0);
      assertEquals(expectedReason.stream().filter(r -> r == DlqReason.BAD_TS).count(),
          meter(app, "tidecast.dlq.records", "reason", "bad_ts"), 0.0);
      checkMetricsEndpoint(app);
    }

    assertEquals(200, dead.size(), "every invalid record in the DLQ, once");
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      DeadLetter d = DeadLetter.fromRecord(r);
      assertEquals(in, d.sourceTopic());
      assertEquals(0, d.sourcePartition());
      int offset = (int) d.sourceOffset();
      assertEquals(expectedReason.get(offset), d.reason(), "record at offset " + offset + ": " + d.detail());
      assertArrayEquals(records.get(offset).value(), r.value(), "original value bytes");
      assertArrayEquals(records.get(offset).key(), r.key(), "original key bytes");
    }
    assertEquals(kindCount, dead.stream().map(r -> DeadLetter.fromRecord(r).reason()).distinct().count() + 1,
        "all kinds seen (two kinds share invalid_utf8)");

    Map<String, List<Forecast>> got = forecastsByKey(out);
    assertEquals(count(expected), out.size());
    assertEquals(expected, got, "the 1,000 valid events were learned exactly as by the learner alone");
  }

  /**
   * The Flink job's hostile input ({@code HostileCorpus}: 2,000 valid events, many in odd but legal encodings,
   * 11,500 bad records of about 50 kinds) through Kafka Streams: still running, every bad record in the DLQ once
   * with the reason of its kind and its original bytes and offset (late ones too: this runtime keeps them), the
   * forecasts equal to the learner alone on the valid events. Late kinds are produced once each key's forecast at
   * its late bound is out, so they are behind the key's newest event whatever the timing.
   */
  @Test
  void hostileCorpusIsDeadLetteredByKindAndLeavesTheForecastsUnchanged(@TempDir Path dir) throws Exception {
    String name = "hostile";
    String in = name + "-in";
    createTopics(kafka, name, 3);
    LearnerConfig cfg = smallConfig(name);
    HostileCorpus c = new HostileCorpus(2026, 8000, 1000, 2500);
    Map<String, List<Forecast>> expected = reference(cfg, c.events);
    List<HostileCorpus.Item> items = new ArrayList<>(c.phaseA);
    List<RecordMetadata> sent = new ArrayList<>(produce(kafka, records(in, c.phaseA)));
    long bad = c.phaseA.stream().filter(i -> i.reason() != null).count()
        + c.phaseB.stream().filter(i -> i.reason() != null).count();

    long t0 = System.nanoTime();
    List<ConsumerRecord<byte[], byte[]>> out;
    List<ConsumerRecord<byte[], byte[]>> dead;
    try (KafkaStreamsApp app = app(kafka, cfg, name, dir).build().start();
         KafkaTestSupport.Reader outReader = new KafkaTestSupport.Reader(kafka, name + "-out");
         KafkaTestSupport.Reader dlqReader = new KafkaTestSupport.Reader(kafka, name + "-dlq")) {
      long deadline = System.nanoTime() + LONG.toNanos();
      while (!c.eventsByKey().keySet().stream().allMatch(k -> forecastsByKey(outReader.records)
          .getOrDefault(k, List.of()).stream().anyMatch(f -> f.originTimestamp() == c.lateBound(k)))) {
        assertTrue(System.nanoTime() < deadline, "timed out waiting for each key's forecast at its late bound");
        outReader.settle(Duration.ofMillis(300));
      }
      items.addAll(c.phaseB);
      sent.addAll(produce(kafka, records(in, c.phaseB)));
      dead = dlqReader.awaitAtLeast((int) bad, LONG).settle(QUIET).records;
      out = outReader.awaitAtLeast(count(expected), LONG).settle(QUIET).records;
      System.out.printf("hostile: %d records, %d dead letters, %d forecasts in %.1f s%n", items.size(), dead.size(),
          out.size(), (System.nanoTime() - t0) / 1e9);
      assertEquals(KafkaStreams.State.RUNNING, app.state(), "still running after the hostile input");
    }
    assertEquals(count(expected), out.size(), "one forecast per window: none lost, none duplicated");
    assertEquals(expected, forecastsByKey(out), "the valid events were learned exactly as by the learner alone");

    HostileCorpus.checkDeadLetters(items, sent, dead, null); // this runtime keeps late records' bytes and offsets
  }

  /**
   * Keys whose event times repeat or go back, mixed into clean keys (before the fix, a key with a window of events
   * at one time got a zero step and stopped the app): still running; every event not after its key's newest one
   * in the DLQ as late with its original bytes and offset; every key's forecasts those of the learner alone on
   * the events it accepts, so the clean keys' are a clean run's, bit for bit.
   */
  @Test
  void keysWithRepeatedOrFallingTimesAreDeadLetteredAndTheCleanKeysUnchanged(@TempDir Path dir) throws Exception {
    String name = "disorder";
    String in = name + "-in";
    createTopics(kafka, name, 2);
    LearnerConfig cfg = smallConfig(name);
    List<Event> clean = interleavedKeys(8, 60, 29, false);
    long[] oneTime = new long[20];
    java.util.Arrays.fill(oneTime, 2_000_000L);
    long[] twice = new long[80];
    long[] falling = new long[30];
    long[] random = new long[80];
    SplittableRandom r = new SplittableRandom(29);
    long ts = 1_000_000L;
    for (int i = 0; i < 80; i++) {
      twice[i] = 1_000_000L + (i / 2) * 60_000L;
      ts += switch (r.nextInt(6)) { // mostly forward, often a tie, sometimes back
        case 0 -> 0;
        case 1 -> -r.nextLong(1, 120_000);
        default -> r.nextLong(1, 90_000);
      };
      random[i] = ts;
    }
    for (int i = 0; i < falling.length; i++) {
      falling[i] = 3_000_000L - i * 60_000L;
    }
    List<HostileCorpus.Item> odd = new ArrayList<>();
    odd.addAll(HostileCorpus.keyAtTimes("one-time", oneTime));
    odd.addAll(HostileCorpus.keyAtTimes("every-time-twice", twice));
    odd.addAll(HostileCorpus.keyAtTimes("falling", falling));
    odd.addAll(HostileCorpus.keyAtTimes("random-ties-and-reversals", random));
    // the odd records spread among the clean ones, each key's in its own order
    List<HostileCorpus.Item> items = new ArrayList<>();
    for (int i = 0, j = 0; i < clean.size(); i++) {
      Event e = clean.get(i);
      items.add(new HostileCorpus.Item("clean", utf8(e.key()), HostileCorpus.json(e), null, e));
      for (; j < (long) odd.size() * (i + 1) / clean.size(); j++) {
        items.add(odd.get(j));
      }
    }
    assertEquals(clean.size() + odd.size(), items.size());
    List<Event> accepted = items.stream().filter(i -> i.reason() == null).map(HostileCorpus.Item::event).toList();
    long refused = items.size() - accepted.size();
    assertTrue(refused >= 19 + 40 + 29 + 10, "refused " + refused);
    Map<String, List<Forecast>> expected = reference(cfg, accepted);
    for (String k : List.of("one-time", "falling")) {
      assertEquals(List.of(), expected.remove(k), k + ": one accepted event, nothing to forecast");
    }
    assertEquals(reference(cfg, clean), expected.entrySet().stream().filter(e -> e.getKey().startsWith("k"))
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
        "the clean keys' forecasts are those of a clean run");

    List<RecordMetadata> sent = produce(kafka, records(in, items));
    List<ConsumerRecord<byte[], byte[]>> out;
    List<ConsumerRecord<byte[], byte[]>> dead;
    try (KafkaStreamsApp app = app(kafka, cfg, name, dir).build().start();
         KafkaTestSupport.Reader outReader = new KafkaTestSupport.Reader(kafka, name + "-out");
         KafkaTestSupport.Reader dlqReader = new KafkaTestSupport.Reader(kafka, name + "-dlq")) {
      dead = dlqReader.awaitAtLeast((int) refused, LONG).settle(QUIET).records;
      out = outReader.awaitAtLeast(count(expected), LONG).settle(QUIET).records;
      assertEquals(KafkaStreams.State.RUNNING, app.state(), "still running");
      assertEquals(accepted.size(), meter(app, "tidecast.events.in"), 0.0);
      assertEquals(refused, meter(app, "tidecast.events.late"), 0.0);
    }
    assertEquals(expected, forecastsByKey(out), "each key as the learner alone on its accepted events");
    assertEquals(count(expected), out.size());
    assertEquals(Map.of("late", (int) refused), HostileCorpus.checkDeadLetters(items, sent, dead, null));
  }

  private static List<ProducerRecord<byte[], byte[]>> records(String topic, List<HostileCorpus.Item> items) {
    return items.stream().map(i -> new ProducerRecord<>(topic, i.key(), i.value())).toList();
  }

  /** (d) the endpoint: loopback only by default, Prometheus text with the learner's and Kafka Streams' meters. */
  static void checkMetricsEndpoint(KafkaStreamsApp app) throws Exception {
    InetSocketAddress at = app.metricsAddress().orElseThrow();
    assertTrue(at.getAddress().isLoopbackAddress(), "bound to " + at);
    assertEquals("127.0.0.1", at.getAddress().getHostAddress());
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort()
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    String body = r.body();
    String eventsIn = body.lines().filter(l -> l.startsWith("tidecast_events_in_total{")).findFirst().orElse(null);
    assertNotNull(eventsIn, body);
    assertTrue(eventsIn.contains("model=\"poison\""), eventsIn);
    assertEquals(1000.0, Double.parseDouble(eventsIn.substring(eventsIn.lastIndexOf(' ') + 1)), 0.0);
    for (String m : List.of("tidecast_forecasts_out_total{", "tidecast_dlq_records_total{",
        "tidecast_events_late_total{", "tidecast_train_duration_seconds", "tidecast_prequential_mae{",
        "tidecast_state_codec_duration_seconds_count{")) {
      assertTrue(body.contains(m), "missing " + m);
    }
    assertTrue(body.contains("reason=\"missing_target\""));
    assertTrue(body.lines().anyMatch(l -> l.startsWith("kafka_stream_")), "Kafka Streams client metrics bound");
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort()
        + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
  }

  @Test
  void restartsWithTheSameAndAFreshStateDirContinueExactlyOnceAndIdentically(@TempDir Path dir) throws Exception {
    String name = "restart";
    String in = name + "-in";
    createTopics(kafka, name, 2);
    LearnerConfig cfg = smallConfig(name);
    List<Event> all = interleavedKeys(20, 80, 17, false);
    Map<String, List<Forecast>> expected = reference(cfg, all);
    int third1 = all.size() * 2 / 5;
    int third2 = all.size() * 7 / 10;
    List<List<Event>> chunks = List.of(all.subList(0, third1), all.subList(third1, third2),
        all.subList(third2, all.size()));
    List<Path> stateDirs = List.of(dir.resolve("a"), dir.resolve("a"), dir.resolve("b")); // b: restore from changelog

    try (KafkaTestSupport.Reader reader = new KafkaTestSupport.Reader(kafka, name + "-out")) {
      int upTo = 0;
      for (int run = 0; run < 3; run++) {
        produce(kafka, chunks.get(run).stream().map(e -> keyed(in, e)).toList());
        upTo += chunks.get(run).size();
        int before = reader.records.size();
        int available = count(reference(cfg, all.subList(0, upTo)));
        try (KafkaStreamsApp app = app(kafka, cfg, name, stateDirs.get(run)).build().start()) {
          if (run < 2) {
            // stop mid-stream: once part of this run's new windows have come out
            reader.awaitAtLeast(before + (available - before) / 2, LONG);
          } else {
            reader.awaitAtLeast(available, LONG).settle(QUIET);
          }
          System.out.printf("restart run %d: %d of %d forecasts available seen when stopping%n", run,
              reader.records.size(), available);
        }
      }
      Map<String, List<Forecast>> got = forecastsByKey(reader.settle(QUIET).records);
      assertEquals(count(expected), reader.records.size(), "exactly one forecast per window across restarts");
      assertEquals(expected, got, "restored state continues bit for bit");
    }
  }

  /**
   * {@code shared_model}: the task's one model is stored (under the blank key of the model store) in the transaction
   * of the forecasts it made, so a run stopped twice, once restored from the changelog into a fresh state dir,
   * gives exactly the forecasts of an uninterrupted run.
   */
  @Test
  void aSharedModelSurvivesRestartsBitForBit(@TempDir Path dir) throws Exception {
    LearnerConfig cfg = smallConfig("shared").toBuilder().sharedModel(true).build();
    List<Event> all = interleavedKeys(10, 60, 5, false);
    int windows = count(reference(cfg, all));
    Map<String, List<Forecast>> once;
    createTopics(kafka, "shared-once", 1);
    produce(kafka, all.stream().map(e -> keyed("shared-once-in", e)).toList());
    try (KafkaTestSupport.Reader reader = new KafkaTestSupport.Reader(kafka, "shared-once-out");
        KafkaStreamsApp app = app(kafka, cfg, "shared-once", dir.resolve("once")).build().start()) {
      once = forecastsByKey(reader.awaitAtLeast(windows, LONG).settle(QUIET).records);
    }
    String name = "shared-restart";
    createTopics(kafka, name, 1);
    int a = all.size() / 3;
    int b = all.size() * 2 / 3;
    List<List<Event>> chunks = List.of(all.subList(0, a), all.subList(a, b), all.subList(b, all.size()));
    List<Path> stateDirs = List.of(dir.resolve("a"), dir.resolve("a"), dir.resolve("b")); // b: from the changelog
    try (KafkaTestSupport.Reader reader = new KafkaTestSupport.Reader(kafka, name + "-out")) {
      int upTo = 0;
      for (int run = 0; run < 3; run++) {
        produce(kafka, chunks.get(run).stream().map(e -> keyed(name + "-in", e)).toList());
        upTo += chunks.get(run).size();
        int available = count(reference(cfg, all.subList(0, upTo)));
        try (KafkaStreamsApp app = app(kafka, cfg, name, stateDirs.get(run)).build().start()) {
          reader.awaitAtLeast(run < 2 ? (reader.records.size() + available) / 2 : available, LONG);
        }
      }
      Map<String, List<Forecast>> got = forecastsByKey(reader.settle(QUIET).records);
      assertEquals(windows, reader.records.size(), "exactly one forecast per window across restarts");
      assertEquals(once, got, "the shared model continues bit for bit");
    }
  }

  /**
   * The store layout changed once: a key's model moved out of {@code tidecast-learner-state} into
   * {@code tidecast-model-state}, written only when training changed it. A blob an older release left (model
   * inline), restored from the changelog into a fresh state dir, must continue bit for bit and be split: the
   * newest learner-state record has no model, the newest model record is the learner's final model.
   */
  @Test
  void aStateBlobWithItsModelInlineIsRestoredAndSplit(@TempDir Path dir) throws Exception {
    String name = "inline";
    String in = name + "-in";
    createTopics(kafka, name, 1);
    LearnerConfig cfg = smallConfig(name);
    List<Event> all = interleavedKeys(1, 150, 29, false);
    // restore just before an event that does not train (from event 70 on): its write must still store the inline
    // model apart. One pass: the state before that event is the old blob, the forecasts from it on are expected.
    OnlineLearner alone = new OnlineLearner(cfg);
    KeyState s = alone.newState("k0");
    byte[] inline = null;
    int split = -1;
    List<Forecast> expected = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      byte[] before = split < 0 && i >= 70 ? s.toBytes() : null;
      long version = s.version();
      List<Forecast> f = alone.onEvent(s, all.get(i));
      if (before != null && s.version() == version) {
        split = i;
        inline = before;
      }
      if (split >= 0) {
        expected.addAll(f);
      }
    }
    assertTrue(split > 0, "an event that does not train");
    assertNotNull(KeyState.fromBytes(inline).model(), "the old layout: model inline");
    assertTrue(expected.size() > 20);
    String stateLog = name + "-" + TidecastTopology.STORE + "-changelog";
    String modelLog = name + "-" + TidecastTopology.MODEL + "-changelog";
    kafka.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(stateLog, 1, (short) 1)
        .configs(Map.of("cleanup.policy", "compact"))));
    produce(kafka, List.of(new ProducerRecord<>(stateLog, 0, "k0".getBytes(StandardCharsets.UTF_8), inline)));

    try (KafkaTestSupport.Reader reader = new KafkaTestSupport.Reader(kafka, name + "-out")) {
      produce(kafka, all.subList(split, all.size()).stream().map(e -> keyed(in, e)).toList());
      try (KafkaStreamsApp app = app(kafka, cfg, name, dir.resolve("fresh")).build().start()) {
        reader.awaitAtLeast(expected.size(), LONG).settle(QUIET);
      }
      assertEquals(Map.of("k0", expected), forecastsByKey(reader.records), "continues the restored state bit for bit");
    }
    try (KafkaTestSupport.Reader states = new KafkaTestSupport.Reader(kafka, stateLog);
        KafkaTestSupport.Reader models = new KafkaTestSupport.Reader(kafka, modelLog)) {
      List<ConsumerRecord<byte[], byte[]>> st = states.awaitAtLeast(2, LONG).settle(QUIET).records;
      List<ConsumerRecord<byte[], byte[]>> md = models.awaitAtLeast(1, LONG).settle(QUIET).records;
      assertEquals(null, KeyState.fromBytes(st.get(st.size() - 1).value()).model(), "split: no model inline");
      assertArrayEquals(s.model().toBytes(), md.get(md.size() - 1).value(), "the newest model record");
      assertTrue(md.size() < st.size() - 1, "the model is written only when trained: " + md.size() + " model records, "
          + (st.size() - 1) + " state records");
    }
  }
}
