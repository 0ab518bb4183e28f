package org.kronika.query.iati;

import org.kronika.query.indicator.IndicatorDefinition;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The words and addresses of an IATI file that Kronika writes itself. */
final class Text {

    /**
     * Media types (IATI FileFormat codelist) by file extension; a web address without one of these is taken to be
     * a page, anything else is only known to be bytes.
     */
    private static final Map<String, String> FORMATS = Map.ofEntries(
            Map.entry("pdf", "application/pdf"),
            Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("csv", "text/csv"),
            Map.entry("txt", "text/plain"),
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("zip", "application/zip"));
    static final String WEB_PAGE = "text/html";
    static final String BYTES = "application/octet-stream";

    private Text() {
    }

    static Map<String, String> formats() {
        return FORMATS;
    }

    /** Lowercase letters and digits of a name without its accents, words joined by hyphens: "Tiranë" is "tirane". */
    static String slug(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return folded.replaceAll("^-+|-+$", "");
    }

    /**
     * A document's address: a reference that is already an http(s) URL as it is, anything else (an archive number,
     * a file name) resolved against the base, each of its path segments percent-encoded.
     */
    static String url(String reference, String base) {
        String trimmed = reference.strip();
        if (trimmed.matches("(?i)https?://\\S+")) {
            try {
                URI.create(trimmed);
                return trimmed;
            } catch (IllegalArgumentException notAUri) {
                // Kept below as a name under the base, so the file still holds a valid address.
            }
        }
        String[] segments = trimmed.split("/", -1);
        // A segment . or .. would lead out of the base, where the publisher serves nothing of Kronika's (a reader's
        // URL parser takes %2E as a dot too): such a reference is one name under the base, its slashes encoded; one
        // of nothing but dots, which no encoding keeps from being a dot segment, is asked of the base by name.
        if (Arrays.stream(segments).anyMatch(segment -> segment.equals(".") || segment.equals(".."))) {
            String name = URLEncoder.encode(trimmed, StandardCharsets.UTF_8).replace("+", "%20");
            return base + (name.matches("\\.+") ? "?reference=" : "") + name;
        }
        return base + Arrays.stream(segments)
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    /**
     * A document's FileFormat, from the reference it was recorded by: its file extension; else, for a web address,
     * a web page, and for an archive number or a file name without one, a file of a type not known.
     */
    static String format(String reference) {
        String trimmed = reference.strip();
        boolean web = trimmed.matches("(?i)https?://\\S+");
        String path = trimmed;
        if (web) {
            try {
                // The host is no file name (https://example.org has no extension "org"), nor are a query and a
                // fragment; an archive number's # or ? is part of its name.
                path = URI.create(trimmed).getRawPath();
            } catch (IllegalArgumentException notAUri) {
                web = false;
                path = trimmed.replaceAll("[?#].*$", "");
            }
        }
        path = path == null ? "" : path;
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            String format = FORMATS.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (format != null) {
                return format;
            }
        }
        return web && dot < 0 ? WEB_PAGE : BYTES;
    }

    /** What the indicator counts and how its period values read, for readers who only have the file. */
    static String indicatorDescription(IndicatorDefinition d) {
        String counts = switch (d.counts()) {
            case "participants" -> "Counts the participants of the activities recorded towards it, and adds the "
                    + "values of its direct measurements.";
            case "activities" -> "Counts the activities recorded towards it, and adds the values of its direct "
                    + "measurements.";
            case "items" -> "Counts the items (materials, media pieces, awards) of the activities recorded towards "
                    + "it, and adds the values of its direct measurements.";
            default -> "Measured directly (surveys, assessments); activities add nothing to it.";
        };
        String periods = switch (d.aggregation()) {
            case "average" -> "A period's actual is the mean of the values dated in it; the figure by the period's "
                    + "end is the mean of all values up to then.";
            case "latest" -> "A period's actual is the latest value dated in it; the figure by the period's end is "
                    + "the latest value up to then.";
            default -> "A period's actual is what was achieved within it, so the periods of the programme's reporting "
                    + "calendar (and the months outside them) add up to the total, and a period of another calendar "
                    + "that a target names, such as a fiscal year, overlaps them; the figure by the period's end is "
                    + "the total up to then.";
        };
        // IATI's guidance (results): a period's target is the progress to reach by its end, its actual what was
        // achieved during it, and the description says how the values read. Kronika's read the same way.
        return counts + " " + periods + " A period's target is the figure to reach by the period's end: compare it "
                + "with that figure, which each actual's comment states. Unit: "
                + d.unit() + ". Life-of-project target: " + IatiMapping.number(d.target()).toPlainString() + ".";
    }
}
