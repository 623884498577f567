package io.tidecast.kstreams;

import static io.tidecast.stream.param.ParamValidators.notBlank;

import io.tidecast.stream.param.Param;
import java.util.List;

/**
 * The Kafka Streams app's own settings (not job-spec fields), declared once; the rest of its command line is
 * {@code JobParams} and {@code LearnerParams}.
 */
public final class KStreamsParams {
  private KStreamsParams() {
  }

  public static final Param<String> STATE_DIR = Param.string("kstreams.state_dir", null, notBlank(),
      "local RocksDB state").defaultDoc("Kafka Streams' own: <tmp>/kafka-streams").valueName("DIR")
      .label("state dir").notInSpec();

  public static final List<Param<?>> ALL = List.of(STATE_DIR);
}
