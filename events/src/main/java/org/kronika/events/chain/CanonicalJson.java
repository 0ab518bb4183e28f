package org.kronika.events.chain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 8785 JSON canonicalisation (JCS) of plain values: maps with string keys, lists, strings, numbers, booleans
 * and null. Keys are sorted by their UTF-16 code units, strings escaped minimally, numbers written as
 * ECMAScript writes them (integral values without a fraction, no exponent for everyday magnitudes).
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

    private static void number(Number number, StringBuilder out) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            out.append(number.longValue());
            return;
        }
        double d = number.doubleValue();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d);
        }
        if (d == 0) {
            out.append('0');
            return;
        }
        double magnitude = Math.abs(d);
        if (magnitude < 1e-6 || magnitude >= 1e21) {
            // Kronika's counts, targets and percentages never come near; refusing beats hashing them differently.
            throw new IllegalArgumentException("Number outside the canonical range of Kronika events: " + d);
        }
        out.append(new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString());
    }

    private static void string(String text, StringBuilder out) {
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
