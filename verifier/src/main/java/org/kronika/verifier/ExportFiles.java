package org.kronika.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads an export file ({@code GET /api/projects/{id}/export.jsonl}, one event a line) as the copy of a project's
 * events it holds, and any file Kronika served (a period report, a signed checkpoint and its key set too) as it
 * served it.
 */
final class ExportFiles {

    private ExportFiles() {
    }

    /**
     * An export file keeps its events in sequence order; a line out of place is itself a break, and so is a line
     * that is not an event as exported (not one JSON object, a member named twice, a member of the wrong kind): the
     * chain breaks there, and nothing after it is read.
     *
     * @param expected the project the file should hold, or {@code null} to take it from the file (none when empty)
     */
    static Copy copy(Path file, String expected) throws IOException {
        return read(file, expected).copy();
    }

    /** The file read as {@link #copy} reads it, once, with each of its events as exported: see {@link Exported}. */
    static Exported read(Path file, String expected) throws IOException {
        List<ChainLink> links = new ArrayList<>();
        List<Map<String, Object>> events = new ArrayList<>();
        String projectId = expected;
        for (Line line : objects(file)) {
            if (line.unreadable() != null) {
                return new Exported(unreadable(projectId, links, line.unreadable()), events);
            }
            Map<String, Object> event = line.object();
            if (event == null || !(event.get("projectId") instanceof String named)) {
                return new Exported(unreadable(projectId, links, line.where() + " names no project"), events);
            }
            projectId = projectId == null ? named : projectId;
            if (!projectId.equals(named)) {
                throw new WrongExport("an export holds one project" + (expected == null ? ""
                        : ", " + expected) + "; found " + named);
            }
            String added = unwritten(event.keySet());
            if (added != null) {
                // Read by anyone with the file as if it were a fact of the event, yet no hash vouches for it.
                return new Exported(unreadable(projectId, links, line.where() + " has \"" + added
                        + "\", which no export of Kronika's writes and no hash covers"), events);
            }
            try {
                links.add(link(event, projectId));
            } catch (NotAnEvent e) {
                return new Exported(unreadable(projectId, links, line.where() + ": " + e.getMessage()), events);
            }
            events.add(event);
        }
        return new Exported(new Copy(projectId, links, null), events);
    }

    /**
     * An export read once: the copy of the project's events it holds, and each of those events as exported
     * ({@code events.get(i)} is the line of {@code copy.links().get(i)}).
     */
    record Exported(Copy copy, List<Map<String, Object>> events) {

        /**
         * Its events from {@code from} to {@code to}, as exported: what a proof quotes. For an export whose chain
         * holds intact up to {@code to}, those are the events checked; what the project recorded after is no part
         * of a proof. Each with its members in the order an export writes them ({@link #EVENT_MEMBERS}); a line with
         * any other, which no hash covers, is a break ({@link #read}).
         */
        List<Map<String, Object>> between(long from, long to) {
            List<Map<String, Object>> between = new ArrayList<>();
            for (int i = 0; i < copy.links().size() && copy.links().get(i).sequence() <= to; i++) {
                if (copy.links().get(i).sequence() >= from) {
                    Map<String, Object> event = new java.util.LinkedHashMap<>();
                    for (String member : EVENT_MEMBERS) {
                        if (events.get(i).containsKey(member)) {
                            event.put(member, events.get(i).get(member));
                        }
                    }
                    between.add(event);
                }
            }
            return between;
        }
    }

    /**
     * A line that is not blank: the JSON object it holds ({@code null} for the JSON {@code null}), or, where it holds
     * none, what it is instead, after its place.
     */
    private record Line(String where, Map<String, Object> object, String unreadable) {
    }

