package io.tidecast.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A TensorFlow.js Layers model ({@code model.save('file://dir')}, {@code tensorflowjs_converter
 * --output_format=tfjs_layers_model}): {@code model.json} holds {@code modelTopology} (Keras
 * {@code class_name}/{@code config}) and a {@code weightsManifest} whose groups name binary shards in the
 * same directory; each group's shards, concatenated, hold its weights in manifest order, little-endian.
 */
final class TfjsModel {
  private TfjsModel() {
  }

  /** True when {@code json} is a model.json (a JSON object with a modelTopology). */
  static boolean looksLike(byte[] head) {
    String s = new String(head, java.nio.charset.StandardCharsets.UTF_8);
    return s.stripLeading().startsWith("{") && (s.contains("\"modelTopology\"") || s.contains("\"weightsManifest\""));
  }

  @SuppressWarnings("unchecked")
  static Sequential load(Path modelJson) throws IOException {
    String src = modelJson.toString();
    Map<String, Object> root;
    try (InputStream in = Files.newInputStream(modelJson)) {
      root = ModelArchive.json(ModelArchive.readAtMost(in, ModelArchive.MAX_JSON_BYTES, src), src);
    }
    if ("graph-model".equals(root.get("format"))) {
      throw new IOException(src + " is a TensorFlow.js graph model (a converted SavedModel); only Layers models "
          + "(format \"layers-model\", a Keras model converted or saved by tf.LayersModel.save) can be imported.");
    }
    if (!(root.get("modelTopology") instanceof Map)) {
      throw new IOException(src + " has no modelTopology: it is not a TensorFlow.js Layers model.json.");
    }
    Map<String, Object> topology = (Map<String, Object>) root.get("modelTopology");
    Object version = topology.get("keras_version");
    if (topology.get("model_config") instanceof Map) { // written by tensorflowjs_converter from a Keras file
      topology = (Map<String, Object>) topology.get("model_config");
    }
    Sequential m = KerasImport.model(topology, KerasImport.Dialect.ofVersion(version, KerasImport.Dialect.TFJS),
        src);
    List<KerasImport.Array> flat = weights(root.get("weightsManifest"), modelJson, m.countParams(), src);
    KerasImport.setWeights(m, KerasImport.byLayer(m, flat, src), src);
    return m;
  }

  /**
   * The manifest's arrays, each reading its bytes from its group's shards. Sizes are checked against the
   * shard files and against the model's parameter count before anything is read.
   */
  private static List<KerasImport.Array> weights(Object manifest, Path modelJson, long params, String src)
      throws IOException {
    if (!(manifest instanceof List)) {
      throw new IOException(src + " has no weightsManifest list.");
    }
    Path dir = modelJson.toAbsolutePath().getParent();
    List<KerasImport.Array> arrays = new ArrayList<>();
    long totalElements = 0;
    for (Object g : (List<?>) manifest) {
      if (!(g instanceof Map) || !(((Map<?, ?>) g).get("paths") instanceof List)
          || !(((Map<?, ?>) g).get("weights") instanceof List)) {
        throw new IOException(src + ": every weightsManifest group needs \"paths\" and \"weights\" lists.");
      }
      List<Path> shards = new ArrayList<>();
      long shardBytes = 0;
      for (Object p : (List<?>) ((Map<?, ?>) g).get("paths")) {
        Path shard = dir.resolve(String.valueOf(p)).normalize();
        if (!shard.startsWith(dir)) {
          throw new IOException(src + ": weight shard path \"" + p + "\" points outside the model's directory.");
        }
        if (!Files.isRegularFile(shard)) {
          throw new NoSuchFileException(shard.toString(), null, "weight shard named in " + src + " is missing");
        }
        shards.add(shard);
        shardBytes += Files.size(shard);
      }
      Group group = new Group(shards, shardBytes);
      long offset = 0;
      for (Object w : (List<?>) ((Map<?, ?>) g).get("weights")) {
        if (!(w instanceof Map)) {
          throw new IOException(src + ": a weightsManifest entry is not an object: " + w);
        }
        Map<?, ?> spec = (Map<?, ?>) w;
        String name = String.valueOf(spec.get("name"));
        if (spec.get("quantization") != null) {
          throw new IOException(src + ": weight \"" + name + "\" is quantized (" + spec.get("quantization")
              + "); only unquantized float32 weights are supported. Convert without --quantize_*.");
        }
        if (!"float32".equals(spec.get("dtype"))) {
          throw new IOException(src + ": weight \"" + name + "\" has dtype " + spec.get("dtype")
              + "; only float32 weights are supported.");
        }
        int[] shape;
        try {
          shape = spec.get("shape") instanceof List && ((List<?>) spec.get("shape")).isEmpty() ? new int[0]
              : io.tidecast.models.layers.Layers.shape(spec.get("shape"), false);
        } catch (IllegalArgumentException e) {
          throw new IOException(src + ": weight \"" + name + "\": " + e.getMessage(), e);
        }
        long n = KerasImport.elements(shape);
        totalElements += n < 0 ? Integer.MAX_VALUE : n;
        if (n < 0 || totalElements > params) {
          throw new IOException(src + ": the weightsManifest describes more values than the model's " + params
              + " parameters (at weight \"" + name + "\").");
        }
        arrays.add(new Entry(name, shape, group, offset));
        offset += 4 * n;
      }
      if (offset != shardBytes) {
        throw new IOException(src + ": the weights of manifest group " + shards + " take " + offset
            + " bytes but its shard files hold " + shardBytes + "; the files are truncated or do not belong together.");
      }
    }
    return arrays;
  }

  /** A manifest group's shards, read once (on first use) as one buffer. */
  private static final class Group {
    final List<Path> shards;
    final long bytes;
    private ByteBuffer data;

    Group(List<Path> shards, long bytes) {
      this.shards = shards;
      this.bytes = bytes;
    }

    ByteBuffer data() throws IOException {
      if (data == null) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
        for (Path p : shards) {
          try (InputStream in = Files.newInputStream(p)) {
            byte[] chunk = in.readNBytes(b.remaining());
            if (in.read() != -1) {
              throw new IOException(p + " grew while it was read.");
            }
            b.put(chunk);
          }
        }
        if (b.hasRemaining()) {
          throw new IOException(shards + " shrank while they were read.");
        }
        data = b.flip();
      }
      return data;
    }
  }

  private record Entry(String name, int[] shape, Group group, long offset) implements KerasImport.Array {
    @Override
    public double[] read() throws IOException {
      ByteBuffer b = group.data();
      double[] v = new double[Math.toIntExact(KerasImport.elements(shape))];
      for (int i = 0; i < v.length; i++) {
        v[i] = b.getFloat(Math.toIntExact(offset + 4L * i));
      }
      return v;
    }
  }
}
