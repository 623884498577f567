package io.tidecast.stream.flink;

import io.tidecast.connectors.kafka.HostileCorpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidecast.connectors.Decoded;
import io.tidecast.connectors.DlqReason;
import io.tidecast.connectors.EventDecoder;
import io.tidecast.stream.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The hostile corpus against the job's own decoder, without Kafka: every bad kind gets the reason the corpus
 * expects, every odd-but-legal record decodes to its plain event. Keeps {@code KafkaForecastJobTest}'s hostile run
 * honest (a wrong expectation fails here in a second, with the record shown).
 */
class HostileCorpusTest {
  @Test
  void everyRecordDecodesAsTheCorpusSays() {
    HostileCorpus c = new HostileCorpus(7, 8000, 1000, 2500);
    EventDecoder decoder = new EventDecoder(KafkaForecastJob.parser(
        new JobOptions().bootstrapServers("unused:1").learner(KafkaForecastJobTest.smallConfig())));
    List<HostileCorpus.Item> all = new ArrayList<>(c.phaseA);
    all.addAll(c.phaseB);
    Map<String, Integer> kinds = new TreeMap<>();
    int bad = 0;
    int valid = 0;
    for (HostileCorpus.Item it : all) {
      kinds.merge(it.kind(), 1, Integer::sum);
      Decoded d = decoder.decode(it.key(), it.value(), "t", 0, 0);
      String shown = it.kind() + ": " + (it.value() == null ? "null"
          : new String(it.value(), 0, Math.min(200, it.value().length), StandardCharsets.UTF_8));
      if (it.reason() == null || it.reason() == DlqReason.LATE) {
        // accepted by the decoder; late ones are dead-lettered by the runtime, not by parsing
        Event e = assertInstanceOf(Decoded.Valid.class, d, () -> shown + " -> " + d).event();
        assertEquals(it.event().key(), e.key(), shown);
        assertEquals(it.event().timestamp(), e.timestamp(), shown);
        assertEquals(Double.doubleToRawLongBits(it.event().value(0)), Double.doubleToRawLongBits(e.value("value")),
            shown);
        if (it.reason() == null) {
          valid++;
        } else {
          bad++;
        }
      } else {
        bad++;
        DlqReason got = assertInstanceOf(Decoded.Invalid.class, d, shown).deadLetter().reason();
        assertEquals(it.reason(), got, () -> shown + " -> " + ((Decoded.Invalid) d).deadLetter().detail());
      }
    }
    System.out.println("hostile corpus: " + valid + " valid, " + bad + " bad; kinds " + kinds);
    assertEquals(HostileCorpus.KEYS * HostileCorpus.PER_KEY, valid);
    assertTrue(bad >= 10_000, "at least 10,000 bad records: " + bad);
    for (String k : List.of("truncated", "syntax error", "wrong type value", "NaN or Infinity as string",
        "NaN or Infinity token", "beyond 1e15", "overflows a double", "empty key", "1 MB value", "invalid UTF-8",
        "exact duplicate", "out of order", "very late", "negative zero", "unknown fields")) {
      assertTrue(kinds.getOrDefault(k, 0) > 0, "kind '" + k + "' present: " + kinds);
    }
  }
}
