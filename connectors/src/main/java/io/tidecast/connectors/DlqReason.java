package io.tidecast.connectors;

/**
 * Why a record went to the dead-letter topic. The {@link #code()} strings are a stable wire contract (the
 * {@code tidecast.dlq.reason} header, dashboards, alerts): never rename one, only add.
 *
 * <p>When a record has several problems, the reason declared first here wins, so one record always maps to one
 * reason whatever its field order (structure before content, key before ts before values).
 */
public enum DlqReason {
  /** Null (tombstone) or zero-length value. */
  EMPTY_RECORD("empty_record"),
  /** Larger than the configured maximum bytes; checked before any parsing. */
  OVERSIZED("oversized"),
  /** Not valid UTF-8 (bad sequences, overlong forms, surrogates, code points above U+10FFFF). */
  INVALID_UTF8("invalid_utf8"),
  /** Not one well-formed JSON value (syntax error, truncation, trailing content). */
  MALFORMED_JSON("malformed_json"),
  /** A CSV line with the wrong number of columns or an unterminated quote. */
  MALFORMED_CSV("malformed_csv"),
  /** Well-formed JSON whose root is not an object. */
  NOT_AN_OBJECT("not_an_object"),
  /** {@code key}, {@code ts} or {@code values} given twice, or a feature name repeated inside {@code values}. */
  DUPLICATE_FIELD("duplicate_field"),
  /** More features than the configured maximum. */
  TOO_MANY_VALUES("too_many_values"),
  /** No key (absent or null). */
  MISSING_KEY("missing_key"),
  /** Key is empty or only whitespace. */
  EMPTY_KEY("empty_key"),
  /** Key longer than the configured maximum (UTF-16 chars). */
  KEY_TOO_LONG("key_too_long"),
  /** No timestamp (absent or null). */
  MISSING_TS("missing_ts"),
  /** Timestamp not parseable, not an integer, or outside 1970-01-01 .. 2500-12-31 (UTC). */
  BAD_TS("bad_ts"),
  /** No values object (absent, null or empty). */
  MISSING_VALUES("missing_values"),
  /** A field of the wrong JSON type (e.g. a numeric key, a string/bool/null/object feature value). */
  WRONG_TYPE("wrong_type"),
  /** NaN or +-Infinity, including finite-looking literals such as {@code 1e400} that overflow a double. */
  NON_FINITE("non_finite"),
  /** A feature value whose magnitude exceeds the configured bound. */
  OUT_OF_RANGE("out_of_range"),
  /** The configured target feature is absent. */
  MISSING_TARGET("missing_target"),
  /** A configured input feature is absent. */
  MISSING_FEATURE("missing_feature"),
  /** The parser itself failed (a bug): the record is kept rather than crashing the job. */
  INTERNAL_ERROR("internal_error"),
  /**
   * A valid event the runtime could not use: at or behind the watermark (Flink), or not after its key's newest
   * event, i.e. behind it or at the same time (both runtimes; a key learns one observation per event time). Set
   * by the runtime, not by a parser (so its place in this list does not matter for precedence).
   */
  LATE("late");

  private final String code;

  DlqReason(String code) {
    this.code = code;
  }

  /** Stable snake_case code, e.g. {@code "bad_ts"}. */
  public String code() {
    return code;
  }

  /** The reason with this {@link #code()}; {@code IllegalArgumentException} listing the codes otherwise. */
  public static DlqReason fromCode(String code) {
    for (DlqReason r : values()) {
      if (r.code.equals(code)) {
        return r;
      }
    }
    StringBuilder known = new StringBuilder();
    for (DlqReason r : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(r.code);
    }
    throw new IllegalArgumentException("unknown DLQ reason code '" + code + "'; known codes: " + known);
  }

  @Override
  public String toString() {
    return code;
  }
}
