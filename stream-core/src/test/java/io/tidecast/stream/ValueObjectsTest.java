package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ValueObjectsTest {
  @Test
  void eventKeepsOrderSharesNamesAndIsImmutable() {
    List<String> names = List.of("temp", "load");
    double[] v = {1.5, 2.5};
    Event a = new Event("k", 100, names, v);
    v[0] = 99;
    assertEquals(1.5, a.value(0));
    assertSame(names, a.names()); // an immutable list is shared, not copied
    assertEquals(2.5, a.value("load"));
    a.values()[1] = 7;
    assertEquals(2.5, a.value(1));

    Map<String, Double> m = new LinkedHashMap<>();
    m.put("temp", 1.5);
    m.put("load", 2.5);
    Event b = Event.of("k", 100, m);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals("Event{key=k, t=100, temp=1.5, load=2.5}", b.toString());
    assertNotEquals(a, new Event("k", 101, names, new double[] {1.5, 2.5}));
    assertNotEquals(a, new Event("k", 100, List.of("load", "temp"), new double[] {1.5, 2.5}));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.value("rain"));
    assertTrue(e.getMessage().contains("rain") && e.getMessage().contains("[temp, load]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Event("k", 1, names, new double[] {1}));
  }

  @Test
  void forecastStepsAndOptionalError() {
    Forecast f = Forecast.evenlySpaced("k", "load", 1000, 60_000, new double[] {1, 2, 3}, 42, OptionalDouble.empty());
    assertEquals(3, f.horizon());
    assertEquals(61_000, f.timestamp(1));
    assertEquals(181_000, f.timestamp(3));
    assertEquals(2.0, f.value(2));
    assertFalse(f.prequentialError().isPresent());
    Forecast g = new Forecast("k", "load", 1000, new long[] {61_000, 121_000, 181_000}, new double[] {1, 2, 3}, 42,
        OptionalDouble.empty());
    assertEquals(f, g);
    assertEquals(f.hashCode(), g.hashCode());
    Forecast withError = new Forecast("k", "load", 1000, new long[] {61_000, 121_000, 181_000},
        new double[] {1, 2, 3}, 42, OptionalDouble.of(0.25));
    assertNotEquals(f, withError);
    assertEquals(0.25, withError.prequentialError().getAsDouble());
    assertTrue(withError.toString().contains("error=0.25") && withError.toString().contains("61000=1.0"),
        withError.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Forecast("k", "y", 1000,
        new long[] {2000, 2000}, new double[] {1, 2}, 0, OptionalDouble.empty()));
    assertTrue(e.getMessage().contains("h=2"), e.getMessage());
  }

  @Test
  void windowSpecValueSemantics() {
    WindowSpec a = WindowSpec.of(24, 6, List.of("y", "hour"), List.of("y")).withSamplingRate(2);
    WindowSpec b = new WindowSpec(24, 1, 2, 6, List.of("y", "hour"), List.of("y"), WindowSpec.Strategy.DIRECT);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(6, a.targetSteps());
    assertEquals(1, WindowSpec.of(4, 6, List.of("y"), List.of("y"))
        .withStrategy(WindowSpec.Strategy.RECURSIVE).targetSteps());
    assertTrue(a.toString().contains("samplingRate=2"));
  }
}
