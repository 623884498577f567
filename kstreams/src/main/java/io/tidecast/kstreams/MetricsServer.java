package io.tidecast.kstreams;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /metrics} (Prometheus text format from the Micrometer registry) and {@code GET /health} (200 while
 * the Kafka Streams client is running or rebalancing, 503 otherwise) on the JDK's HTTP server, one daemon thread.
 */
final class MetricsServer implements AutoCloseable {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  MetricsServer(String host, int port, PrometheusMeterRegistry registry, BooleanSupplier healthy) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tidecast-metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", x -> {
      if (allowGet(x)) {
        respond(x, 200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
      }
    });
    server.createContext("/health", x -> {
      if (allowGet(x)) {
        boolean ok = healthy.getAsBoolean();
        respond(x, ok ? 200 : 503, "text/plain; charset=utf-8",
            (ok ? "ok\n" : "not running\n").getBytes(StandardCharsets.UTF_8));
      }
    });
    server.start();
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private static boolean allowGet(HttpExchange x) throws IOException {
    if ("GET".equals(x.getRequestMethod()) || "HEAD".equals(x.getRequestMethod())) {
      return true;
    }
    x.getResponseHeaders().add("Allow", "GET, HEAD");
    respond(x, 405, "text/plain; charset=utf-8", "use GET\n".getBytes(StandardCharsets.UTF_8));
    return false;
  }

  private static void respond(HttpExchange x, int status, String type, byte[] body) throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(x.getRequestMethod());
    x.sendResponseHeaders(status, head ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
