package io.tidecast.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.DlqReason;
import io.tidecast.stream.Event;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A seeded hostile input for the Kafka job: valid events, many written in odd but legal ways, mixed with
 * thousands of bad records of named kinds, each with the dead-letter reason FORMATS.md gives for it.
 *
 * <p>Two phases, because lateness in Flink depends on the watermark: phase A holds events {@code 0..SPLIT-1} of
 * every key and content-bad records; phase B, produced once every key's forecast at origin {@link #lateBound}
 * is committed (so the watermark has passed it), adds the late kinds (exact duplicates, out-of-order and very
 * late events, all at or before that bound: late whatever the timing), more content-bad records, the rest of the
 * valid events, and one end marker per partition that moves the watermark past every valid event.
 *
 * <p>Accepted on purpose (FORMATS.md): {@code -0.0} (stored as 0.0), unknown top-level fields, extra features,
 * ISO timestamps with an offset, any field order or whitespace, exponent notation, unicode escapes in the key.
 * Those records are valid events and must yield the same forecasts as their plain encoding.
 */
public final class HostileCorpus {
  public static final long T0 = 1404172800000L; // 2014-07-01T00:00:00Z
  public static final long HALF_HOUR = 1_800_000L;
  public static final int KEYS = 20;
  public static final int PER_KEY = 100;
  /** Events {@code 0..SPLIT-1} of each key are in phase A. */
  static final int SPLIT = 60;
  /** Phase B starts once the forecast of each key's event {@code LATE_INDEX} is committed. */
  static final int LATE_INDEX = 50;
  static final String ZERO_KEY = "sensor-3";
  static final String END_KEY = "~end-of-input";
  /** One megabyte (decimal): fits Kafka's default 1 MiB message limit, far over the 64 KiB event limit. */
  static final int MEGABYTE = 1_000_000;

  /** One record to produce: what it is, and what the job must do with it (reason null: accepted). */
  public record Item(String kind, byte[] key, byte[] value, DlqReason reason, Event event) {
  }

  /** One invalid record kind with the reason FORMATS.md gives for it. */
  public record Poison(String name, byte[] value, DlqReason reason) {
  }

  public final List<Event> events; // the valid events as the learner must see them, in event-time order
  public final List<Item> phaseA = new ArrayList<>();
  public final List<Item> phaseB = new ArrayList<>();
  private final Map<String, List<Event>> byKey = new TreeMap<>();
  private final SplittableRandom r;

  /** {@code badA} + {@code badB} content-bad records and {@code late} late ones. */
  public HostileCorpus(long seed, int badA, int badB, int late) {
    r = new SplittableRandom(seed);
    List<Event> ev = new ArrayList<>();
    for (Event e : synthetic(KEYS, PER_KEY, seed)) {
      long i = (e.timestamp() - T0) / HALF_HOUR;
      // one key is sometimes exactly zero: written as -0.0 below, it must be learned as 0.0
      ev.add(e.key().equals(ZERO_KEY) && i % 5 == 0 ? new Event(e.key(), e.timestamp(), e.names(), new double[1]) : e);
    }
    events = List.copyOf(ev);
    for (Event e : events) {
      byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
    }
    List<Item> validA = new ArrayList<>();
    List<Item> validB = new ArrayList<>();
    for (Event e : events) {
      int i = byKey.get(e.key()).indexOf(e);
      (i < SPLIT ? validA : validB).add(valid(e));
    }
    mix(phaseA, validA, contentBad(badA));
    List<Item> bad = contentBad(badB);
    for (int n = 0; n < late; n++) {
      bad.add(lateItem());
    }
    Collections.shuffle(bad, new java.util.Random(r.nextLong()));
    mix(phaseB, validB, bad);
  }

