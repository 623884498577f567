package io.tidecast.models;

import io.tidecast.models.initializers.Constant;
import io.tidecast.models.initializers.GlorotNormal;
import io.tidecast.models.initializers.GlorotUniform;
import io.tidecast.models.initializers.HeNormal;
import io.tidecast.models.initializers.HeUniform;
import io.tidecast.models.initializers.Identity;
import io.tidecast.models.initializers.LecunNormal;
import io.tidecast.models.initializers.LecunUniform;
import io.tidecast.models.initializers.Ones;
import io.tidecast.models.initializers.Orthogonal;
import io.tidecast.models.initializers.RandomNormal;
import io.tidecast.models.initializers.RandomUniform;
import io.tidecast.models.initializers.TruncatedNormal;
import io.tidecast.models.initializers.VarianceScaling;
import io.tidecast.models.initializers.Zeros;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keras {@code keras.initializers.get}: a default-configured initializer by name. Accepts Keras'
 * snake_case and CamelCase spellings ({@code "glorot_uniform"}, {@code "GlorotUniform"}) and its aliases
 * ({@code "normal"}, {@code "uniform"}, {@code "one"}, {@code "zero"}, {@code "OrthogonalInitializer"},
 * {@code "IdentityInitializer"}); case and underscores are ignored.
 */
public final class Initializers {
  private static final Map<String, Supplier<Initializer>> BY_KEY = new HashMap<>();
  private static final String NAMES = "[zeros, ones, constant, random_normal, random_uniform, truncated_normal, "
      + "variance_scaling, orthogonal, identity, glorot_uniform, glorot_normal, he_normal, he_uniform, "
      + "lecun_normal, lecun_uniform] (or their CamelCase class names)";

  static {
    put(Zeros::new, "zeros", "zero");
    put(Ones::new, "ones", "one");
    put(Constant::new, "constant");
    put(RandomNormal::new, "random_normal", "normal");
    put(RandomUniform::new, "random_uniform", "uniform");
    put(TruncatedNormal::new, "truncated_normal");
    put(VarianceScaling::new, "variance_scaling");
    put(Orthogonal::new, "orthogonal", "orthogonal_initializer");
    put(Identity::new, "identity", "identity_initializer");
    put(GlorotUniform::new, "glorot_uniform");
    put(GlorotNormal::new, "glorot_normal");
    put(HeNormal::new, "he_normal");
    put(HeUniform::new, "he_uniform");
    put(LecunNormal::new, "lecun_normal");
    put(LecunUniform::new, "lecun_uniform");
  }

  private Initializers() {
  }

  private static void put(Supplier<Initializer> s, String... names) {
    for (String n : names) {
      BY_KEY.put(key(n), s);
    }
  }

  private static String key(String name) {
    return name.trim().replace("_", "").toLowerCase(Locale.ROOT);
  }

  /**
   * A new default-configured initializer for a Keras name.
   *
   * @throws IllegalArgumentException for an unknown name, listing the valid ones
   */
  public static Initializer get(String name) {
    if (name == null) {
      throw new IllegalArgumentException("Initializer name is null. Use one of " + NAMES);
    }
    Supplier<Initializer> s = BY_KEY.get(key(name));
    if (s == null) {
      throw new IllegalArgumentException("Unknown initializer '" + name + "'. Use one of " + NAMES
          + ", or construct one from io.tidecast.models.initializers for non-default arguments.");
    }
    return s.get();
  }
}
