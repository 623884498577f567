package io.tidecast.models.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidecast.models.Loss;
import io.tidecast.models.Losses;
import io.tidecast.models.layers.Tensor;
import java.io.File;
import org.junit.jupiter.api.Test;

/** The loss of the oracle's recorded outputs against its targets, versus tfjs and the float64 reference. */
class LossesOracleTest {
  private static Tensor tensor(JsonNode shape, JsonNode data) {
    int[] s = new int[shape.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape.get(i).asInt();
    }
    double[] d = new double[data.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = data.get(i).asDouble();
    }
    return new Tensor(d, s);
  }

  @Test
  void lossesMatchOracle() throws Exception {
    String path = System.getProperty("tidecast.oracle", "../../shared/oracle/oracle.json");
    File f = new File(path);
    assertTrue(f.isFile(), "oracle file missing: " + f.getAbsolutePath());
    JsonNode root = new ObjectMapper().readTree(f);
    int checked = 0;
    for (JsonNode c : root.get("cases")) {
      if (!c.has("output") || !c.has("ref64")) {
        continue;
      }
      Loss loss = Losses.get(c.get("model").get("loss").asText());
      Tensor y = tensor(c.get("target").get("shape"), c.get("target").get("data"));
      Tensor out = tensor(c.get("output").get("shape"), c.get("output").get("data"));
      // tfjs computed in float32: atol 1e-6 as the oracle suggests
      assertEquals(c.get("loss").asDouble(), loss.compute(y, out), 1e-6, c.get("name").asText());
      Tensor out64 = tensor(c.get("output").get("shape"), c.get("ref64").get("output"));
      assertEquals(c.get("ref64").get("loss").asDouble(), loss.compute(y, out64), 1e-12,
          c.get("name").asText() + " (ref64)");
      checked++;
    }
    assertTrue(checked >= 5, "only " + checked + " oracle cases checked");
  }
}
