package org.kronika.security;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A query string read as strictly as a body is: Tomcat leaves out a parameter whose percent-encoding it cannot
 * read ({@code ?status=%zz}) and logs it once at most, so the endpoint answered as if it had not been asked, a filter
 * ignored and everything listed. The parameter it cannot read is found here, to be refused by name.
 */
final class QueryStrings {

    /** What cannot be read: the parameter, by its name as far as it reads, and why. */
    record Fault(String parameter, String detail) {
    }

    private QueryStrings() {
    }

    static Optional<Fault> fault(String query) {
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            Optional<String> name = decoded(rawName);
            if (name.isEmpty()) {
                return Optional.of(new Fault(Problem.printable(rawName),
                        "is not a name that can be read: " + RULE));
            }
            if (equals >= 0 && decoded(pair.substring(equals + 1)).isEmpty()) {
                return Optional.of(new Fault(Problem.printable(name.get()),
                        "has a value that cannot be read: " + RULE));
            }
        }
        return Optional.empty();
    }

    private static final String RULE = "every % must be followed by two hexadecimal digits (%25 for % itself), "
            + "and the bytes they stand for must be UTF-8";

    /** The text, or nothing where a {@code %} is not followed by two hex digits or the bytes are not UTF-8. */
    static Optional<String> decoded(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return Optional.empty();
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                int codePoint = raw.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
