package org.kronika.command.web;

/** Reads {@code If-Match}: the project version a command may apply to, as sent back from a previous ETag. */
final class ExpectedVersion {

    private ExpectedVersion() {
    }

    /**
     * The version a command must name because it certifies what its sender saw (an approval): without it, a change
     * recorded after the sender read the project would be certified unseen.
     */
    static long required(String ifMatch, String why) {
        Long version = parse(ifMatch);
        if (version == null) {
            throw new VersionRequired(why);
        }
        return version;
    }

    /** A command sent without the If-Match it must carry: 428 Precondition Required (RFC 6585). */
    static final class VersionRequired extends RuntimeException {
        VersionRequired(String message) {
            super(message);
        }
    }

    static Long parse(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            // If-Match compares strongly (RFC 9110, 13.1.1): a weak tag matches no version, so reading W/"3" as 3
            // would apply a command its sender asked to apply to no version at all.
            throw new InvalidRequest("If-Match", "must be a strong ETag as returned in ETag, e.g. \"3\": a weak one "
                    + "(W/) never matches (RFC 9110, 13.1.1)");
        }
        // As an ETag gives it ("3"), or the bare number; stripping every quote once read "3, +3 and "03" as 3 too.
        java.util.regex.Matcher version = VERSION.matcher(value);
        if (!version.matches()) {
            throw new InvalidRequest("If-Match", "must be a project version as returned in ETag, e.g. \"3\"");
        }
        return Long.parseLong(version.group(1) != null ? version.group(1) : version.group(2));
    }

    private static final java.util.regex.Pattern VERSION =
            java.util.regex.Pattern.compile("\"(0|[1-9][0-9]{0,17})\"|(0|[1-9][0-9]{0,17})");
}
