package org.kronika.command.config;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.util.stream.Collectors;

/** Names the JSON field a parsing error is about, in the dotted form problem+json uses ({@code participants.total}). */
public final class JsonErrors {

    private JsonErrors() {
    }

    /** A required number left out, which Jackson reports as a null it cannot map to a primitive. */
    public static boolean isMissing(Throwable error) {
        return String.valueOf(error.getMessage()).contains("Cannot map `null` into type");
    }

    /**
     * The text is not JSON (cut short, a comma missing, a stray token): the parser stopped inside some member, but
     * the fault is the text, not that member's value. A number out of range and a member named twice are reported
     * by the parser too, and are about one field.
     */
    public static boolean isSyntax(Throwable error) {
        return error instanceof StreamReadException && !(error instanceof InputCoercionException)
                && !isDuplicate(error);
    }

    /** A member named twice in one object ({@code STRICT_DUPLICATE_DETECTION}). */
    public static boolean isDuplicate(Throwable error) {
        return error instanceof StreamReadException && String.valueOf(error.getMessage()).startsWith("Duplicate field '");
    }

    /**
     * The member named twice, wherever the parser found it: inside a list's entry too, where the error reaches the
     * request wrapped in the entry's mapping error; null if none was.
     */
    public static Throwable duplicateIn(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (isDuplicate(cause)) {
                return cause;
            }
        }
        return null;
    }

    /** A required number left out anywhere in the error's causes. */
    public static boolean isMissingIn(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (isMissing(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The field at fault, as precisely as any of the error's causes names it; null when the error is not about one
     * field (broken JSON, say). A number too large for a map's value is named by its mapping as the map alone
     * ({@code participants.bySex}), and by the parser down to its key ({@code participants.bySex.female}).
     */
    public static String fieldOf(Throwable error) {
        String field = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String named = null;
            if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                named = mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
            } else if (cause instanceof StreamReadException read && !isSyntax(read) && read.getProcessor() != null
                    && read.getProcessor().getParsingContext() != null) {
                // A number too large for its field is reported by the parser, which still knows where it was.
                named = fieldAt(read.getProcessor().getParsingContext());
            }
            if (named != null && (field == null || named.startsWith(field + ".") || named.startsWith(field + "["))) {
                field = named;
            }
        }
        return field;
    }

    /** Where a parser is, as a field path; null at the top of the document. */
    public static String fieldAt(JsonStreamContext where) {
        String pointer = where.pathAsPointer().toString();
        return pointer.isEmpty() ? null : pointer.substring(1).replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
    }
}
