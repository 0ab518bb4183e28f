package org.kronika.command.project;

import org.kronika.events.chain.CanonicalJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command that sets some fields of something recorded (an amendment, a redefinition) actually changes: each
 * value it sets is kept only where it differs from the one recorded, and a command that changes nothing is refused.
 *
 * <p>The recorded values are kept as fingerprints, 128 bits of SHA-256 of the value: equal values have equal
 * fingerprints, and no input a client can find gives two different values the same one. Keeping the values
 * themselves would put the project's texts (a summary, twenty objectives, a hundred indicators' names and targets)
 * into every cached project and every snapshot, where the rules only ever ask whether they changed.
 */
final class Changes {

    private final Map<String, String> recorded;
    private final String what;
    private boolean any;
    private String unchanged;

    /**
     * @param recorded the fingerprint of each field's recorded value, by field name
     * @param what     the command, as its refusal names it: "an amendment"
     */
    Changes(Map<String, String> recorded, String what) {
        this.recorded = recorded;
        this.what = what;
    }

    /** The value as the change records it: null where the command leaves the field as it is or sets what it was. */
    <T> T of(String field, T value) {
        if (value == null) {
            return null;
        }
        if (fingerprint(value).equals(recorded.get(field))) {
            if (unchanged == null) {
                unchanged = field;
            }
            return null;
        }
        any = true;
        return value;
    }

    /** Refuses the command unless it changes a field, naming the first it sets to the value it already has. */
    void requireAny() {
        if (any) {
            return;
        }
        throw new ProjectRuleViolation(unchanged == null ? "reason" : unchanged,
                (unchanged == null ? "" : "is already the recorded value: ") + what + " must change at least one field");
    }

    /** Keeps the fingerprint of {@code value} as {@code field}'s, unless the value is null (left as it is). */
    static void record(Map<String, String> recorded, String field, Object value) {
        if (value != null) {
            recorded.put(field, fingerprint(value));
        }
    }

    /**
     * The fingerprint of an activity's facts, as an event states them: the same for the same facts whether read from
     * an activity's record or from a correction's stored copy of one, in whatever order its members come, with or
     * without its absent (null) members and its project.
     */
    static String ofFacts(Map<String, Object> facts) {
        Map<String, Object> own = new HashMap<>(facts);
        own.remove("projectId");
        // Written as the hash chain writes an event (RFC 8785): members in one order, a number one way whatever
        // its Java type (2 as read back from the store, 2.0 as a record holds it).
        return fingerprint(CanonicalJson.write(withoutNulls(own)));
    }

    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> present = new HashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    present.put(String.valueOf(k), withoutNulls(v));
                }
            });
            return present;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Changes::withoutNulls).toList();
        }
        return value;
    }

    /**
     * Each part is written with its length in bytes before it, so no two lists of parts are written alike: ["a b"]
     * and ["a", "b"] differ, and so do a text and a list holding only it.
     */
    static String fingerprint(Object value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<?> parts = value instanceof List<?> list ? list : List.of(value);
            sha.update((value instanceof List<?> ? "list" : "value").getBytes(StandardCharsets.UTF_8));
            for (Object part : parts) {
                byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
                sha.update((" " + bytes.length + ":").getBytes(StandardCharsets.UTF_8));
                sha.update(bytes);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha.digest(), 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