  /** {@code keys} series of {@code perKey} half-hourly events: own level and phase, seeded noise. */
  public static List<Event> synthetic(int keys, int perKey, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < perKey; i++) {
      for (int k = 0; k < keys; k++) {
        double v = 100.0 * (k + 1) + 20 * Math.sin(2 * Math.PI * i / 48 + k) + r.nextDouble(-1, 1);
        out.add(new Event("sensor-" + k, T0 + i * HALF_HOUR + k * 1000L, List.of("value"), new double[] {v}));
      }
    }
    return out;
  }

  /**
   * Valid events of one key at times {@code ts}, in this order (the producer must keep it): each time not after the
   * key's newest so far (a repeat, or a step back) is refused with reason {@code late}; every other is learned. A
   * repeat right after its time is an exact duplicate every other time, else the same time with another value.
   */
  public static List<Item> keyAtTimes(String key, long... ts) {
    List<Item> out = new ArrayList<>(ts.length);
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    long newest = Long.MIN_VALUE;
    Event prev = null;
    for (int i = 0; i < ts.length; i++) {
      double v = 50 + 10 * Math.sin(0.4 * i);
      Event e = prev != null && prev.timestamp() == ts[i] && i % 2 == 1 ? prev
          : new Event(key, ts[i], List.of("value"), new double[] {v});
      boolean learned = ts[i] > newest;
      out.add(new Item(learned ? "time in order" : ts[i] == newest ? "time repeated" : "time going back", k,
          json(e), learned ? null : DlqReason.LATE, e));
      newest = Math.max(newest, ts[i]);
      prev = e;
    }
    return out;
  }

  /** The plain JSON event (ts in epoch millis; Double.toString round-trips every double). */
  public static byte[] json(Event e) {
    return json(e.key(), Long.toString(e.timestamp()), "{\"value\":" + e.value(0) + "}", "");
  }

  /** Each key's event time up to which phase B's late records reach. */
  public long lateBound(String key) {
    return byKey.get(key).get(LATE_INDEX).timestamp();
  }

  public Map<String, List<Event>> eventsByKey() {
    return byKey;
  }

  /** Valid records keep their order (each key's events in event-time order); bad ones go in between at random. */
  private void mix(List<Item> out, List<Item> valid, List<Item> bad) {
    int b = 0;
    for (int v = 0; v < valid.size(); v++) {
      int until = (int) ((long) bad.size() * (v + 1) / valid.size());
      for (; b < until; b++) {
        out.add(bad.get(b));
      }
      out.add(valid.get(v));
    }
  }

  /**
   * Checks a DLQ against the records produced ({@code items} in produce order, {@code sent} their metadata): each
   * bad record exactly once, with the reason of its kind, its original key and value bytes and its source offset,
   * and nothing else; the count per reason equal to the corpus's. Late records either the same way
   * ({@code lateValue} null) or, where the runtime re-encodes them, as the multiset of {@code lateValue} of their
   * events. Returns the count per reason code.
   */
  public static Map<String, Integer> checkDeadLetters(List<Item> items, List<RecordMetadata> sent,
      List<ConsumerRecord<byte[], byte[]>> dlq, Function<Event, byte[]> lateValue) {
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < sent.size(); i++) {
      at.put(sent.get(i).partition() + "@" + sent.get(i).offset(), i);
    }
    Map<String, Integer> want = new TreeMap<>();
    List<String> wantLate = new ArrayList<>();
    for (Item it : items) {
      if (it.reason() != null) {
        want.merge(it.reason().code(), 1, Integer::sum);
      }
      if (it.reason() == DlqReason.LATE && lateValue != null) {
        wantLate.add(new String(lateValue.apply(it.event()), StandardCharsets.UTF_8));
      }
    }
    Map<String, Integer> got = new TreeMap<>();
    List<String> gotLate = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      DeadLetter d = DeadLetter.fromRecord(r);
      got.merge(d.reason().code(), 1, Integer::sum);
      if (d.reason() == DlqReason.LATE && lateValue != null) {
        gotLate.add(new String(r.value(), StandardCharsets.UTF_8));
        continue;
      }
      Integer idx = at.get(d.sourcePartition() + "@" + d.sourceOffset());
      assertNotNull(idx, () -> "source partition/offset point at a produced record: " + d);
      assertTrue(seen.add(idx), () -> "no duplicate dead letter for record " + idx);
      Item it = items.get(idx);
      assertEquals(it.reason(), d.reason(), () -> it.kind() + ": " + d.detail());
      assertArrayEquals(it.value(), r.value(), () -> it.kind() + ": original bytes untouched");
      assertArrayEquals(it.key(), r.key(), () -> it.kind() + ": original key untouched");
    }
    assertEquals(want, got, "dead letters per reason = the corpus's count per kind");
    Collections.sort(wantLate);
    Collections.sort(gotLate);
    assertEquals(wantLate, gotLate, "every late record, re-encoded, once");
    return got;
  }

  /** How many records of each kind, with what the job must do with them (for the test's printout). */
  public static Map<String, Integer> byKind(List<Item> items) {
    Map<String, Integer> out = new TreeMap<>();
    for (Item it : items) {
      out.merge(it.kind() + (it.reason() == null ? " (accepted)" : " -> " + it.reason().code()), 1, Integer::sum);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ valid

  private Item valid(Event e) {
    byte[] k = e.key().getBytes(StandardCharsets.UTF_8); // keyed by series: one key stays on one partition
    if (e.key().equals(ZERO_KEY) && e.value(0) == 0.0) {
      return new Item("negative zero", k, json(e.key(), Long.toString(e.timestamp()), "{\"value\":-0.0}", ""), null, e);
    }
    String key = quote(e.key());
    String ts = Long.toString(e.timestamp());
    String values = "{\"value\":" + e.value(0) + "}";
    return switch (r.nextInt(9)) {
      case 0 -> new Item("iso ts", k, json(e.key(), quote(Instant.ofEpochMilli(e.timestamp()).toString()), values,
          ""), null, e);
      case 1 -> new Item("iso ts with offset", k, json(e.key(), quote(DateTimeFormatter.ISO_OFFSET_DATE_TIME
          .format(Instant.ofEpochMilli(e.timestamp()).atOffset(ZoneOffset.ofHours(-7)))), values, ""), null, e);
      case 2 -> new Item("unknown fields", k, json(e.key(), ts, values, ",\"source\":\"plc-4\",\"meta\":{\"a\":[1,"
          + "{\"b\":null}],\"values\":\"shadow\"},\"n\":-1e999999"), null, e);
      case 3 -> new Item("extra feature", k, json(e.key(), ts, "{\"temp\":21.5,\"value\":" + e.value(0) + ",\"x\":0}",
          ""), null, e);
      case 4 -> new Item("field order and whitespace", k, bytes("\n {\t\"values\" :\r\n{ \"value\" : " + e.value(0)
          + " } ,\"ts\": " + ts + " ,  \"key\":" + key + "}\n\t"), null, e);
      case 5 -> {
        BigDecimal d = new BigDecimal(Double.toString(e.value(0)));
        yield new Item("exponent notation", k, json(e.key(), ts, "{\"value\":" + d.unscaledValue() + "E" + -d.scale()
            + "}", ""), null, e);
      }
      case 6 -> {
        StringBuilder s = new StringBuilder("\"");
        for (char c : e.key().toCharArray()) {
          s.append(String.format("\\u%04x", (int) c));
        }
        yield new Item("escaped key", k, json(null, ts, values, ",\"key\":" + s + "\""), null, e);
      }
      default -> new Item("plain", k, json(e), null, e);
    };
  }

  // ------------------------------------------------------------------------------------------ bad content

  private List<Item> contentBad(int n) {
    List<Item> out = new ArrayList<>(n);
    List<Poison> classic = poisonKinds();
    for (int i = 0; i < n; i++) {
      Item it = switch (r.nextInt(16)) {
        case 0 -> truncated();
        case 1 -> pick("syntax error", DlqReason.MALFORMED_JSON, "{\"key\" \"k\",\"ts\":1,\"values\":{\"value\":1}}",
            "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"value\":1,}}", "{'key':'k'}", "{key:\"k\"}",
            "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"value\":1}}}", "{\"key\":\"k\"}{\"key\":\"k\"}",
            "{\"key\":\"k\u0001\",\"ts\":1404172800000,\"values\":{\"value\":1}}", "{/*c*/\"key\":\"k\"}",
            "{\"key\":\"k\",\"ts\":01404172800000,\"values\":{\"value\":1}}", "{\"values\":{\"value\":1.}}",
            "   ", "{\"key\":\"k\\q\"}", "{\"values\":{\"value\":0x10}}");
        case 2 -> pick("not an object", DlqReason.NOT_AN_OBJECT, "[{\"key\":\"k\"}]", "\"text\"", "42", "null",
            "true", "-0.0");
        case 3 -> value("wrong type value", DlqReason.WRONG_TYPE, "\"12.5\"", "true", "null", "[1]", "{\"v\":1}");
        case 4 -> pick("wrong type key or values", DlqReason.WRONG_TYPE, json(null, "1404172800000",
            "{\"value\":1}", ",\"key\":7"), json(null, "1", "{\"value\":1}", ",\"key\":{\"k\":1}"),
            json(null, "1", "{\"value\":1}", ",\"key\":[\"k\"]"), json("k", "1", "[1,2]", ""),
            json("k", "1", "\"1.5\"", ""), json("k", "1", "{\"\":1,\"value\":1}", ""));
        case 5 -> value("NaN or Infinity as string", DlqReason.WRONG_TYPE, "\"NaN\"", "\"Infinity\"", "\"-Infinity\"",
            "\"inf\"");
        case 6 -> value("NaN or Infinity token", DlqReason.NON_FINITE, "NaN", "Infinity", "-Infinity", "+Infinity");
        case 7 -> value("beyond 1e15", DlqReason.OUT_OF_RANGE, "1e308", "-1e308", "1.7976931348623157e308",
            "-4.9e307", "1000000000000001", "1e16");
        case 8 -> value("overflows a double", DlqReason.NON_FINITE, "1e309", "-1e400", "2e308", "9".repeat(400),
            "-" + "1".repeat(320) + ".5");
        case 9 -> pick("empty key", DlqReason.EMPTY_KEY, json("", "1404172800000", "{\"value\":1}", ""),
            json(" ", "1404172800000", "{\"value\":1}", ""), json(null, "1", "{\"value\":1}", ",\"key\":\"\\t\\n \""));
        case 10 -> r.nextInt(3) == 0 ? oversized() : keyTooLong();
        case 11 -> invalidUtf8();
        case 12 -> pick("bad ts", DlqReason.BAD_TS, ts("1.4041728E12"), ts("-1"), ts("99999999999999999999999"),
            ts("16756761600000"), ts("\"2501-01-01T00:00:00Z\""), ts("\"1969-12-31T23:59:59Z\""), ts("true"),
            ts("\"2014-02-30T00:00:00Z\""), ts("\"2014-07-01 00:00:00\""), ts("[1]"));
        case 13 -> switch (r.nextInt(4)) {
          case 0 -> new Item("missing key", kafkaKey(), json(null, "1", "{\"value\":1}", ""), DlqReason.MISSING_KEY,
              null);
          case 1 -> new Item("null ts", kafkaKey(), json("k", "null", "{\"value\":1}", ""), DlqReason.MISSING_TS, null);
          case 2 -> new Item("empty values", kafkaKey(), json("k", "1", "{}", ""), DlqReason.MISSING_VALUES, null);
          default -> new Item("null values", kafkaKey(), json("k", "1", "null", ""), DlqReason.MISSING_VALUES, null);
        };
        default -> {
          Poison p = classic.get(r.nextInt(classic.size()));
          yield new Item("classic: " + p.name(), kafkaKey(), p.value(), p.reason(), null);
        }
      };
      out.add(it);
    }
    return out;
  }

  private Item truncated() {
    byte[] whole = json(events.get(r.nextInt(events.size())));
    return new Item("truncated", kafkaKey(), java.util.Arrays.copyOf(whole, 1 + r.nextInt(whole.length - 1)),
        DlqReason.MALFORMED_JSON, null);
  }

  private Item oversized() {
    // a few 1 MB records, more just past the 64 KiB limit (cheaper; the same check)
    int size = r.nextInt(12) == 0 ? MEGABYTE : 64 * 1024 + 1 + r.nextInt(100);
    String head = "{\"key\":\"big\",\"ts\":1404172800000,\"values\":{\"value\":1},\"pad\":\"";
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) 'x');
    System.arraycopy(bytes(head), 0, b, 0, head.length());
    b[size - 2] = '"';
    b[size - 1] = '}';
    return new Item(size == MEGABYTE ? "1 MB value" : "over 64 KiB", kafkaKey(), b, DlqReason.OVERSIZED, null);
  }

  private Item keyTooLong() {
    String key = "k".repeat(257 + r.nextInt(5000));
    return new Item("key over 256 chars", kafkaKey(), json(key, "1404172800000", "{\"value\":1}", ""),
        DlqReason.KEY_TOO_LONG, null);
  }

  private Item invalidUtf8() {
    byte[][] bad = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80},
        {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
    byte[] head = bytes("{\"key\":\"k");
    byte[] tail = bytes("\",\"ts\":1404172800000,\"values\":{\"value\":1}}");
    byte[] mid = bad[r.nextInt(bad.length)];
    byte[] b = new byte[head.length + mid.length + tail.length];
    System.arraycopy(head, 0, b, 0, head.length);
    System.arraycopy(mid, 0, b, head.length, mid.length);
    System.arraycopy(tail, 0, b, head.length + mid.length, tail.length);
    return new Item("invalid UTF-8", kafkaKey(), b, DlqReason.INVALID_UTF8, null);
  }

  private Item value(String kind, DlqReason reason, String... values) {
    return new Item(kind, kafkaKey(), json("sensor-" + r.nextInt(KEYS), "1404172800000",
        "{\"value\":" + values[r.nextInt(values.length)] + "}", ""), reason, null);
  }

  private Item pick(String kind, DlqReason reason, Object... values) {
    Object v = values[r.nextInt(values.length)];
    return new Item(kind, kafkaKey(), v instanceof byte[] b ? b : bytes((String) v), reason, null);
  }

  private static byte[] ts(String ts) {
    return json("k", ts, "{\"value\":1}", "");
  }

  // ------------------------------------------------------------------------------------------ late

  /** Late whatever the timing: at or before the key's {@link #lateBound}, which the watermark has passed. */
  private Item lateItem() {
    List<Event> key = byKey.get("sensor-" + r.nextInt(KEYS));
    Event at = key.get(1 + r.nextInt(LATE_INDEX - 1)); // strictly behind the bound: late in both runtimes
    double v = Math.round(r.nextDouble(-500, 500) * 8) / 8.0;
    return switch (r.nextInt(4)) {
      case 0 -> late("exact duplicate", at);
      case 1 -> late("same ts, other value", new Event(at.key(), at.timestamp(), at.names(), new double[] {v}));
      case 2 -> late("out of order", new Event(at.key(), at.timestamp() - 1 - r.nextInt(1000), at.names(),
          new double[] {v}));
      default -> late("very late", new Event(at.key(), at.timestamp() - 30L * 86_400_000L - r.nextLong(1L << 33),
          at.names(), new double[] {v}));
    };
  }

  private static Item late(String kind, Event e) {
    return new Item(kind, e.key().getBytes(StandardCharsets.UTF_8), json(e), DlqReason.LATE, e);
  }

  /**
   * The end-of-input marker for partition {@code p}: newer than every valid event, never forecast itself. A key of its
   * own per partition: with one shared key, every marker after the first to arrive would be a repeat of its time,
   * so late (the learner takes events on arrival).
   */
  public Event endMarker(int p) {
    return new Event(END_KEY + "-" + p, events.get(events.size() - 1).timestamp() + 86_400_000L, List.of("value"),
        new double[] {0});
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** Kafka record keys of bad records: null, empty, binary or text (the job never reads them). */
  private byte[] kafkaKey() {
    return switch (r.nextInt(4)) {
      case 0 -> null;
      case 1 -> new byte[0];
      case 2 -> new byte[] {(byte) 0xff, 0, (byte) 0xfe};
      default -> bytes("bad-" + r.nextInt(1000));
    };
  }

  /** {@code {"key":..,"ts":..,"values":..<extra>}}; key null leaves it out. */
  private static byte[] json(String key, String ts, String values, String extra) {
    return bytes("{" + (key == null ? "" : "\"key\":" + quote(key) + ",") + "\"ts\":" + ts + ",\"values\":" + values
        + extra + "}");
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Twenty kinds of invalid record, with the reason FORMATS.md gives for each. */
  public static List<Poison> poisonKinds() {
    String ok = "\"ts\":1404172800000,\"values\":{\"value\":1.5}";
    byte[] badUtf8 = "{\"key\":\"k?\",\"ts\":1404172800000,\"values\":{\"value\":1}}".getBytes(StandardCharsets.UTF_8);
    badUtf8[9] = (byte) 0xff;
    String big = "{\"key\":\"k\"," + ok + ",\"pad\":\"" + "x".repeat(70_000) + "\"}";
    return List.of(
        poison("malformed json", "{\"key\":\"k\",\"ts\":", DlqReason.MALFORMED_JSON),
        poison("NaN", "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"value\":NaN}}", DlqReason.NON_FINITE),
        poison("Infinity", "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"value\":-Infinity}}",
            DlqReason.NON_FINITE),
        poison("missing key", "{" + ok + "}", DlqReason.MISSING_KEY),
        poison("value as string", "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"value\":\"12\"}}",
            DlqReason.WRONG_TYPE),
        poison("numeric key", "{\"key\":7," + ok + "}", DlqReason.WRONG_TYPE),
        poison("oversized", big, DlqReason.OVERSIZED),
        new Poison("invalid utf-8", badUtf8, DlqReason.INVALID_UTF8),
        poison("empty key", "{\"key\":\" \"," + ok + "}", DlqReason.EMPTY_KEY),
        poison("key too long", "{\"key\":\"" + "k".repeat(300) + "\"," + ok + "}", DlqReason.KEY_TOO_LONG),
        poison("out of range", "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"value\":1e16}}",
            DlqReason.OUT_OF_RANGE),
        poison("missing ts", "{\"key\":\"k\",\"values\":{\"value\":1}}", DlqReason.MISSING_TS),
        poison("ts not a date", "{\"key\":\"k\",\"ts\":\"yesterday\",\"values\":{\"value\":1}}", DlqReason.BAD_TS),
        poison("ts float", "{\"key\":\"k\",\"ts\":1.4e12,\"values\":{\"value\":1}}", DlqReason.BAD_TS),
        poison("ts without zone", "{\"key\":\"k\",\"ts\":\"2014-07-01T00:00:00\",\"values\":{\"value\":1}}",
            DlqReason.BAD_TS),
        poison("array root", "[1,2,3]", DlqReason.NOT_AN_OBJECT),
        poison("missing values", "{\"key\":\"k\",\"ts\":1404172800000}", DlqReason.MISSING_VALUES),
        poison("duplicate key", "{\"key\":\"k\",\"key\":\"j\"," + ok + "}", DlqReason.DUPLICATE_FIELD),
        poison("missing target", "{\"key\":\"k\",\"ts\":1404172800000,\"values\":{\"temp\":1}}",
            DlqReason.MISSING_TARGET),
        poison("tombstone", null, DlqReason.EMPTY_RECORD));
  }

  private static Poison poison(String name, String json, DlqReason reason) {
    return new Poison(name, json == null ? null : json.getBytes(StandardCharsets.UTF_8), reason);
  }
}
