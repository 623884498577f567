package io.tidecast.stream.flink;

import io.tidecast.connectors.DeadLetter;
import io.tidecast.connectors.Decoded;
import io.tidecast.stream.Event;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Valid events go on; dead letters go to the {@link #INVALID} side output (and from there to the DLQ). */
final class SplitDeadLetters extends ProcessFunction<Decoded, Event> {
  private static final long serialVersionUID = 1L;
  static final OutputTag<DeadLetter> INVALID = new OutputTag<>("tidecast-invalid-records", Types.DEAD_LETTER);

  @Override
  public void processElement(Decoded d, Context ctx, Collector<Event> out) {
    if (d instanceof Decoded.Valid v) {
      out.collect(v.event());
    } else {
      ctx.output(INVALID, ((Decoded.Invalid) d).deadLetter());
    }
  }
}
