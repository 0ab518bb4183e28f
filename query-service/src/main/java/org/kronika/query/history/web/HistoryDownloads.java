package org.kronika.query.history.web;

import org.kronika.query.history.ChainVerification;
import org.kronika.query.history.ProjectExports;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.i18n.Formats;
import org.kronika.query.i18n.Languages;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.projection.UnappliedEvents;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.report.PeriodReportView;
import org.kronika.query.report.PeriodReportViews;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/**
 * A project's history to take away, as the API serves it and the dashboards offer it: JSON Lines for the
 * verifier, CSV, and the printable audit report. Each is streamed up to the version read when it was asked for.
 */
@Component
public class HistoryDownloads {

    /** CSV, opened in spreadsheet programs, so it starts with UTF-8's byte-order mark. */
    private static final String SPREADSHEET = "text/csv";

    private final VisibleProjects projects;
    private final Clock clock;
    /** The API's words: a header says why the history is incomplete in English, as /verification does. */
    private final Formats english;

    public HistoryDownloads(VisibleProjects projects, Clock clock, Formats.Shared formats) {
        this.projects = projects;
        this.clock = clock;
        this.english = formats.in(Languages.ENGLISH);
    }

    /** Whether the export holds every record of the project the read side read from the topic: true or false. */
    public static final String COMPLETE = "Kronika-History-Complete";
    /** Why it does not, as /verification's incompleteReason says it; only beside {@code COMPLETE: false}. */
    public static final String INCOMPLETE_REASON = "Kronika-History-Incomplete-Reason";

    /**
     * The verifier's input. Its lines cannot say that the read side set records of the project aside (two different
     * records of one event, one that broke the contract) or holds its events back: an export of what was applied
     * verifies OK offline all the same. The headers say it, as /verification does, from what it keeps of those
     * records (two look-ups, whatever the history's length), the lines staying as partners and the verifier read them.
     */
    public ResponseEntity<StreamingResponseBody> jsonLines(String projectId) {
        return export(projectId, "history.jsonl", "application/x-ndjson", ProjectExports::jsonLines);
    }

    public ResponseEntity<StreamingResponseBody> csv(String projectId) {
        return export(projectId, "history.csv", SPREADSHEET, ProjectExports::csv);
    }

    /** The reported periods' figures, both views; partners too, as they read the period reports. */
    public ResponseEntity<StreamingResponseBody> figuresCsv(String projectId) {
        Generation live = projects.live();
        List<PeriodReportView> reports = reports(live, projects.summary(live, projectId));
        return stream(attachment(projectId, "figures.csv"), SPREADSHEET,
                out -> ProjectExports.figuresCsv(reports, out));
    }

    public ResponseEntity<StreamingResponseBody> report(String projectId, Formats fmt) {
        Generation live = projects.live();
        // Before the version: a project that catches up in between is never called complete at its old version.
        UnappliedEvents.Found heldBack = projects.unapplied(live, projectId);
        ProjectSummary summary = projects.summary(live, projectId);
        ProjectHistory history = projects.history(live);
        // Served only to those who read the history, who see who closed the project, as they see who did the rest.
        var view = projects.views(live).view(summary, LocalDate.now(clock), null, null, true);
        List<PeriodReportView> reports = reports(live, summary);
        String unapplied = heldBack.beyond(summary.version(), fmt::message).orElse(null);
        Long inQuestion = heldBack.shownInQuestion(summary.version()).orElse(null);
        return stream(ResponseEntity.ok().header("Content-Security-Policy", AuditReport.CONTENT_SECURITY_POLICY),
                "text/html", out -> AuditReport.write(view, ChainVerification.verify(projectId, summary.version(),
                        history), unapplied, inQuestion, history, reports, fmt, out));
    }

    /** The project's period reports that went beyond "open", each with both views of its figures. */
    private List<PeriodReportView> reports(Generation live, ProjectSummary summary) {
        return PeriodReportViews.reported(summary, ProgrammeCalendar.all(projects.programme(), projects.defined(live)),
                projects.reports(live), projects.changedItems(live), true);
    }

    /** How an export writes a project's history up to a version. */
    private interface Export {
        void write(String projectId, long version, ProjectHistory history, Writer out);
    }

    /**
     * A history export, with the headers that say whether it is the whole history (the CSV's as the JSON Lines':
     * it carries the hashes too, and of a parked project it ended at the event parked before, saying nothing).
     */
    private ResponseEntity<StreamingResponseBody> export(String projectId, String what, String type, Export export) {
        Generation live = projects.live();
        // Before the version: a project that catches up in between is never called complete at its old version.
        UnappliedEvents.Found heldBack = projects.unapplied(live, projectId);
        long version = projects.entry(live, projectId).version();
        ProjectHistory history = projects.history(live);
        java.util.Optional<String> unapplied = heldBack.beyond(version, english::message);
        ResponseEntity.BodyBuilder response = attachment(projectId, what)
                .header(COMPLETE, String.valueOf(unapplied.isEmpty()));
        unapplied.ifPresent(reason -> response.header(INCOMPLETE_REASON, headerValue(reason)));
        return stream(response, type, out -> export.write(projectId, version, history, out));
    }

    /**
     * At most this much of a reason goes in a header; {@code /verification} says all of it. An honest reason, two
     * records' ids and hashes included, is some 600 characters; the server's response headers may hold 8 KB in all.
     */
    static final int REASON_IN_HEADER = 2000;

    /**
     * A reason as a header carries it: ASCII alone (what else it quotes from a record, an id say, is shown as '?'),
     * and cut short, since it quotes record values of any length: a forged record's 9,000-character ce_sequence made a
     * header over the server's limit, and the project's downloads failed.
     */
    static String headerValue(String reason) {
        String ascii = reason.replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() <= REASON_IN_HEADER ? ascii : ascii.substring(0, REASON_IN_HEADER - 3) + "...";
    }

    /**
     * A download saved under the project's name ("nopm-local-governance-history.csv"), not the address's
     * "export.csv" for every project. A project id is ASCII letters, digits, '.', '_' and '-' (the contract's
     * identifiers), so the plain filename needs no filename*; anything else would be replaced, never sent raw.
     */
    private static ResponseEntity.BodyBuilder attachment(String projectId, String what) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(projectId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + what).build().toString());
    }

    private static ResponseEntity<StreamingResponseBody> stream(ResponseEntity.BodyBuilder response, String type,
                                                                Consumer<Writer> body) {
        return response.contentType(MediaType.parseMediaType(type + ";charset=UTF-8")).body(out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            if (type.equals(SPREADSHEET)) {
                // Without the mark a spreadsheet program takes UTF-8 for its local code page: "ë" reads "Ã«".
                writer.write('\uFEFF');
            }
            body.accept(writer);
            writer.flush();
        });
    }
}
