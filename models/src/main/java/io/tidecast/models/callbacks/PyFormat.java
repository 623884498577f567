package io.tidecast.models.callbacks;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * The subset of Python's {@code str.format} that Keras file-path templates use: {@code {name}} and
 * {@code {name:spec}} with spec {@code [[fill]align][sign][0][width][,|_][.precision][type]}, types
 * {@code d f F e E g G % s}, and {@code {{ }}} escapes. Floats round half-even on the exact binary value
 * and print without a type as Python's {@code repr} would, so file names match the ones Keras writes.
 */
final class PyFormat {
  private PyFormat() {
  }

  static String format(String template, Map<String, ?> values) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if (c == '{') {
        if (i + 1 < n && template.charAt(i + 1) == '{') {
          out.append('{');
          i += 2;
          continue;
        }
        int close = template.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException("Single '{' encountered in format string \"" + template + "\"");
        }
        String field = template.substring(i + 1, close);
        int colon = field.indexOf(':');
        String key = colon < 0 ? field : field.substring(0, colon);
        String spec = colon < 0 ? "" : field.substring(colon + 1);
        if (!values.containsKey(key)) {
          throw new IllegalArgumentException("Failed to format this callback filepath: \"" + template
              + "\". Reason: '" + key + "' is not in the logs " + values.keySet());
        }
        out.append(formatValue(values.get(key), spec));
        i = close + 1;
      } else if (c == '}') {
        if (i + 1 < n && template.charAt(i + 1) == '}') {
          out.append('}');
          i += 2;
          continue;
        }
        throw new IllegalArgumentException("Single '}' encountered in format string \"" + template + "\"");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  static String formatValue(Object v, String spec) {
    int p = 0;
    char fill = ' ';
    char align = 0;
    if (spec.length() >= 2 && "<>=^".indexOf(spec.charAt(1)) >= 0) {
      fill = spec.charAt(0);
      align = spec.charAt(1);
      p = 2;
    } else if (spec.length() >= 1 && "<>=^".indexOf(spec.charAt(0)) >= 0) {
      align = spec.charAt(0);
      p = 1;
    }
    char sign = '-';
    if (p < spec.length() && "+- ".indexOf(spec.charAt(p)) >= 0) {
      sign = spec.charAt(p++);
    }
    if (p < spec.length() && spec.charAt(p) == '0') {
      if (align == 0) {
        fill = '0';
        align = '=';
      }
      p++;
    }
    int width = 0;
    while (p < spec.length() && Character.isDigit(spec.charAt(p))) {
      width = width * 10 + (spec.charAt(p++) - '0');
    }
    char grouping = 0;
    if (p < spec.length() && (spec.charAt(p) == ',' || spec.charAt(p) == '_')) {
      grouping = spec.charAt(p++);
    }
    int precision = -1;
    if (p < spec.length() && spec.charAt(p) == '.') {
      p++;
      precision = 0;
      int start = p;
      while (p < spec.length() && Character.isDigit(spec.charAt(p))) {
        precision = precision * 10 + (spec.charAt(p++) - '0');
      }
      if (p == start) {
        throw new IllegalArgumentException("Format specifier missing precision in \"" + spec + "\"");
      }
    }
    char type = p < spec.length() ? spec.charAt(p++) : 0;
    if (p != spec.length()) {
      throw new IllegalArgumentException("Invalid format specifier '" + spec + "'");
    }

    String body;
    boolean negative = false;
    boolean numeric = true;
    if (v instanceof String) {
      if (type != 0 && type != 's') {
        throw new IllegalArgumentException("Unknown format code '" + type + "' for object of type 'str'");
      }
      numeric = false;
      body = (String) v;
      if (precision >= 0 && body.length() > precision) {
        body = body.substring(0, precision);
      }
      if (align == 0) {
        align = '<';
      }
    } else if (v instanceof Integer || v instanceof Long) {
      long x = ((Number) v).longValue();
      negative = x < 0;
      if (type == 0 || type == 'd') {
        if (precision >= 0) {
          throw new IllegalArgumentException("Precision not allowed in integer format specifier");
        }
        body = group(Long.toString(Math.abs(x)).replace("-", ""), grouping);
      } else {
        body = formatFloat(Math.abs((double) x), type, precision, grouping);
      }
    } else if (v instanceof Number) {
      double x = ((Number) v).doubleValue();
      if (type == 'd' || type == 's') {
        throw new IllegalArgumentException("Unknown format code '" + type + "' for object of type 'float'");
      }
      negative = x < 0 || (x == 0 && 1 / x < 0);
      body = formatFloat(Math.abs(x), type, precision, grouping);
    } else {
      throw new IllegalArgumentException("Cannot format " + v + " with '" + spec + "'");
    }
    String signText = numeric ? (negative ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "") : "";
    if (align == 0) {
      align = '>';
    }
    int pad = width - signText.length() - body.length();
    if (pad <= 0) {
      return signText + body;
    }
    String fillText = String.valueOf(fill).repeat(pad);
    switch (align) {
      case '<':
        return signText + body + fillText;
      case '^':
        return String.valueOf(fill).repeat(pad / 2) + signText + body + String.valueOf(fill).repeat(pad - pad / 2);
      case '=':
        return signText + fillText + body;
      default:
        return fillText + signText + body;
    }
  }

  /** Formats a non-negative double (or NaN/inf) without its sign. */
  private static String formatFloat(double x, char type, int precision, char grouping) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      String s = Double.isNaN(x) ? "nan" : "inf";
      return Character.isUpperCase(type) ? s.toUpperCase(Locale.ROOT) : type == '%' ? s + "%" : s;
    }
    switch (type) {
      case 0:
        return precision < 0 ? repr(x) : general(x, precision, false, true);
      case 'f':
      case 'F':
        return fixed(new BigDecimal(x), precision < 0 ? 6 : precision, grouping);
      case '%':
        return fixed(new BigDecimal(x).multiply(BigDecimal.valueOf(100)), precision < 0 ? 6 : precision, grouping)
            + "%";
      case 'e':
      case 'E':
        String e = scientific(new BigDecimal(x), precision < 0 ? 6 : precision);
        return type == 'E' ? e.toUpperCase(Locale.ROOT) : e;
      case 'g':
      case 'G':
        String g = general(x, precision < 0 ? 6 : precision, true, false);
        return type == 'G' ? g.toUpperCase(Locale.ROOT) : g;
      default:
        throw new IllegalArgumentException("Unknown format code '" + type + "' for object of type 'float'");
    }
  }

  private static String fixed(BigDecimal x, int precision, char grouping) {
    String s = x.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    int dot = s.indexOf('.');
    String ip = dot < 0 ? s : s.substring(0, dot);
    return group(ip, grouping) + (dot < 0 ? "" : s.substring(dot));
  }

  private static String group(String digits, char grouping) {
    if (grouping == 0) {
      return digits;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        b.append(grouping);
      }
      b.append(digits.charAt(i));
    }
    return b.toString();
  }

  private static String scientific(BigDecimal x, int precision) {
    if (x.signum() == 0) {
      return (precision == 0 ? "0" : "0." + "0".repeat(precision)) + "e+00";
    }
    BigDecimal r = x.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
    int exp = r.precision() - r.scale() - 1;
    String digits = r.unscaledValue().toString();
    digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
    String mant = precision == 0 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return mant + exponent(exp);
  }

  private static String exponent(int exp) {
    return (exp < 0 ? "e-" : "e+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }

  /**
   * Python's {@code g}: {@code precision} significant digits, fixed notation when
   * {@code -4 <= exp < precision}, trailing zeros removed. {@code reprStyle} is the no-type variant,
   * which keeps at least one digit after the point.
   */
  private static String general(double x, int precision, boolean strip, boolean reprStyle) {
    int p = precision == 0 ? 1 : precision;
    if (x == 0) {
      return reprStyle ? "0.0" : "0";
    }
    BigDecimal r = new BigDecimal(x).round(new MathContext(p, RoundingMode.HALF_EVEN));
    int exp = r.precision() - r.scale() - 1;
    String s;
    if (exp >= -4 && exp < p) {
      s = r.setScale(Math.max(0, p - 1 - exp), RoundingMode.HALF_EVEN).toPlainString();
      if (strip || reprStyle) {
        s = stripZeros(s);
      }
      if (reprStyle && s.indexOf('.') < 0) {
        s += ".0";
      }
      return s;
    }
    s = scientific(r, p - 1);
    int e = s.indexOf('e');
    return stripZeros(s.substring(0, e)) + s.substring(e);
  }

  private static String stripZeros(String s) {
    if (s.indexOf('.') < 0) {
      return s;
    }
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Python {@code repr(float)}: the shortest digits that read back to {@code x}. */
  static String repr(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x < 0 || (x == 0 && 1 / x < 0)) {
      return "-" + repr(-x);
    }
    if (x == 0) {
      return "0.0";
    }
    BigDecimal exact = new BigDecimal(x);
    BigDecimal r = exact;
    for (int p = 1; p <= 17; p++) {
      r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == x) {
        break;
      }
    }
    r = r.stripTrailingZeros();
    int exp = r.precision() - r.scale() - 1;
    if (exp >= -4 && exp < 16) {
      String s = r.toPlainString();
      return s.indexOf('.') < 0 ? s + ".0" : s;
    }
    String digits = r.unscaledValue().toString();
    String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return mant + exponent(exp);
  }
}
