package org.kronika.query.history.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.query.history.ChainVerification;
import org.kronika.query.i18n.Formats;
import org.kronika.query.i18n.Languages;
import org.kronika.query.history.HistoryPage;
import org.kronika.query.history.HistoryQuery;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.projection.UnappliedEvents;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.web.InvalidParameter;
import org.kronika.query.web.ApiParameters;
import org.kronika.query.web.Parameters;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;


@RestController
@RequestMapping("/api/projects/{projectId}")
public class HistoryController {

    private final VisibleProjects projects;
    private final HistoryDownloads downloads;
    private final Formats.Shared formats;
    /** The API's words, English whatever the caller's language. */
    private final Formats english;

    public HistoryController(VisibleProjects projects, HistoryDownloads downloads, Formats.Shared formats) {
        this.projects = projects;
        this.downloads = downloads;
        this.formats = formats;
        this.english = formats.in(Languages.ENGLISH);
    }

    @Operation(summary = "A project's history, event by event, as published",
            description = "Filters: type (an event type of the contract), occurredFrom/occurredTo (a correction counts by its corrected date), "
                    + "recordedFrom/recordedTo, actor. Pages of limit entries (1 to 500, default 100); ask for the "
                    + "next with the answer's next. A filtered page looks at up to 5,000 events, so it may be short "
                    + "while next is set.")
    @GetMapping("/history")
    public HistoryPage history(@PathVariable String projectId,
                               @Parameter(description = "an event type of the contract, by its name or its "
                                       + "CloudEvents type") @RequestParam(required = false) String type,
                               @ApiParameters.Day("events that happened on or after this day")
                               @RequestParam(required = false) String occurredFrom,
                               @ApiParameters.Day("events that happened on or before this day")
                               @RequestParam(required = false) String occurredTo,
                               @ApiParameters.Moment("events recorded at or after this instant")
                               @RequestParam(required = false) String recordedFrom,
                               @ApiParameters.Moment("events recorded at or before this instant")
                               @RequestParam(required = false) String recordedTo,
                               @Parameter(description = "events recorded by this token subject",
                                       schema = @Schema(maxLength = HistoryQuery.ACTOR_LENGTH, pattern = HistoryQuery.ACTOR,
                                               example = "recorder-kec")) @RequestParam(required = false) String actor,
                               @Parameter(description = "the sequence the page before ended with, which its next "
                                       + "gives as the query after=N to append (repeat the filters: next does not "
                                       + "carry them); -1 or absent for the first page", schema = @Schema(type = "integer",
                                       format = "int64", minimum = "-1", maximum = "" + HistoryQuery.MAX_SEQUENCE))
                               @RequestParam(required = false) String after,
                               @Parameter(description = "entries per page", schema = @Schema(type = "integer",
                                       format = "int32", minimum = "1", maximum = "" + HistoryQuery.MAX_LIMIT,
                                       defaultValue = "" + HistoryQuery.DEFAULT_LIMIT))
                               @RequestParam(required = false) String limit) {
        try {
            HistoryQuery.check(type, actor);
        } catch (IllegalArgumentException e) {
            String[] parts = e.getMessage().split(": ", 2);
            throw new InvalidParameter(parts[0], parts[1]);
        }
        LocalDate occurredStart = Parameters.date("occurredFrom", occurredFrom);
        Instant recordedStart = Parameters.instant("recordedFrom", recordedFrom);
        HistoryQuery query = new HistoryQuery(type, occurredStart, Parameters.notBefore("occurredTo",
                Parameters.date("occurredTo", occurredTo), "occurredFrom", occurredStart), recordedStart,
                Parameters.notBefore("recordedTo", Parameters.instant("recordedTo", recordedTo), "recordedFrom",
                        recordedStart), actor,
                after == null ? null : Parameters.number("after", after, -1, HistoryQuery.MAX_SEQUENCE),
                Parameters.bounded("limit", limit, HistoryQuery.DEFAULT_LIMIT, 1, HistoryQuery.MAX_LIMIT));
        Generation live = projects.live();
        // The list entry says how far the project's history goes, without reading its summary.
        long version = projects.entry(live, projectId).version();
        return query.page(projectId, version, projects.history(live));
    }

