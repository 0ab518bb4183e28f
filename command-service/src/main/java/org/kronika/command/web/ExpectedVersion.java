package org.kronika.command.web;

/** Reads {@code If-Match}: the project version a command may apply to, as sent back from a previous ETag. */
final class ExpectedVersion {

    private ExpectedVersion() {
    }

    static Long parse(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            long version = Long.parseLong(value);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw new InvalidRequest("If-Match", "must be a project version as returned in ETag, e.g. \"3\"");
        }
    }
}
