package io.tidecast.stream;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out one immutable name list per distinct feature schema, so events of the same schema share the list
 * instance (the learner caches its column projection by list identity, see {@link Event}). Every decoder of events
 * (JSON, CSV, a runtime's wire format) interns through one of these. Bounded: a producer inventing feature names
 * cannot grow it without limit; past the bound, lists are fresh (correct, just not shared). Thread-safe.
 */
public final class NameInterner {
  static final int MAX_SCHEMAS = 1024;

  private final ConcurrentHashMap<List<String>, List<String>> lists = new ConcurrentHashMap<>();
  private volatile List<String> last; // most streams have one schema: skip the hash lookup

  /** The shared list equal to the first {@code n} of {@code names}. */
  public List<String> intern(String[] names, int n) {
    List<String> l = last;
    if (l != null && matches(l, names, n)) {
      return l;
    }
    List<String> fresh = List.of(Arrays.copyOf(names, n));
    return intern(fresh);
  }

  /** The shared list equal to {@code immutable} (which becomes the shared one if it is the first). */
  public List<String> intern(List<String> immutable) {
    List<String> l = lists.get(immutable);
    if (l == null) {
      if (lists.size() >= MAX_SCHEMAS) {
        return immutable;
      }
      l = lists.computeIfAbsent(immutable, k -> k);
    }
    last = l;
    return l;
  }

  private static boolean matches(List<String> l, String[] names, int n) {
    if (l.size() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!l.get(i).equals(names[i])) {
        return false;
      }
    }
    return true;
  }
}
