package io.tidecast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Submits a jar to a Flink cluster through its REST API, as {@code flink run} would but without a Flink
 * distribution on this machine: {@code POST /jars/upload} (multipart), then {@code POST /jars/<id>/run}.
 */
final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final HttpClient http;

  /** {@code jobmanager} is {@code host:port} of the REST endpoint (8081 by default) or a full http(s) URL. */
  FlinkRest(String jobmanager) {
    String s = jobmanager.trim();
    if (!s.startsWith("http://") && !s.startsWith("https://")) {
      s = "http://" + s;
    }
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    if (base.getHost() == null) {
      throw new IllegalArgumentException("--jobmanager must be host:port or a URL; got '" + jobmanager + "'");
    }
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Uploads {@code jar}; returns the id the cluster gave it. */
  String upload(Path jar) throws IOException, InterruptedException {
    String boundary = "tidecast-" + Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(System.nanoTime());
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    // streamed from the file: the job jar is a few hundred MB
    HttpRequest req = HttpRequest.newBuilder(base.resolve("jars/upload")).timeout(Duration.ofMinutes(5))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
            HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail))).build();
    JsonNode r = send(req, "jar upload");
    String file = r.path("filename").asText("");
    if (!"success".equals(r.path("status").asText()) || file.isEmpty()) {
      throw new IOException("jar upload to " + base + " failed: " + r);
    }
    return file.substring(file.lastIndexOf('/') + 1); // the id is the stored file's name
  }

  /** Runs an uploaded jar; returns the job id. */
  String run(String jarId, String entryClass, List<String> args, int parallelism)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("entryClass", entryClass);
    args.forEach(body.putArray("programArgsList")::add);
    if (parallelism > 0) {
      body.put("parallelism", parallelism);
    }
    HttpRequest req = HttpRequest.newBuilder(base.resolve("jars/" + jarId + "/run")).timeout(Duration.ofMinutes(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    JsonNode r = send(req, "job submission");
    String job = r.path("jobid").asText("");
    if (job.isEmpty()) {
      throw new IOException("job submission to " + base + " failed: " + r);
    }
    return job;
  }

  URI base() {
    return base;
  }

  private JsonNode send(HttpRequest req, String what) throws IOException, InterruptedException {
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw new IOException(what + ": no Flink REST endpoint at " + base + " (is the JobManager up?)", e);
    }
    JsonNode r;
    try {
      r = JSON.readTree(resp.body());
    } catch (IOException e) {
      throw new IOException(what + " to " + base + " answered HTTP " + resp.statusCode() + ": " + resp.body(), e);
    }
    if (resp.statusCode() / 100 != 2) {
      // Flink's REST errors are {"errors":["...", "<stack trace>"]}: the first line says what went wrong
      JsonNode errs = r.path("errors");
      String msg = errs.isArray() && errs.size() > 0 ? errs.get(0).asText().lines().findFirst().orElse("") : r.toString();
      throw new IOException(what + " to " + base + " failed (HTTP " + resp.statusCode() + "): " + msg);
    }
    return r;
  }
}
