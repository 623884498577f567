package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GlobalBacktestTest {
  @Test
  void aGlobalBacktestReplaysBitForBitAndScoresTheSameTargetsAsItsBaselines() {
    List<Event> ev = GlobalLearnerTest.events(6, 120, 9);
    GlobalConfig cfg = GlobalLearnerTest.small(3, 6);
    List<Long> progress = new ArrayList<>();
    Backtest.Result a = GlobalBacktest.run(ev, cfg, 0.8, progress::add);
    Backtest.Result b = GlobalBacktest.run(ev, cfg, 0.8, null);
    Map<String, Object> ma = a.toMap();
    Map<String, Object> mb = b.toMap();
    ma.remove("seconds");
    mb.remove("seconds");
    ma.remove("events_per_second");
    mb.remove("events_per_second");
    assertEquals(ma, mb);
    assertEquals(ev.size(), a.events());
    assertTrue(a.scored() > 0);
    assertTrue(Double.isFinite(a.model().mae()) && Double.isFinite(a.holtWinters().mae()));
    assertEquals((long) ev.size(), progress.get(progress.size() - 1));
  }

  @Test
  void m4SeriesAreKeysOfOneStreamAndEachGetsTheForecastFromItsLastValue() throws Exception {
    Path dir = Path.of("src/test/resources/m4");
    List<M4Series> data = M4Series.read(dir.resolve("Sample-train.csv"), dir.resolve("Sample-test.csv"));
    GlobalConfig cfg = new GlobalConfig(3, 4, 4, 4, 0, 2, 1, 1, 16, 1, 0.01, 1.0, 0.1, 0.2, "auto", false, 3);
    Map<String, double[]> f = GlobalBacktest.m4Forecasts(data, cfg, null);
    Map<String, double[]> again = GlobalBacktest.m4Forecasts(data, cfg, null);
    assertEquals(data.size(), f.size());
    for (String id : f.keySet()) {
      assertEquals(3, f.get(id).length);
      assertArrayEquals(f.get(id), again.get(id));
    }
    assertEquals(20, GlobalBacktest.m4Events(data));
    M4Evaluation.Result r = M4Evaluation.evaluate(data, 3, 4, (history, h) -> {
      for (M4Series s : data) {
        if (s.train() == history) {
          return f.get(s.id());
        }
      }
      return null;
    });
    assertEquals(0, r.fallbacks());
    assertTrue(Double.isFinite(r.owa()));
  }
}
