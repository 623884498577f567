package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SeasonalityTest {
  private static final long MIN = 60_000L;
  private static final long DAY = 1440 * MIN;

  private static long[] every(long step, int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1_404_172_800_000L + i * step;
    }
    return t;
  }

  @Test
  void intradayRowsGetTheirDailyCycle() {
    Seasonality s = Seasonality.infer(every(30 * MIN, 10_320));
    assertEquals(48, s.period());
    assertTrue(s.describe().contains("rows 30 min apart, a daily cycle"), s.describe());
    assertTrue(s.describe().contains("--seasonality 336"), "names the weekly alternative: " + s.describe());
    assertEquals(24, Seasonality.infer(every(60 * MIN, 100)).period());
    assertEquals(288, Seasonality.infer(every(5 * MIN, 4032)).period());
  }

  @Test
  void dailyRowsGetTheWeeklyCycle() {
    assertEquals(7, Seasonality.infer(every(DAY, 3650)).period());
    assertEquals(1, Seasonality.infer(every(DAY, 10)).period(), "fewer than two weeks");
  }

  @Test
  void monthlyAndQuarterlyRowsGetTheYear() {
    long[] months = new long[144];
    long[] quarters = new long[20];
    LocalDate d = LocalDate.of(1949, 1, 1);
    for (int i = 0; i < months.length; i++) {
      months[i] = d.plusMonths(i).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    for (int i = 0; i < quarters.length; i++) {
      quarters[i] = d.plusMonths(3L * i).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    assertEquals(12, Seasonality.infer(months).period());
    assertEquals(4, Seasonality.infer(quarters).period());
  }

  @Test
  void theMedianStepIgnoresGaps() {
    long[] t = every(30 * MIN, 2000);
    for (int i = 1000; i < t.length; i++) {
      t[i] += 5 * DAY; // a five-day outage
    }
    assertEquals(48, Seasonality.infer(t).period());
  }

  @Test
  void otherwiseNone() {
    assertEquals(1, Seasonality.infer(every(7 * MIN, 5000)).period(), "7 minutes do not divide a day");
    assertEquals(1, Seasonality.infer(every(7 * DAY, 500)).period());
    assertEquals(1, Seasonality.infer(every(DAY, 2)).period());
    assertEquals(1, Seasonality.infer(every(30 * MIN, 60)).period(), "fewer than two days");
  }

  @Test
  void m4DatasetsByFileName() {
    assertEquals(24, Seasonality.ofM4("Hourly-train.csv").period());
    assertEquals(12, Seasonality.ofM4("Monthly-train.csv").period());
    assertEquals(4, Seasonality.ofM4("quarterly-train.csv").period());
    assertEquals(1, Seasonality.ofM4("Daily-train.csv").period());
    assertNull(Seasonality.ofM4("mine.csv"));
  }
}
