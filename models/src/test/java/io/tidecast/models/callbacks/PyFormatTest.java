package io.tidecast.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are what Python 3 prints for the same format calls. */
class PyFormatTest {
  @Test
  void fixedRoundsHalfEvenOnTheExactBinaryValue() {
    assertEquals("0.12", PyFormat.formatValue(0.125, ".2f"));  // 0.125 is exact: ties to even
    assertEquals("0.38", PyFormat.formatValue(0.375, ".2f"));
    assertEquals("2.67", PyFormat.formatValue(2.675, ".2f"));  // 2.675 is stored as 2.67499999...
    assertEquals("1,234,567.0", PyFormat.formatValue(1234567.0, ",.1f"));
    assertEquals("+1.5", PyFormat.formatValue(1.5, "+.1f"));
    assertEquals("-1.5", PyFormat.formatValue(-1.5, "+.1f"));
    assertEquals("50.000000%", PyFormat.formatValue(0.5, "%"));
    assertEquals("0012.50", PyFormat.formatValue(12.5, "07.2f"));
  }

  @Test
  void integersAndAlignment() {
    assertEquals("03", PyFormat.formatValue(3, "02d"));
    assertEquals("007", PyFormat.formatValue(7, "03d"));
    assertEquals("   5", PyFormat.formatValue(5, ">4d"));
    assertEquals("5___", PyFormat.formatValue(5, "_<4"));
    assertEquals("-05", PyFormat.formatValue(-5, "03d"));
    assertThrows(IllegalArgumentException.class, () -> PyFormat.formatValue(0.5, "02d"));
  }

  @Test
  void scientificAndGeneral() {
    assertEquals("1.23e-05", PyFormat.formatValue(0.00001234, ".2e"));
    assertEquals("1.234500E+03", PyFormat.formatValue(1234.5, "E"));
    assertEquals("0.0001234", PyFormat.formatValue(0.0001234, "g"));
    assertEquals("1.23457e+06", PyFormat.formatValue(1234567.0, "g"));
    assertEquals("0.333", PyFormat.formatValue(1.0 / 3, ".3"));
    assertEquals("1e+03", PyFormat.formatValue(1000.0, ".1g"));
  }

  @Test
  void reprLikePython() {
    assertEquals("0.1", PyFormat.repr(0.1));
    assertEquals("1e-05", PyFormat.repr(1e-5));
    assertEquals("0.0001", PyFormat.repr(1e-4));
    assertEquals("1e+16", PyFormat.repr(1e16));
    assertEquals("123.0", PyFormat.repr(123.0));
    assertEquals("0.30000000000000004", PyFormat.repr(0.1 + 0.2));
    assertEquals("-2.5", PyFormat.repr(-2.5));
    assertEquals("nan", PyFormat.repr(Double.NaN));
  }

  @Test
  void templates() {
    assertEquals("weights.07-0.41.hdf5", PyFormat.format("weights.{epoch:02d}-{val_loss:.2f}.hdf5",
        Map.of("epoch", 7, "val_loss", 0.4149)));
    assertEquals("{x}-3", PyFormat.format("{{x}}-{epoch}", Map.of("epoch", 3)));
    assertThrows(IllegalArgumentException.class, () -> PyFormat.format("{epoch", Map.of("epoch", 3)));
  }
}
