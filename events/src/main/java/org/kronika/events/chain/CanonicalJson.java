package org.kronika.events.chain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 8785 JSON canonicalisation (JCS) of plain values: maps with string keys, lists, strings, numbers, booleans
 * and null. Keys are sorted by their UTF-16 code units, strings escaped minimally, numbers written as
 * ECMAScript writes them. What has no canonical form (a string that is not well-formed Unicode, a non-finite
 * number) is refused with an {@link IllegalArgumentException}: hashing it some other way would make verifiers
 * in other languages disagree.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof Boolean bool) {
            out.append(bool);
        } else if (value instanceof Number number) {
            number(number, out);
        } else if (value instanceof Map<?, ?> map) {
            // String.compareTo orders by UTF-16 code units, exactly as RFC 8785 section 3.2.3 asks.
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.append('{');
            boolean first = true;
            for (var entry : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
        }
    }

    /** JSON numbers are IEEE 754 doubles (RFC 8785 section 3.2.2.3), integers too: a long beyond 2^53 is rounded. */
    private static void number(Number number, StringBuilder out) {
        out.append(ecmaScript(number.doubleValue()));
    }

    /** ECMAScript's Number::toString, which Java's Double.toString is not before Java 19 (not always shortest). */
    static String ecmaScript(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d);
        }
        if (d == 0) {
            return "0";
        }
        if (d < 0) {
            return "-" + ecmaScript(-d);
        }
        if (d < 0x1p53 && d == Math.rint(d)) {
            return Long.toString((long) d);
        }
        BigDecimal shortest = shortest(d);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale();
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        return (k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1)) + (n > 0 ? "e+" : "e-") + Math.abs(n - 1);
    }

    /** The fewest significant digits that read back as {@code d}: of two such the nearer, of two as near the even. */
    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; ; precision++) {
            BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (nearest.doubleValue() == d) {
                return nearest.stripTrailingZeros();
            }
            // Just above a power of two the next double down is half as far as the next one up, so the candidate
            // on the far side may still read back as d when the nearer one does not.
            BigDecimal farther = exact.round(new MathContext(precision,
                    nearest.compareTo(exact) < 0 ? RoundingMode.CEILING : RoundingMode.FLOOR));
            if (farther.doubleValue() == d) {
                return farther.stripTrailingZeros();
            }
        }
    }

    private static void string(String text, StringBuilder out) {
        String problem = Utf16.problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("A string that " + problem + " has no canonical JSON form (RFC 8785)");
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Convenience for the documentation's test vectors. */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static List<Object> array(Object... values) {
        return java.util.Arrays.asList(values);
    }
}
