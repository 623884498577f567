package io.tidecast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvSeriesTest {
  private static CsvSeries read(String csv) throws Exception {
    return CsvSeries.read(new BufferedReader(new StringReader(csv)), "k", null, List.of("value"));
  }

  @Test
  void rowsLeftOutAreListedWithTheirLineAndReason() throws Exception {
    CsvSeries s = read("""
        t,value
        2020-01-01T00:00,1
        2020-01-01T01:00,2

        2020-13-01T00:00,3
        2020-01-01T03:00,4
        2020-01-01T02:00,5
        2020-01-01T04:00,abc
        2020-01-01T05:00,
        2020-01-01T05:00,6
        2020-01-01T05:00,7
        2020-01-01T06:00
        """);
    assertFalse(s.rowIndexTime, "one unreadable time does not turn the column into row numbers");
    assertNull(s.timeNote);
    assertEquals(List.of(1.0, 2.0, 4.0, 6.0), s.events.stream().map(e -> e.value(0)).toList());
    assertEquals(List.of(
        "line 5: time '2020-13-01T00:00' is not a date, date-time or epoch millis",
        "line 7: time '2020-01-01T02:00' is not after line 6's: out of order",
        "line 8: 'value' is 'abc', not a number",
        "line 9: 'value' is empty",
        "line 11: time '2020-01-01T05:00' is not after line 10's (the same time)",
        "line 12: no 'value' cell"), s.dropped.stream().map(Object::toString).toList());
    assertEquals(6, s.skipped);
  }

  @Test
  void aColumnWithNoReadableTimeBecomesTheRowNumberAndSaysWhy() throws Exception {
    CsvSeries s = read("Month,value\n1-01,266\n1-02,145.9\n1-03,oops\n1-04,183.1\n");
    assertTrue(s.rowIndexTime);
    assertEquals("no 'Month' value reads as a time (line 2: '1-01'); using the row number as time", s.timeNote);
    assertEquals(List.of(0L, 1L, 2L), s.events.stream().map(Event::timestamp).toList());
    assertEquals("line 4: 'value' is 'oops', not a number", s.dropped.get(0).toString());
  }

  @Test
  void headerOnlyGivesNoEventsAndEmptyIsAnError() throws Exception {
    assertTrue(read("t,value\n").events.isEmpty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(""));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }
}
