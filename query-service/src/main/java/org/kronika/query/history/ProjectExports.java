package org.kronika.query.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.EventChain;
import org.kronika.query.report.FigureRows;
import org.kronika.query.report.PeriodReportView;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A project's history as files an auditor can keep: JSON Lines that the command-line verifier checks, and CSV for
 * spreadsheets. Both carry each event's hash, so a kept copy stays checkable. Written as they are read, a chunk
 * of events at a time: a history of any length is exported in constant memory.
 */
public final class ProjectExports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectExports() {
    }

    /** Every entry up to {@code version}, in order, a chunk at a time. */
    public static void each(String projectId, long version, ProjectHistory history, Consumer<HistoryEntry> action) {
        history.each(projectId, 0, version, action);
    }

    /** One event per line, each with everything its hash covers: docs/audit/hash-chain.md. */
    public static void jsonLines(String projectId, long version, ProjectHistory history, Writer out) {
        each(projectId, version, history, entry -> write(out, json(line(entry)) + "\n"));
    }

    public static void csv(String projectId, long version, ProjectHistory history, Writer out) {
        write(out, "sequence,eventId,type,occurredAt,recordedAt,actorSubject,actorRole,actorOrganisation,"
                + "correlationId,hash,prevHash,payload\r\n");
        each(projectId, version, history, entry -> {
            var actor = entry.actor();
            List<Object> cells = java.util.Arrays.asList(entry.sequence(), entry.eventId(), entry.type(),
                    EventChain.occurredAt(entry.data()), entry.time(), actor == null ? null : actor.subject(),
                    actor == null ? null : actor.role(), actor == null ? null : actor.organisation(),
                    actor == null ? null : actor.correlationId(), entry.hash(), entry.prevHash(), json(entry.data()));
            write(out, csvRow(cells));
        });
    }

    /**
     * The figures of reported periods, one row per period and figure: "as approved" (empty if never approved) beside
     * "as corrected since", with the approval's head, so a spreadsheet holds both views, not only the events. Whether
     * the changes counted are all of them, and the reopening after which changes are no longer flagged, as the
     * period's report says them: without them a count cut at the latest listed, or figures that differ with no change
     * counted (a reopened period), read as the whole story.
     */
    public static void figuresCsv(List<PeriodReportView> reports, Writer out) {
        write(out, "periodId,status,approvalSequence,headSequence,headHash,changesSinceApproval,changesComplete,"
                + "reopenedBy,figure,asApproved,asCorrectedSince\r\n");
        for (PeriodReportView report : reports) {
            var approval = report.approval();
            for (FigureRows.Row row : FigureRows.of(report)) {
                List<Object> cells = java.util.Arrays.asList(report.periodId(), report.status(),
                        approval == null ? null : approval.sequence(), approval == null ? null : approval.headSequence(),
                        approval == null ? null : approval.headHash(), report.changes().size(),
                        report.changesComplete(), report.reopened() == null ? null : report.reopened().sequence(),
                        row.figure(), row.asApproved(), row.asCorrectedSince());
                write(out, csvRow(cells));
            }
        }
    }

    private static String csvRow(List<Object> cells) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            row.append(i == 0 ? "" : ",").append(csvCell(cells.get(i) == null ? "" : String.valueOf(cells.get(i))));
        }
        return row.append("\r\n").toString();
    }

    private static Map<String, Object> line(HistoryEntry entry) {
        Map<String, Object> line = new LinkedHashMap<>();
        Map<String, Object> actor = new LinkedHashMap<>();
        if (entry.actor() != null) {
            actor.putAll(EventChain.actor(entry.actor().subject(), entry.actor().role(), entry.actor().organisation()));
        }
        line.put("type", entry.type());
        line.put("projectId", entry.projectId());
        line.put("sequence", entry.sequence());
        line.put("eventId", entry.eventId());
        line.put("recordedAt", entry.time());
        line.put("actor", actor);
        line.put("correlationId", entry.actor() == null ? null : entry.actor().correlationId());
        line.put("payload", entry.data());
        line.put("prevHash", entry.prevHash());
        line.put("hash", entry.hash());
        return line;
    }

    /** The verdict's words for the report. */
    public static String verdict(ChainVerdict verdict) {
        return verdict.verified() ? "Verified: every event is intact and in order."
                : "BROKEN at event " + verdict.brokenAt() + ": " + verdict.reason();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String csvCell(String text) {
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        // A cell starting with = + - @ is a formula to a spreadsheet: a leading quote keeps it text.
        String safe = text.matches("^[=+\\-@].*") ? "'" + text : text;
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
