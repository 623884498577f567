package io.tidecast.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LSTMCellTest {
  @Test
  void stepsMatchTheLayersFloat32ForwardAndDoNotDependOnTheBatch() {
    SplittableRandom rng = new SplittableRandom(3);
    LSTM lstm = new LSTM(5).returnSequences(true).dtype("float32");
    lstm.build("lstm", new int[] {4, 3}, rng);
    for (Weight w : lstm.weights()) {
      for (int i = 0; i < w.size(); i++) {
        w.value()[i] = (float) w.value()[i];
      }
    }
    int n = 3;
    int steps = 4;
    Tensor x = new Tensor(n, steps, 3);
    for (int i = 0; i < x.size(); i++) {
      x.data[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    Tensor h0 = new Tensor(n, 5);
    Tensor c0 = new Tensor(n, 5);
    for (int i = 0; i < h0.size(); i++) {
      h0.data[i] = (float) (rng.nextDouble() - 0.5);
      c0.data[i] = (float) (rng.nextDouble() - 0.5);
    }
    lstm.initialState(List.of(h0, c0));
    Tensor y = lstm.forward(x, false);
    LSTMCell cell = lstm.cell();
    for (int i = 0; i < n; i++) {
      float[] state = new float[10];
      for (int j = 0; j < 5; j++) {
        state[j] = (float) h0.data[i * 5 + j];
        state[5 + j] = (float) c0.data[i * 5 + j];
      }
      float[] xi = new float[3];
      for (int s = 0; s < steps; s++) {
        for (int f = 0; f < 3; f++) {
          xi[f] = (float) x.data[(i * steps + s) * 3 + f];
        }
        cell.step(xi, 0, state, 0);
        for (int j = 0; j < 5; j++) {
          assertEquals(y.data[(i * steps + s) * 5 + j], state[j], 1e-6, "sample " + i + " step " + s);
        }
      }
    }
    assertEquals(5, cell.units());
    assertEquals(3, cell.inputDim());
  }

  @Test
  void aCellNeedsABuiltLayerWithTheDefaultActivations() {
    assertThrows(IllegalStateException.class, () -> new LSTM(3).cell());
    LSTM relu = new LSTM(3).activation("relu");
    relu.build("l", new int[] {2, 1}, new SplittableRandom(1));
    assertThrows(IllegalStateException.class, relu::cell);
  }
}