    @Operation(summary = "Recomputes the project's hash chain over the stored history: whether, and where, it breaks",
            description = "Every event up to the project's version must be present: a history cut short is broken. "
                    + "That version is read from the same read models as the history, so a cut that lowered it too "
                    + "shows only against a head held elsewhere: given sequence and hash (an event's hash written "
                    + "down earlier, or signed in a checkpoint), the chain must also reach that event, and the event "
                    + "must carry that hash. While the read side has not applied every record of the project on the "
                    + "topic (one was rejected as breaking the contract, two different records claim one of its "
                    + "events, or its events are held: it waits for an event, is parked, or catches up), the history "
                    + "shown is not the whole one: complete is false, "
                    + "incompleteReason says why, and verified is false.")
    @GetMapping("/verification")
    public VerificationView verification(@PathVariable String projectId,
                                         @Parameter(description = "an event's sequence whose hash you hold; "
                                                 + "only with hash", schema = @Schema(type = "integer",
                                                 format = "int64", minimum = "0",
                                                 maximum = "" + HistoryQuery.MAX_SEQUENCE))
                                         @RequestParam(required = false) String sequence,
                                         @Parameter(description = "the hash you hold of that event, SHA-256 in "
                                                 + "lowercase hexadecimal; only with sequence", schema = @Schema(
                                                 pattern = HeldHead.HASH, example = HeldHead.HASH_EXAMPLE))
                                         @RequestParam(required = false) String hash) {
        HeldHead held = HeldHead.of(sequence, hash);
        Generation live = projects.live();
        ProjectHistory history = projects.history(live);
        // Before the version: a project that catches up in between is never called complete at its old version.
        UnappliedEvents.Found heldBack = projects.unapplied(live, projectId);
        long version = projects.entry(live, projectId).version();
        ChainVerdict verdict = ChainVerification.verify(projectId, version, history);
        Optional<String> unapplied = heldBack.beyond(version, english::message);
        VerificationView.BrokenLink broken = verdict.verified() ? null
                : new VerificationView.BrokenLink(verdict.brokenAt(), verdict.reason());
        // A head held beyond the events shown may be in what was not applied: it is not found cut then.
        if (broken == null && held != null && (unapplied.isEmpty() || held.sequence < verdict.events())) {
            broken = held.missingFrom(projectId, verdict, history);
        }
        if (broken == null && unapplied.isPresent()) {
            // Intact as far as it is shown, which is not as far as the topic goes: the first event not shown is where,
            // or one shown that another record claims too.
            broken = new VerificationView.BrokenLink(Math.min(verdict.events(), heldBack.firstInQuestion(version)),
                    unapplied.get());
        }
        return new VerificationView(projectId, broken == null, verdict.events(), verdict.headHash(), broken,
                unapplied.isEmpty(), unapplied.orElse(null));
    }

    /** An event's hash that an auditor holds from before: the stored history must still lead to it. */
    private record HeldHead(long sequence, String hash) {

        static final String HASH = "^[0-9a-f]{64}$";
        static final String HASH_EXAMPLE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

        static HeldHead of(String sequence, String hash) {
            if (sequence == null && hash == null) {
                return null;
            }
            if (sequence == null || hash == null) {
                throw new InvalidParameter(sequence == null ? "sequence" : "hash",
                        "give both sequence and hash: the event whose hash you hold, and that hash");
            }
            if (!hash.matches(HASH)) {
                throw new InvalidParameter("hash", "must be a SHA-256 hash: 64 lowercase hexadecimal digits");
            }
            return new HeldHead(Parameters.number("sequence", sequence, 0, HistoryQuery.MAX_SEQUENCE), hash);
        }

        /** Where the intact chain fails to reach this head, or {@code null} if it leads to it. */
        VerificationView.BrokenLink missingFrom(String projectId, ChainVerdict verdict, ProjectHistory history) {
            if (sequence >= verdict.events()) {
                return new VerificationView.BrokenLink(verdict.events(), "the history ends at event "
                        + (verdict.events() - 1) + ", before event " + sequence + " whose hash you hold: it was cut");
            }
            // The chain holds up to its head, so the hash stored with this event is the one its content gives.
            String stored = ChainVerification.storedHash(projectId, sequence, history);
            return hash.equals(stored) ? null : new VerificationView.BrokenLink(sequence, "event " + sequence
                    + " has the hash " + stored + ", not the one you hold: the history up to it is another");
        }
    }

    @Operation(summary = "The whole history as JSON Lines, one event per line with its hashes: the verifier's input",
            description = "The header " + HistoryDownloads.COMPLETE + " says whether the history exported is the "
                    + "whole one: false while the read side has not applied every record of the project on the topic "
                    + "(as verification's complete), with " + HistoryDownloads.INCOMPLETE_REASON + " saying why "
                    + "(verification's incompleteReason). The lines hold what was applied, so the verifier finds them "
                    + "intact all the same: check the header, and verification, before relying on an offline OK.")
    @GetMapping(value = "/export.jsonl", produces = "application/x-ndjson")
    public ResponseEntity<StreamingResponseBody> exportJsonLines(@PathVariable String projectId) {
        return downloads.jsonLines(projectId);
    }

    @Operation(summary = "The whole history as CSV, formula-safe",
            description = "UTF-8 with a byte-order mark, so spreadsheet programs read ë and ç; saved as "
                    + "{projectId}-history.csv. The header " + HistoryDownloads.COMPLETE + " says whether it is the "
                    + "whole history, as for export.jsonl.")
    @GetMapping(value = "/export.csv", produces = "text/csv")
    public ResponseEntity<StreamingResponseBody> exportCsv(@PathVariable String projectId) {
        return downloads.csv(projectId);
    }

    @Operation(summary = "Every reported period's figures as CSV: as approved beside as corrected since",
            description = "One row per period and figure, named as in the period report's JSON and as the verifier "
                    + "prints it (indicators.people.achieved), with the approval's headSequence and headHash and the "
                    + "number of changes flagged since; periods never submitted are left out. UTF-8 with a "
                    + "byte-order mark, saved as {projectId}-figures.csv.")
    @GetMapping(value = "/figures.csv", produces = "text/csv")
    public ResponseEntity<StreamingResponseBody> figuresCsv(@PathVariable String projectId) {
        return downloads.figuresCsv(projectId);
    }

    @Operation(summary = "A printable audit report: project, logframe, indicator progress, verdict, timeline",
            description = "In Albanian or English, as the request's Accept-Language (or the dashboards' language "
                    + "cookie) asks; English otherwise. Times are written 24-hour in the programme's time zone, naming "
                    + "it (CET, CEST).")
    @GetMapping(value = "/report.html", produces = "text/html")
    public ResponseEntity<StreamingResponseBody> report(@PathVariable String projectId, Locale locale) {
        return downloads.report(projectId, formats.in(locale));
    }
}