    /** The file's lines that are not blank, each read as one JSON object, up to the first that is none (with it). */
    private static List<Line> objects(Path file) throws IOException {
        List<Line> read = new ArrayList<>();
        int number = 0;
        for (byte[] bytes : lines(file)) {
            String where = "line " + ++number;
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                read.add(new Line(where, null, where + " is not UTF-8 text"));
                break;
            }
            if (text.isBlank()) {
                continue;
            }
            try {
                read.add(new Line(where, StrictJson.MAPPER.readValue(text, StrictJson.OBJECT), null));
            } catch (JsonProcessingException e) {
                read.add(new Line(where, null, where + " is not one JSON object (" + e.getOriginalMessage() + ")"));
                break;
            }
        }
        return read;
    }

    /**
     * The file's lines (ended by LF, CR or CRLF, as {@link Files#readAllLines} reads them), each still bytes: a line
     * that is not UTF-8 is a break at its event, where decoding the whole file would fail the verifier instead. The
     * bytes of LF and CR never occur inside a UTF-8 sequence, so splitting before decoding splits nothing else.
     */
    private static List<byte[]> lines(Path file) throws IOException {
        byte[] bytes = saved(file);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                lines.add(Arrays.copyOfRange(bytes, start, i));
                if (bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
        }
        return lines;
    }

    /**
     * A file's bytes as Kronika served them, UTF-8: a byte-order mark an editor or shell put before them is passed
     * over (it is no part of what was served, and no event's content), and a file saved as UTF-16 (PowerShell 5's
     * {@code >} writes that) is refused as the wrong file, not taken for a history that was changed.
     */
    static byte[] saved(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            return Arrays.copyOfRange(bytes, 3, bytes.length);
        }
        if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE
                || (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF)) {
            throw new IOException(file + " is UTF-16 text, not the UTF-8 Kronika serves: save the download as it "
                    + "comes (curl -o FILE, or in PowerShell Invoke-WebRequest -OutFile FILE) and check that file");
        }
        return bytes;
    }

    /** A file's text as Kronika served it: see {@link #saved}. */
    static String savedText(Path file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(saved(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            // The decoder's own message ("Input length = 1") names neither the file nor the fault.
            throw new IOException(file + " is not UTF-8 text, as everything Kronika serves is: it was saved in another "
                    + "encoding, or is another file (compressed, binary); save the download as it comes and check "
                    + "that file", e);
        }
    }

    /** The copy up to a line that is not an event: the chain breaks where that event should be. */
    private static Copy unreadable(String projectId, List<ChainLink> links, String what) {
        return new Copy(projectId == null ? Copy.UNNAMED : projectId, links, new Copy.Conflict((long) links.size(),
                ChainVerdict.Break.NOT_CANONICAL, what + ": it is not an event as Kronika writes it, so the copy was "
                + "changed"));
    }

    /**
     * The members of an exported event: those its hash covers, and {@code eventId} and {@code correlationId}, which it
     * does not (audit/hash-chain.md).
     */
    static final List<String> EVENT_MEMBERS = List.of("type", "projectId", "sequence", "eventId", "recordedAt", "actor",
            "correlationId", "payload", "prevHash", "hash");

    /** The first of these members an exported event never has (no hash covers it), null if none. */
    static String unwritten(Iterable<String> members) {
        for (String member : members) {
            if (!EVENT_MEMBERS.contains(member)) {
                return member;
            }
        }
        return null;
    }

    /**
     * An event as exported (a line of an export, or of a proof's chain) as a link of {@code projectId}'s chain, its
     * members each of the kind an event has there.
     */
    static ChainLink link(Map<String, Object> event, String projectId) throws NotAnEvent {
        return new ChainLink(text(event, "type"), projectId, wholeNumber(event.get("sequence")),
                text(event, "recordedAt"), object(event.get("actor"), "actor"), object(event.get("payload"), "payload"),
                optionalText(event, "prevHash"), optionalText(event, "hash"));
    }

    /** A member that is not what an event has there: the copy was changed. */
    static final class NotAnEvent extends Exception {
        NotAnEvent(String message) {
            super(message, null, false, false);
        }
    }

    private static String text(Map<String, Object> event, String member) throws NotAnEvent {
        if (event.get(member) instanceof String text) {
            return text;
        }
        throw new NotAnEvent(member + " is " + describe(event.get(member)) + ", not a string");
    }

    private static String optionalText(Map<String, Object> event, String member) throws NotAnEvent {
        return event.get(member) == null ? null : text(event, member);
    }

    private static long wholeNumber(Object value) throws NotAnEvent {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new NotAnEvent("sequence is " + describe(value) + ", not a whole number");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String member) throws NotAnEvent {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new NotAnEvent(member + " is " + describe(value) + ", not an object");
    }

    private static String describe(Object value) {
        return value == null ? "missing" : value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    /** A file that is not the export it is taken for: a finding about the file, not a usage error. */
    static final class WrongExport extends IllegalArgumentException {
        WrongExport(String message) {
            super(message);
        }
    }
}
