package io.tidecast.connectors;

/** Collects the problems of one record and keeps the one with the highest precedence (lowest ordinal). */
final class Verdict {
  private static final int MAX_DETAIL = 500;

  private DlqReason reason;
  private String detail;

  void add(DlqReason r, String d) {
    if (reason == null || r.ordinal() < reason.ordinal()) {
      reason = r;
      detail = d;
    }
  }

  boolean failed() {
    return reason != null;
  }

  DlqReason reason() {
    return reason;
  }

  Parsed.Rejected rejected() {
    return new Parsed.Rejected(reason, detail);
  }

  /** A short, printable rendering of hostile text for detail messages: capped, control chars escaped. */
  static String quote(CharSequence s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 64) + 2).append('\'');
    for (int i = 0; i < s.length(); i++) {
      if (i == 60) {
        b.append("...(").append(s.length()).append(" chars)");
        break;
      }
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('\'').toString();
  }

  static String cap(String detail) {
    return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "...";
  }
}
