package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The accuracy bar on NAB nyc_taxi (30-minute buckets, 10,320 rows), scored prequentially over the last
 * 80%: horizon 1 at most 0.7 x the naive MAE, with the learner's default configuration (what
 * {@code tidecast backtest} runs by default).
 */
class NycTaxiAccuracyTest {
  @Test
  void horizonOneBeatsNaiveByThirtyPercent() throws Exception {
    List<Event> events = SharedData.nab("nab/nyc_taxi.csv", "nyc");
    LearnerConfig cfg = LearnerConfig.builder(WindowSpec.of(48, 1, List.of("value"), List.of("value"))).build();
    Backtest.Result r = Backtest.run(events, cfg, 0.8, null);
    assertEquals(events.size() - 47, r.forecasts());
    assertEquals(1264.0, r.naive().mae(), 0.5, "naive MAE as measured in the issue");
    double ratio = r.model().mae() / r.naive().mae();
    System.out.printf("nyc_taxi h=1: model MAE %.1f, naive %.1f, ratio %.3f, %.0f events/s%n", r.model().mae(),
        r.naive().mae(), ratio, r.eventsPerSecond());
    assertTrue(ratio <= 0.7, "h=1 MAE ratio to naive " + ratio);
    assertEquals(0, r.rollbacks());
  }
}
