package io.tidecast.models;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Functional ({@code keras.Model(inputs, outputs)}) config that is a single chain of layers, one input
 * through every layer once to one output, rewritten as the Sequential config it is equivalent to. Reads the
 * inbound nodes as Keras 2 and TensorFlow.js write them ({@code [[["input_1", 0, 0, {}]]]}) and as Keras 3
 * does ({@code [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["input_layer", 0,
 * 0]}}], "kwargs": {}}]}). Anything else (branches, merges, several inputs or outputs, shared layers) is
 * refused with the layer that breaks the chain.
 */
final class FunctionalChain {
  private FunctionalChain() {
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asSequential(Map<String, Object> root, String source) throws IOException {
    Object cfg = root.get("config");
    if (!(cfg instanceof Map) || !(((Map<?, ?>) cfg).get("layers") instanceof List)) {
      throw new IOException(source + ": the " + root.get("class_name") + " model config has no layers.");
    }
    Map<String, Object> c = (Map<String, Object>) cfg;
    List<Object> layers = (List<Object>) c.get("layers");
    if (layers.size() > KerasImport.MAX_LAYERS) {
      throw new IOException(source + ": the model config has " + layers.size() + " layers (at most "
          + KerasImport.MAX_LAYERS + " are accepted).");
    }
    String input = single(c.get("input_layers"), "input", source);
    String output = single(c.get("output_layers"), "output", source);
    Map<String, Map<String, Object>> byName = new HashMap<>();
    Map<String, String> next = new HashMap<>(); // layer -> the one layer it feeds
    for (Object o : layers) {
      if (!(o instanceof Map) || !(((Map<?, ?>) o).get("class_name") instanceof String)) {
        throw new IOException(source + ": a layer of the model config has no class_name.");
      }
      Map<String, Object> l = (Map<String, Object>) o;
      String name = name(l);
      if (byName.put(name, l) != null) {
        throw new IOException(source + ": two layers are named \"" + name + "\".");
      }
      List<String> from = inbound(l.get("inbound_nodes"), name, source);
      if (name.equals(input)) {
        if (!from.isEmpty()) {
          throw new IOException(source + ": the input layer \"" + name + "\" has inbound nodes.");
        }
        continue;
      }
      if (from.size() != 1) {
        throw notAChain(source, name, from.isEmpty() ? "is not connected to the input"
            : "is called on " + from + " (" + from.size() + " inputs or calls)");
      }
      String prev = next.put(from.get(0), name);
      if (prev != null) {
        throw notAChain(source, from.get(0), "feeds both \"" + prev + "\" and \"" + name + "\"");
      }
    }
    if (!byName.containsKey(input) || !"InputLayer".equals(byName.get(input).get("class_name"))) {
      throw new IOException(source + ": the model's input \"" + input + "\" is not an InputLayer of its config.");
    }
    List<Object> chain = new ArrayList<>();
    String at = input;
    while (at != null) {
      Map<String, Object> l = byName.get(at);
      if (l == null) {
        throw new IOException(source + ": a layer is called on \"" + at + "\", which the config does not hold.");
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("class_name", l.get("class_name"));
      entry.put("config", l.get("config"));
      chain.add(entry);
      if (at.equals(output)) {
        break;
      }
      at = next.get(at);
    }
    if (at == null) {
      throw notAChain(source, output, "is not reached from the input \"" + input + "\" through single calls");
    }
    if (chain.size() != layers.size()) {
      throw notAChain(source, output, "is reached through " + (chain.size() - 1) + " of the "
          + (layers.size() - 1) + " layers; the others branch off");
    }
    Map<String, Object> sc = new LinkedHashMap<>();
    sc.put("name", c.get("name"));
    sc.put("layers", chain);
    Map<String, Object> seq = new LinkedHashMap<>(root);
    seq.put("class_name", "Sequential");
    seq.put("config", sc);
    seq.remove("build_config"); // a Functional's is its inputs' shape, which the InputLayer gives anyway
    return seq;
  }

  private static IOException notAChain(String source, String layer, String why) {
    return new IOException(source + ": only Functional models that are a single chain of layers (input -> layer "
        + "-> ... -> output, each called once on the previous one) can be imported; layer \"" + layer + "\" " + why
        + ". Rebuild the model as a Sequential if it is one, or import a Sequential part of it.");
  }

  private static String name(Map<String, Object> l) {
    Object n = l.get("name");
    if (n == null && l.get("config") instanceof Map) {
      n = ((Map<?, ?>) l.get("config")).get("name");
    }
    return String.valueOf(n);
  }

  /** The one layer named by {@code input_layers}/{@code output_layers}: [[name, 0, 0]] or Keras 3's [name, 0, 0]. */
  private static String single(Object spec, String what, String source) throws IOException {
    List<?> l = spec instanceof List ? (List<?>) spec : List.of();
    if (l.size() == 3 && l.get(0) instanceof String) {
      return (String) l.get(0);
    }
    if (l.size() == 1 && l.get(0) instanceof List && !((List<?>) l.get(0)).isEmpty()
        && ((List<?>) l.get(0)).get(0) instanceof String) {
      return (String) ((List<?>) l.get(0)).get(0);
    }
    throw new IOException(source + ": only models with a single " + what + " can be imported; the config's "
        + what + "_layers are " + spec + ".");
  }

  /** The layers whose outputs a layer is called on, one entry per inbound tensor over all its calls. */
  private static List<String> inbound(Object nodes, String layer, String source) throws IOException {
    List<String> from = new ArrayList<>();
    if (nodes == null) {
      return from;
    }
    if (!(nodes instanceof List)) {
      throw new IOException(source + ": layer \"" + layer + "\" has inbound_nodes " + nodes + ", not a list.");
    }
    for (Object node : (List<?>) nodes) {
      if (node instanceof Map) { // Keras 3: {"args": [...], "kwargs": {...}}
        Object args = ((Map<?, ?>) node).get("args");
        checkKwargs(((Map<?, ?>) node).get("kwargs"), layer, source);
        for (Object a : args instanceof List ? (List<?>) args : List.of()) {
          Object history = a instanceof Map && ((Map<?, ?>) a).get("config") instanceof Map
              ? ((Map<?, ?>) ((Map<?, ?>) a).get("config")).get("keras_history") : null;
          from.add(history(history, layer, source));
        }
      } else if (node instanceof List) { // Keras 2 / TF.js: [[name, node_index, tensor_index, kwargs], ...]
        for (Object t : (List<?>) node) {
          if (t instanceof List && ((List<?>) t).size() > 3) {
            checkKwargs(((List<?>) t).get(3), layer, source);
          }
          from.add(history(t, layer, source));
        }
      } else {
        throw new IOException(source + ": layer \"" + layer + "\" has an inbound node " + node
            + " that is neither a list nor an object.");
      }
    }
    return from;
  }

  /** {@code [name, node_index, tensor_index]}: the first output of the first call of a layer only. */
  private static String history(Object h, String layer, String source) throws IOException {
    if (!(h instanceof List) || ((List<?>) h).size() < 3 || !(((List<?>) h).get(0) instanceof String)) {
      throw new IOException(source + ": layer \"" + layer + "\" has an inbound tensor " + h
          + " that is not [layer, node_index, tensor_index].");
    }
    List<?> l = (List<?>) h;
    if (!Integer.valueOf(0).equals(num(l.get(1))) || !Integer.valueOf(0).equals(num(l.get(2)))) {
      throw notAChain(source, layer, "takes output " + l.get(2) + " of call " + l.get(1) + " of \"" + l.get(0)
          + "\" (a shared layer or a layer with several outputs)");
    }
    return (String) l.get(0);
  }

  private static Integer num(Object o) {
    return o instanceof Number ? ((Number) o).intValue() : null;
  }

  /** Call arguments change the maths (e.g. {@code training=True} keeps dropout on in predict): refused. */
  private static void checkKwargs(Object kwargs, String layer, String source) throws IOException {
    if (kwargs instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) kwargs).entrySet()) {
        if (e.getValue() != null && !Boolean.FALSE.equals(e.getValue())) {
          throw new IOException(source + ": layer \"" + layer + "\" is called with " + e.getKey() + "="
              + e.getValue() + ", which Tidecast does not support.");
        }
      }
    }
  }
}
