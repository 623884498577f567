import io.tidecast.stream.*;
import java.util.*;

/** Times KeyState encode/decode of the bench's default learner (LSTM(32), replay full), best of 5 rounds. */
public class CodecAB {
  public static void main(String[] a) {
    List<String> v = List.of("value");
    LearnerConfig c = LearnerConfig.builder(WindowSpec.of(48, 1, v, v)).units(32).build();
    OnlineLearner l = new OnlineLearner(c);
    KeyState s = l.newState("k0");
    for (long i = 0; i < 620; i++) {
      l.onEvent(s, new Event("k0", 1000L * i, v, new double[] {Math.sin(i * 0.3)}));
    }
    byte[] b = s.toBytes();
    double bestE = 1e18, bestD = 1e18;
    for (int round = 0; round < 8; round++) {
      long enc = 0, dec = 0;
      int n = 2000;
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        b = s.toBytes();
        long t1 = System.nanoTime();
        s = KeyState.fromBytes(b);
        enc += t1 - t0;
        dec += System.nanoTime() - t1;
      }
      if (round >= 3) {
        bestE = Math.min(bestE, enc / (double) n / 1000);
        bestD = Math.min(bestD, dec / (double) n / 1000);
      }
    }
    System.out.printf(Locale.ROOT, "%s: %d B, encode %.1f us, decode %.1f us, round trip %.1f us (best of 5 rounds x 2000)%n",
        a[0], b.length, bestE, bestD, bestE + bestD);
  }
}
