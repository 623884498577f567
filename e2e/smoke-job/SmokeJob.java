package io.tidecast.e2e;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Trivial unbounded job for e2e/smoke.sh: proves that REST submission, program arguments, keyed
 * RocksDB state, checkpoints and stop-with-savepoint/restore work on the assembled cluster.
 * Not part of the product; compiled by smoke.sh with plain javac against the cluster's jars.
 */
public final class SmokeJob {
    private SmokeJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1000);
        env.fromSequence(0, Long.MAX_VALUE)
                // throttle inside the source's task: sleeping behind the keyBy would fill the network
                // buffers and hold checkpoint barriers back for minutes
                .map(SmokeJob::slow)
                .returns(Types.LONG)
                .keyBy(v -> v % 4, Types.LONG)
                .process(new Count())
                .sinkTo(new DiscardingSink<>());
        // the arguments end up in the job name, so the script can check they arrived intact
        env.execute("tidecast-smoke " + String.join("|", args));
    }

    private static long slow(long v) throws InterruptedException {
        Thread.sleep(10); // unbounded source on a two-core box: about 100 records a second
        return v;
    }

    static final class Count extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            Long c = count.value();
            long n = c == null ? 1 : c + 1;
            count.update(n);
            out.collect(n);
        }
    }
}
