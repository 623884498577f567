package io.tidecast.connectors.kafka;

/** One streaming runtime under test, reading JSON events from a topic and writing forecast JSON to another. */
public interface Engine extends AutoCloseable {
  String name();

  /** Starts consuming {@code in} from the earliest offset; returns once submitted. */
  void start(String in, String out, String dlq) throws Exception;

  /** Heap in use after a full GC of the JVM the runtime runs in, bytes; -1 if unknown. */
  long heapAfterGc() throws Exception;

  /** Bytes of the runtime's local state directory (RocksDB files); -1 if it keeps no local files. */
  long stateDirBytes();

  @Override
  void close() throws Exception;

  static long dirBytes(java.nio.file.Path dir) {
    if (dir == null || !java.nio.file.Files.exists(dir)) {
      return 0;
    }
    try (var s = java.nio.file.Files.walk(dir)) {
      return s.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return -1; // files come and go under compaction; the caller prints -1 as unknown
    }
  }

  /** Heap used after two full collections in this JVM. */
  static long localHeapAfterGc() throws InterruptedException {
    var mem = java.lang.management.ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return mem.getHeapMemoryUsage().getUsed();
  }

  static void deleteTree(java.nio.file.Path dir) {
    if (dir == null || !java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var s = java.nio.file.Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // a temp dir left behind is not worth failing a benchmark for
    }
  }
}
