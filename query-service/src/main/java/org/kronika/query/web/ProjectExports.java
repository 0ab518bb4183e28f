package org.kronika.query.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.kronika.events.chain.EventChain;
import org.kronika.query.projection.ChainVerification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project's history as files an auditor can keep: JSON Lines that the command-line verifier checks, CSV for
 * spreadsheets, and a printable HTML report. All carry each event's hash, so a kept copy stays checkable.
 */
final class ProjectExports {

    private final ObjectMapper json;

    ProjectExports(ObjectMapper json) {
        this.json = json;
    }

    /** One event per line, each with everything its hash covers: docs/audit/hash-chain.md. */
    String jsonLines(String projectId, List<Document> history) {
        StringBuilder out = new StringBuilder();
        for (Document entry : history) {
            out.append(write(line(projectId, entry))).append('\n');
        }
        return out.toString();
    }

    String csv(String projectId, List<Document> history) {
        StringBuilder out = new StringBuilder("sequence,eventId,type,occurredAt,recordedAt,actorSubject,actorRole,"
                + "actorOrganisation,correlationId,hash,prevHash,payload\r\n");
        for (Document entry : history) {
            Document data = entry.get("data", Document.class);
            Document actor = entry.get("actor", Document.class) == null ? new Document() : entry.get("actor", Document.class);
            List<Object> cells = List.of(entry.get("sequence"), value(entry.get("eventId")), value(entry.get("type")),
                    value(EventChain.occurredAt(data)), value(entry.get("time")), value(actor.get("subject")),
                    value(actor.get("role")), value(actor.get("organisation")), value(actor.get("correlationId")),
                    value(entry.get("hash")), value(entry.get("prevHash")), write(data));
            for (int i = 0; i < cells.size(); i++) {
                out.append(i == 0 ? "" : ",").append(csvCell(String.valueOf(cells.get(i))));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    String html(Document project, List<Document> history) {
        String projectId = project.getString("projectId");
        Map<String, Object> verdict = ChainVerification.verify(projectId, history);
        StringBuilder out = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Audit report: ").append(escape(project.get("title"))).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;font-size:11pt}table{border-collapse:collapse;width:100%}")
                .append("td,th{border:1px solid #999;padding:3px 6px;vertical-align:top;text-align:left}")
                .append("code{font-size:9pt;word-break:break-all}@media print{a{color:black}}</style></head><body>")
                .append("<h1>Audit report</h1><h2>").append(escape(project.get("title"))).append("</h2>")
                .append("<p>Project <code>").append(escape(projectId)).append("</code>, implemented by ")
                .append(escape(project.get("organisation")))
                .append(Boolean.TRUE.equals(project.get("organisationInvented")) ? " (name invented for the demo)" : "")
                .append(", ").append(escape(project.get("startDate"))).append(" to ").append(escape(project.get("endDate")))
                .append(", in ").append(escape(project.get("municipalities"))).append(".</p>")
                .append("<h3>Hash chain</h3><p>").append(Boolean.TRUE.equals(verdict.get("verified"))
                        ? "Verified: every event is intact and in order." : "BROKEN at event "
                        + escape(((Map<?, ?>) verdict.get("firstBrokenLink")).get("sequence")) + ": "
                        + escape(((Map<?, ?>) verdict.get("firstBrokenLink")).get("reason")))
                .append(" Events: ").append(verdict.get("events")).append(". Head hash: <code>")
                .append(escape(verdict.get("headHash"))).append("</code></p>")
                .append("<h3>Logframe</h3><p><b>General goal:</b> ").append(escape(project.get("generalGoal")))
                .append("</p><p><b>Specific objectives:</b> ").append(escape(project.get("specificObjectives")))
                .append("</p><h3>Indicators</h3><table><tr><th>Indicator</th><th>Unit</th><th>Achieved</th>")
                .append("<th>Target</th><th>% of target</th></tr>");
        for (Document indicator : project.getList("indicators", Document.class, List.of())) {
            Document definition = indicator.get("definition", Document.class);
            Document progress = indicator.get("progress", Document.class) == null ? new Document()
                    : indicator.get("progress", Document.class);
            out.append("<tr><td>").append(escape(definition.get("name"))).append("</td><td>")
                    .append(escape(definition.get("unit"))).append("</td><td>").append(escape(progress.get("achieved")))
                    .append("</td><td>").append(escape(definition.get("target"))).append("</td><td>")
                    .append(escape(progress.get("percentOfTarget"))).append("</td></tr>");
        }
        out.append("</table><h3>Timeline</h3><table><tr><th>#</th><th>Recorded</th><th>Happened</th><th>Event</th>")
                .append("<th>By</th><th>What</th></tr>");
        for (Document entry : history) {
            Document data = entry.get("data", Document.class);
            Document actor = entry.get("actor", Document.class) == null ? new Document() : entry.get("actor", Document.class);
            String what = data.get("reason") != null ? "Reason: " + data.get("reason")
                    : String.valueOf(data.get("title") != null ? data.get("title") : data.get("name"));
            out.append("<tr><td>").append(entry.get("sequence")).append("</td><td>").append(escape(entry.get("time")))
                    .append("</td><td>").append(escape(EventChain.occurredAt(data))).append("</td><td>")
                    .append(escape(entry.getString("type").replaceFirst("^org\\.kronika\\.", "")))
                    .append("</td><td>").append(escape(actor.get("subject"))).append(actor.get("role") == null ? ""
                            : " (" + escape(actor.get("role")) + ")").append("</td><td>").append(escape(what))
                    .append("</td></tr>");
        }
        return out.append("</table></body></html>").toString();
    }

    private Map<String, Object> line(String projectId, Document entry) {
        Map<String, Object> line = new LinkedHashMap<>();
        Document actor = entry.get("actor", Document.class) == null ? new Document() : new Document(entry.get("actor", Document.class));
        Object correlationId = actor.remove("correlationId");
        line.put("type", entry.get("type"));
        line.put("projectId", projectId);
        line.put("sequence", entry.get("sequence"));
        line.put("eventId", entry.get("eventId"));
        line.put("recordedAt", entry.get("time"));
        line.put("actor", actor);
        line.put("correlationId", correlationId);
        line.put("payload", entry.get("data"));
        line.put("prevHash", entry.get("prevHash"));
        line.put("hash", entry.get("hash"));
        return line;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(Object value) {
        return value == null ? "" : value;
    }

    private static String csvCell(String text) {
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        // A cell starting with = + - @ is a formula to a spreadsheet: a leading quote keeps it text.
        String safe = text.matches("^[=+\\-@].*") ? "'" + text : text;
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static String escape(Object value) {
        return value == null ? "" : value.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
