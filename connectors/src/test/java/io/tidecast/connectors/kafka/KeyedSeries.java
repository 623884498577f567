package io.tidecast.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.LongToIntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The keyed series that SoakTest and the bench's stream and soak runs (bench/, via this module's test jar) send,
 * as event JSON (connectors/FORMATS.md): key {@code k<index>}, a daily-like sine per key with a key-dependent phase
 * plus hashed noise, so every run sends the same bytes. Keys are parsed back from forecasts to match them with the
 * events they answer.
 */
public final class KeyedSeries {
  private KeyedSeries() {
  }

  public static String key(int index) {
    return "k" + index;
  }

  /** Value of the {@code n}-th event of key {@code k}: period 24 events, amplitude 1, noise ±0.1. */
  public static double value(int k, long n) {
    long h = (k * 0x9E3779B97F4A7C15L) ^ (n * 0xC2B2AE3D27D4EB4FL);
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    double noise = ((h >>> 11) * 0x1.0p-53) - 0.5;
    return Math.sin(2 * Math.PI * n / 24.0 + 0.37 * k) + 0.2 * noise;
  }

  public static byte[] json(int k, long ts, double v) {
    return ("{\"key\":\"k" + k + "\",\"ts\":" + ts + ",\"values\":{\"value\":" + v + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The index of key bytes {@code k<index>}, or -1 if they are not a benchmark key. */
  public static int keyIndex(byte[] key) {
    if (key == null || key.length < 2 || key[0] != 'k') {
      return -1;
    }
    int v = 0;
    for (int i = 1; i < key.length; i++) {
      int d = key[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static final byte[] ORIGIN = "\"origin_ts_ms\":".getBytes(StandardCharsets.UTF_8);

  /** {@code origin_ts_ms} of a forecast's JSON (ForecastFormat), without a full parse; -1 if absent. */
  public static long originMillis(byte[] json) {
    outer:
    for (int i = 0; i + ORIGIN.length < json.length; i++) {
      for (int j = 0; j < ORIGIN.length; j++) {
        if (json[i + j] != ORIGIN[j]) {
          continue outer;
        }
      }
      long v = 0;
      for (int p = i + ORIGIN.length; p < json.length && json[p] >= '0' && json[p] <= '9'; p++) {
        v = v * 10 + (json[p] - '0');
      }
      return v;
    }
    return -1;
  }

  /** Client settings that reach {@code kafka}. */
  public static Properties client(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return p;
  }

  /** A byte[] producer; {@code bulk} batches for pre-loading, otherwise every record is sent at once. */
  public static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka, boolean bulk) {
    Properties p = client(kafka);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, bulk ? "524288" : "16384");
    p.put(ProducerConfig.LINGER_MS_CONFIG, bulk ? "20" : "0");
    return new KafkaProducer<>(p);
  }

  /**
   * Sends events {@code from..to-1}: event i has key {@code keyOf(i)}, event time {@code tsBase + i}, and is the
   * {@code i/slots}-th of its key (each key holds one of {@code slots} round-robin slots).
   */
  public static void preload(EmbeddedKafka kafka, String topic, int slots, long from, long to, long tsBase,
      LongToIntFunction keyOf) {
    try (KafkaProducer<byte[], byte[]> p = producer(kafka, true)) {
      for (long i = from; i < to; i++) {
        int k = keyOf.applyAsInt(i);
        p.send(new ProducerRecord<>(topic, key(k).getBytes(StandardCharsets.UTF_8),
            json(k, tsBase + i, value(k, i / slots))));
      }
      p.flush();
    }
  }
}
