package org.kronika.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.events.chain.ChainLink;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an approved period report (the JSON of {@code GET /api/projects/{id}/periods/{periodId}}) against the
 * project's export and, with one, a signed checkpoint: the chain holds and is not cut before the signed head; the
 * approval is the chain's link right after the head it names, with that head's hash, recorded by an officer
 * ({@link EventRoles}); every "as approved" figure is
 * what the events up to that head give; and what changed in the period since, each change flagged with its reason,
 * with the figures the whole export gives today.
 */
public final class ReportCheck {

    /** How many changes, and steps of a discussion, a report lists at most: its latest. */
    private static final int MAX_LISTED = 1000;
    /** How many approvals before the last a report keeps with their figures: its latest. */
    private static final int EARLIER_KEPT = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportCheck() {
    }

    /**
     * @param grace how long before the checkpoint an event it leaves out may have been recorded, as {@code --file}
     *              allows it ({@link ChainCheck#holds(Copy, Checkpoint, java.time.Duration, PrintStream)}): the
     *              commit's grace plus {@code --clock-skew}, of which an approval's checkpoint allows the skew alone
     */
    static int run(Path reportFile, Path exportFile, Checkpoint checkpoint, java.time.Duration grace, PrintStream out)
            throws IOException {
        try {
            return check(StrictJson.MAPPER.readTree(ExportFiles.savedText(reportFile)), exportFile, checkpoint, grace, out);
        } catch (TwoFigures twice) {
            out.println("MISMATCH " + twice.getMessage() + " in the report");
            return 1;
        } catch (PeriodFold.UndatedFact undated) {
            out.println("MISMATCH " + undated.getMessage());
            return 1;
        } catch (java.time.format.DateTimeParseException unreadable) {
            out.println("MISMATCH a day in the report or in the export is no date: \""
                    + unreadable.getParsedString() + "\"");
            return 1;
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException more) {
            // {report}{another report}: a reader that shows the second would be shown figures never checked.
            out.println("MISMATCH the report file holds more after the report: " + more.getOriginalMessage());
            return 1;
        } catch (com.fasterxml.jackson.core.JsonParseException twice) {
            if (!String.valueOf(twice.getOriginalMessage()).startsWith("Duplicate field")) {
                // Not the report at all (a sign-in page, a file cut short): nothing was checked.
                throw new IOException(reportFile + " is not JSON as Kronika serves a period's report ("
                        + twice.getOriginalMessage() + ")", twice);
            }
            // {"achieved": 5, "achieved": 9}: which one a reader is shown depends on their parser.
            out.println("MISMATCH the report names a member twice: " + twice.getOriginalMessage());
            return 1;
        }
    }

    private static int check(JsonNode report, Path exportFile, Checkpoint checkpoint, java.time.Duration grace,
                             PrintStream out) throws IOException {
        if (report.isMissingNode()) {
            // A file saved empty (a request that failed, written anyway) holds nothing to check: no pass.
            out.println("EMPTY   the report file holds no report");
            return 1;
        }
        String projectId = report.path("projectId").asText();
        String periodId = report.path("periodId").asText();
        JsonNode approval = report.path("approval");
        if (approval.isMissingNode() || approval.isNull()) {
            out.println("NOT APPROVED " + projectId + " " + periodId + ": the report names no approval to check");
            return 1;
        }
        Copy copy = ExportFiles.copy(exportFile, null);
        String backsNoFigure = "FAILED  " + projectId + " " + periodId + ": the export does not hold (above), so it "
                + "backs no figure";
        if (copy.projectId() == null) {
            out.println(Copy.EMPTY);
            out.println(backsNoFigure);
            return 1;
        }
        // A file that breaks before any line names a project is a changed copy, whichever project it was of: its
        // chain's finding, not another project's export.
        if (!projectId.equals(copy.projectId()) && !copy.projectId().equals(Copy.UNNAMED)) {
            out.println("WRONG EXPORT: the report is of " + projectId + ", the export of " + copy.projectId());
            return 1;
        }
        boolean holds = ChainCheck.holds(copy, checkpoint, grace, out);
        List<ChainLink> links = copy.links();
        long approvalSequence = approval.path("sequence").asLong();
        long headSequence = approval.path("headSequence").asLong();
        String headHash = approval.path("headHash").asText();
        if (!holds) {
            out.println(backsNoFigure);
            return 1;
        }
        holds = coveredByCheckpoint(checkpoint, projectId, approvalSequence, out);

        Optional<ApprovalFault> fault = notAsInExport(links, approval, periodId);
        if (fault.isPresent()) {
            out.println("MISMATCH " + fault.get().said());
            out.println("FAILED  " + projectId + " " + periodId + ": " + fault.get().failed());
            return 1;
        }
        ChainLink approved = at(links, approvalSequence).orElseThrow();
        JsonNode approvedData = JSON.valueToTree(approved.payload());
        if (!approvedAsSaid("approval", approval, approved, out)) {
            out.println("FAILED  " + projectId + " " + periodId + ": the report says another approver or time than "
                    + "the export's approval");
            return 1;
        }
        LocalDate start = LocalDate.parse(approvedData.path("start").asText());
        LocalDate end = LocalDate.parse(approvedData.path("end").asText());
        out.println("APPROVED " + projectId + " " + periodId + " (" + start + " to " + end + ") by event "
                + approvalSequence + ", at head " + headSequence + " " + headHash + ": as in the export");
        // Figures approved by another role than an officer's were certified by no one who may, however they add up.
        Optional<String> unauthorised = EventRoles.unauthorised(projectId, approved,
                at(links, approvalSequence - 1).orElse(null), registrationBefore(links, approvalSequence));
        unauthorised.ifPresent(out::println);
        holds &= unauthorised.isEmpty();

        // Each part of the report must be of the period and days approved, and "as approved" of the approved head:
        // figures of another period or moment, checked against themselves, would say nothing of this one.
        boolean ofThePeriod = days("report", report, periodId, start, end, null, out)
                & days("asApproved", report.path("asApproved"), periodId, start, end, headSequence, out);
        JsonNode correctedSince = report.path("asCorrectedSince");
        if (!correctedSince.isMissingNode() && !correctedSince.isNull()) {
            ofThePeriod &= days("asCorrectedSince", correctedSince, periodId, start, end, null, out);
        }
        if (!ofThePeriod) {
            return 1;
        }

        // Every figure the approver saw, recomputed from the events up to the head.
        Map<String, JsonNode> recomputed = flatten(PeriodFold.upTo(links, headSequence).figures(periodId, start, end));
        Map<String, JsonNode> reported = flatten(report.path("asApproved"));
        int mismatches = 0;
        for (String figure : union(reported, recomputed)) {
            JsonNode said = reported.get(figure);
            JsonNode found = recomputed.get(figure);
            if (same(said, found)) {
                out.println("FIGURE  " + figure + " = " + text(said));
            } else if (notKept(figure, said)) {
                out.println("NOTE    " + figure + ": not in the report (saved before Kronika kept it), events 0.."
                        + headSequence + " give " + text(found));
            } else {
                out.println("MISMATCH " + figure + ": the report says " + text(said) + ", events 0.." + headSequence
                        + " give " + text(found));
                mismatches++;
            }
        }
        if (mismatches > 0) {
            out.println("FAILED  " + projectId + " " + periodId + ": " + mismatches + (mismatches == 1
                    ? " of the approved figures is not" : " of the approved figures are not")
                    + " what the events up to the approved head give");
            return 1;
        }
        out.println("AS APPROVED OK: " + reported.size() + " figures of " + periodId + " equal what events 0.."
                + headSequence + " give");

        Optional<Long> version = versionOf(links, report, approvalSequence, out);
        if (version.isEmpty()) {
            out.println("FAILED  " + projectId + " " + periodId + ": the report does not say truly which event it is of, "
                    + "so what it lists cannot be held to the export");
            return 1;
        }
        holds &= changesSince(links, report, periodId, approvalSequence, start, end, version.get(), out);
        holds &= asCorrectedSince(links, report, periodId, start, end, reported, out);
        holds &= earlierApprovals(links, report, periodId, out);
        holds &= discussion(links, report, periodId, version.get(), out);
        out.println((holds ? "OK      " : "FAILED  ") + projectId + " " + periodId + (holds
                ? ": every approved figure is backed by the events up to the approved head"
                + (checkpoint == null ? " (no checkpoint given: a cut or recomputed copy is not ruled out)" : ", signed")
                : ""));
        return holds ? 0 : 1;
    }

    /**
     * Whether a part of the report is of the approved period and days (those it names; the report's own days are
     * optional) and, if {@code version} is given, of that version; prints a MISMATCH for each difference.
     */
    private static boolean days(String part, JsonNode figures, String periodId, LocalDate start, LocalDate end,
                                Long version, PrintStream out) {
        List<String> differences = new ArrayList<>();
        if (!figures.path("periodId").asText().equals(periodId)) {
            differences.add("period " + figures.path("periodId") + ", not " + periodId);
        }
        boolean named = part.equals("report");
        for (var day : List.of(Map.entry("start", start), Map.entry("end", end))) {
            JsonNode said = figures.path(day.getKey());
            if ((!named || !said.isMissingNode()) && !said.asText().equals(day.getValue().toString())) {
                differences.add(day.getKey() + " " + said + ", not " + day.getValue());
            }
        }
        if (version != null && (!figures.path("version").isIntegralNumber()
                || figures.path("version").asLong() != version)) {
            differences.add("version " + figures.path("version") + ", not the approved head " + version);
        }
        differences.forEach(difference -> out.println("MISMATCH " + part + ": " + difference));
        return differences.isEmpty();
    }

    /** The checkpoint must have signed the approval itself (or a later head): else it proves nothing about it. */
    private static boolean coveredByCheckpoint(Checkpoint checkpoint, String projectId, long approvalSequence,
                                               PrintStream out) {
        if (checkpoint == null) {
            return true;
        }
        Optional<Head> signed = checkpoint.head(projectId);
        if (signed.isEmpty() || signed.get().sequence() < approvalSequence) {
            out.println("NOT COVERED " + projectId + ": the checkpoint signed " + signed.map(h -> "event "
                    + h.sequence()).orElse("none of its events") + ", not the approval (event " + approvalSequence
                    + "): take a checkpoint issued at or after the approval");
            return false;
        }
        return true;
    }

    /**
     * The changes in the period since the approval, as the export flags them ({@code approved-period-changed}, with
     * their reasons), up to a reopening of the period. A change to the period's facts that no such event follows,
     * or a change the report lists that the export does not hold, fails the check. A change dated before the period
     * changes only its cumulative figures by its end; the command side flags those too, but did not always: one
     * without a flag is noted (CUMULATIVE), not failed, so that histories recorded before are no less intact.
     */
    private static boolean changesSince(List<ChainLink> links, JsonNode report, String periodId, long approvalSequence,
                                        LocalDate start, LocalDate end, long version, PrintStream out) {
        boolean holds = true;
        PeriodFold fold = PeriodFold.upTo(links, approvalSequence);
        Map<Long, JsonNode> flagged = new LinkedHashMap<>();
        Map<Long, Touch> touching = new LinkedHashMap<>();
        // Changes flagged in any period, and those that needed a flag under the rule before cumulative figures were
        // flagged too (dated in a period approved then): only a change that needed none may go unflagged here.
        Set<Long> neededAFlagAnyway = new HashSet<>();
        Flags flags = flags(links);
        Map<String, Days> locked = new HashMap<>();
        for (ChainLink link : links) {
            String type = PeriodFold.typeName(link.type());
            JsonNode data = JSON.valueToTree(link.payload());
            if (type.equals("period-approved")) {
                locked.put(data.path("periodId").asText(), Days.of(data));
            } else if (type.equals("period-reopened")) {
                locked.remove(data.path("periodId").asText());
            }
            if (link.sequence() <= approvalSequence) {
                continue;
            }
            if (type.equals("period-reopened") && data.path("periodId").asText().equals(periodId)) {
                out.println("REOPENED by event " + link.sequence() + ": " + data.path("reason").asText()
                        + " (the period is no longer locked; changes after this are not flagged)");
                break;
            }
            if (type.equals("approved-period-changed")) {
                if (flagsIn(data, periodId)) {
                    flagged.put(data.path("changeSequence").asLong(),
                            ((com.fasterxml.jackson.databind.node.ObjectNode) data).put("sequence", link.sequence()));
                }
            } else {
                List<LocalDate> days = days(fold, type, data);
                Touch touch = touches(type, days, new Days(start, end));
                if (touch != Touch.NONE) {
                    touching.put(link.sequence(), touch);
                }
                if (touch == Touch.BEFORE_PERIOD && days.stream().anyMatch(d -> locked.values().stream()
                        .anyMatch(period -> period.contain(d)))) {
                    neededAFlagAnyway.add(link.sequence());
                }
            }
            fold.apply(link);
        }
        out.println("CHANGED SINCE APPROVAL: " + flagged.size() + (flagged.size() == 1 ? " change" : " changes"));
        flagged.forEach((change, flag) -> out.println("SINCE   event " + change + " " + flag.path("changeType").asText()
                + " " + flag.path("itemId").asText() + ", flagged by event " + flag.path("sequence").asLong()
                + ": " + flag.path("reason").asText()));
        for (var change : touching.entrySet()) {
            if (flagged.containsKey(change.getKey())) {
                continue;
            }
            if (change.getValue() == Touch.IN_PERIOD) {
                out.println("UNFLAGGED event " + change.getKey() + " changed " + periodId + " after its approval with "
                        + "no approved-period-changed: a change to a locked period without a reason");
                holds = false;
            } else if (neededAFlagAnyway.contains(change.getKey()) && !flags.changes().contains(change.getKey())) {
                // Dated in a period approved then, it needed a flag under either rule; flagged nowhere, one was
                // taken away.
                out.println("UNFLAGGED event " + change.getKey() + " changed " + periodId + "'s figures by its end, "
                        + "dated in a period approved then, with no approved-period-changed for any period: a change "
                        + "to a locked period without a reason");
                holds = false;
            } else if (change.getKey() > flags.byEndSince()) {
                // The history flagged such changes by then (that flag names a period none of its change's days are
                // in): from there on none goes unflagged, so this one's flag was taken away or narrowed.
                out.println("UNFLAGGED event " + change.getKey() + " changed " + periodId + "'s figures by its end "
                        + "with no approved-period-changed for it, though this history flags such changes since event "
                        + flags.byEndSince() + ": a change to a locked period without a reason");
                holds = false;
            } else {
                out.println("CUMULATIVE event " + change.getKey() + " changed " + periodId + "'s figures by its end "
                        + "(dated before it) with no approved-period-changed: recorded before such changes were "
                        + "flagged, or altered");
            }
        }
        // And the other way: every flag the export holds up to the version the report is of is listed (a report
        // lists at most the latest MAX_LISTED).
        Set<Long> listedChanges = new HashSet<>();
        report.path("changes").forEach(listed -> listedChanges.add(listed.path("changeSequence").asLong()));
        // A list cut to its latest says so (a report saved before it did: when it holds as many as a list may); a
        // cut list holds that many, and every flag from its oldest on.
        boolean complete = report.path("changesComplete").asBoolean(report.path("changes").size() < MAX_LISTED);
        Set<Long> twice = repeated(report.path("changes"), "changeSequence");
        if (!twice.isEmpty()) {
            out.println("MISMATCH changes: the report lists event(s) " + twice + " more than once");
            holds = false;
        }
        if (!complete && report.path("changes").size() != MAX_LISTED) {
            out.println("MISMATCH changes: the report says its list of changes is cut to the latest, yet lists "
                    + report.path("changes").size() + "; a cut list holds the " + MAX_LISTED + " latest");
            holds = false;
        }
        long oldestListed = complete ? Long.MIN_VALUE : java.util.stream.StreamSupport.stream(
                report.path("changes").spliterator(), false).mapToLong(c -> c.path("sequence").asLong())
                .min().orElse(Long.MIN_VALUE);
        for (var flag : flagged.entrySet()) {
            long flaggedBy = flag.getValue().path("sequence").asLong();
            if (flaggedBy <= version && flaggedBy >= oldestListed && !listedChanges.contains(flag.getKey())) {
                out.println("UNLISTED change: the export flags event " + flag.getKey() + " ("
                        + flag.getValue().path("reason").asText() + ") by event " + flaggedBy
                        + ", which the report, of event " + version + ", does not list");
                holds = false;
            }
        }
        for (JsonNode listed : report.path("changes")) {
            JsonNode flag = flagged.get(listed.path("changeSequence").asLong());
            if (flag == null || !flag.path("reason").asText().equals(listed.path("reason").asText())
                    || flag.path("sequence").asLong() != listed.path("sequence").asLong()) {
                out.println("MISSING change: the report lists event " + listed.path("changeSequence").asLong() + " ("
                        + listed.path("reason").asText() + "), flagged by event " + listed.path("sequence").asLong()
                        + "; the export holds no such flag");
                holds = false;
            }
        }
        return holds;
    }

    /**
     * Each earlier approval the report keeps, checked as the last one is: the export's event approves this period
     * at the head it names, which has that hash; its figures are what the events up to that head give; the step
     * that reopened it is the export's reopening of this period after it; and the changes it lists are the flags the
     * export holds between the two, neither more nor fewer (fewer only where the report says its list may be cut).
     */
    private static boolean earlierApprovals(List<ChainLink> links, JsonNode report, String periodId, PrintStream out) {
        boolean holds = true;
        long lastApproval = report.at("/approval/sequence").asLong();
        // A report reads the latest MAX_LISTED changes flagged before its last approval: an earlier approval that
        // stood before the oldest of those may have more than it lists, and says so; any other lists all.
        List<Long> flagsBeforeLast = links.stream().filter(link -> link.sequence() < lastApproval
                && PeriodFold.typeName(link.type()).equals("approved-period-changed")
                && flagsIn(JSON.valueToTree(link.payload()), periodId)).map(ChainLink::sequence).toList();
        long oldestRead = flagsBeforeLast.size() <= MAX_LISTED ? Long.MIN_VALUE
                : flagsBeforeLast.get(flagsBeforeLast.size() - MAX_LISTED);
        holds &= everyEarlierApprovalListed(report, lastApproval, out);
        for (JsonNode earlier : report.path("earlierApprovals")) {
            long sequence = earlier.at("/approval/sequence").asLong();
            long headSequence = earlier.at("/approval/headSequence").asLong();
            Optional<ApprovalFault> fault = notAsInExport(links, earlier.path("approval"), periodId);
            if (fault.isPresent()) {
                out.println("MISMATCH earlier " + fault.get().said());
                holds = false;
                continue;
            }
            holds &= approvedAsSaid("earlier approval by event " + sequence, earlier.path("approval"),
                    at(links, sequence).orElseThrow(), out);
            JsonNode figures = earlier.path("asApproved");
            List<String> differences = new ArrayList<>();
            if (figures.path("version").asLong(-1) != headSequence) {
                differences.add("version: the report says " + figures.path("version") + ", the approval's head is "
                        + headSequence);
            } else {
                differences.addAll(differences(figures, links));
            }
            differences.forEach(d -> out.println("MISMATCH earlier approval by event " + sequence + ": " + d));
            holds &= differences.isEmpty();
            long reopenedAt = earlier.at("/reopened/sequence").asLong(-1);
            Optional<ChainLink> reopening = at(links, reopenedAt);
            JsonNode reason = reopening.map(l -> (JsonNode) JSON.valueToTree(l.payload())).orElse(JSON.nullNode());
            if (reopening.isEmpty() || reopenedAt <= sequence
                    || !PeriodFold.typeName(reopening.get().type()).equals("period-reopened")
                    || !reason.path("periodId").asText().equals(periodId)) {
                out.println("MISMATCH earlier approval by event " + sequence + ": the report says event " + reopenedAt
                        + " reopened it; the export holds " + reopening.map(l -> PeriodFold.typeName(l.type()) + " "
                        + reason).orElse("no such event"));
                holds = false;
                continue;
            }
            Map<Long, Long> flaggedThen = new LinkedHashMap<>();
            for (ChainLink link : links) {
                JsonNode flag = JSON.valueToTree(link.payload());
                if (link.sequence() > sequence && link.sequence() < reopenedAt
                        && PeriodFold.typeName(link.type()).equals("approved-period-changed")
                        && flagsIn(flag, periodId)) {
                    flaggedThen.put(flag.path("changeSequence").asLong(), link.sequence());
                }
            }
            Set<Long> listed = new LinkedHashSet<>();
            earlier.path("changes").forEach(change -> listed.add(change.path("changeSequence").asLong()));
            boolean complete = earlier.path("changesComplete").asBoolean(true);
            if (!complete && sequence >= oldestRead) {
                // Cut only where one read could not reach: a list said cut that it did reach hides some.
                out.println("MISMATCH earlier approval by event " + sequence + ": the report says the changes "
                        + "flagged while it stood are cut, but the export flags " + flagsBeforeLast.size() + " in "
                        + periodId + " before the last approval, and the latest " + MAX_LISTED + " a report reads "
                        + "reach back before it");
                holds = false;
                complete = true;
            }
            if (!repeated(earlier.path("changes"), "changeSequence").isEmpty()) {
                out.println("MISMATCH earlier approval by event " + sequence + ": the report lists a change under it "
                        + "more than once");
                holds = false;
            }
            for (long change : listed) {
                if (!flaggedThen.containsKey(change)) {
                    out.println("MISSING change: the report lists event " + change + " under the approval by event "
                            + sequence + "; the export flags no such change while it stood");
                    holds = false;
                }
            }
            for (var flag : flaggedThen.entrySet()) {
                long change = flag.getKey();
                // A cut list holds every change the report read: those flagged from the oldest read on.
                if ((complete || flag.getValue() >= oldestRead) && !listed.contains(change)) {
                    out.println("UNLISTED change: the export flags event " + change + " while the approval by event "
                            + sequence + " stood, which the report does not list under it");
                    holds = false;
                }
            }
            if (differences.isEmpty()) {
                out.println("EARLIER approval by event " + sequence + " at head " + headSequence + ", reopened by event "
                        + reopenedAt + ": its figures are what events 0.." + headSequence + " give, "
                        + flaggedThen.size() + (flaggedThen.size() == 1 ? " change" : " changes") + " flagged while it stood");
            }
        }
        return holds;
    }

    /**
     * Each of the latest approvals before the last that the report's discussion names (checked against the export
     * step by step) is among its earlier approvals: a report keeps the {@value #EARLIER_KEPT} latest.
     */
    private static boolean everyEarlierApprovalListed(JsonNode report, long lastApproval, PrintStream out) {
        List<Long> approvals = new ArrayList<>();
        report.path("discussion").forEach(step -> {
            if (step.path("kind").asText().equals("approved") && step.path("sequence").asLong(-1) < lastApproval) {
                approvals.add(step.path("sequence").asLong());
            }
        });
        Set<Long> kept = new HashSet<>();
        report.path("earlierApprovals").forEach(e -> kept.add(e.at("/approval/sequence").asLong(-1)));
        boolean holds = true;
        for (long approval : approvals.subList(Math.max(0, approvals.size() - EARLIER_KEPT), approvals.size())) {
            if (!kept.contains(approval)) {
                out.println("UNLISTED earlier approval: the discussion names the approval by event " + approval
                        + ", which the report does not keep among its earlier approvals");
                holds = false;
            }
        }
        return holds;
    }

    /** Whether an approved-period-changed event's data names the period among those it flags a change in. */
    private static boolean flagsIn(JsonNode flag, String periodId) {
        for (JsonNode named : flag.path("periodIds")) {
            if (named.asText().equals(periodId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why an approval the report names is not the export's, or empty if it is: the last one and each earlier one
     * alike. An approval is the link right after the head it names: neither can change without breaking the chain.
     *
     * @param said   what the report says against what the export holds
     * @param failed why that fails the report
     */
    private record ApprovalFault(String said, String failed) {
    }

    private static Optional<ApprovalFault> notAsInExport(List<ChainLink> links, JsonNode approval, String periodId) {
        long approvalSequence = approval.path("sequence").asLong();
        long headSequence = approval.path("headSequence").asLong();
        String headHash = approval.path("headHash").asText();
        Optional<ChainLink> approved = at(links, approvalSequence);
        JsonNode data = approved.map(l -> (JsonNode) JSON.valueToTree(l.payload())).orElse(JSON.nullNode());
        if (approved.isEmpty() || !PeriodFold.typeName(approved.get().type()).equals("period-approved")
                || !data.path("periodId").asText().equals(periodId)
                || data.path("headSequence").asLong() != headSequence
                || !data.path("headHash").asText().equals(headHash) || approvalSequence != headSequence + 1) {
            return Optional.of(new ApprovalFault("approval: the report names event " + approvalSequence + " approving "
                    + periodId + " at head " + headSequence + " " + headHash + "; the export holds "
                    + approved.map(l -> PeriodFold.typeName(l.type()) + " " + data).orElse("no such event"),
                    "the export holds no such approval"));
        }
        Optional<ChainLink> head = at(links, headSequence);
        if (head.isEmpty() || !head.get().hash().equals(headHash)) {
            return Optional.of(new ApprovalFault("head: the report's approval names head " + headSequence
                    + " with hash " + headHash + ", the export's event " + headSequence + " has "
                    + head.map(ChainLink::hash).orElse("no hash"), "the approved head is not the export's"));
        }
        return Optional.empty();
    }

    /**
     * Whether the report names the approver and time the export's approval event carries (a report served to a
     * partner names no one: only its time is checked then).
     */
    private static boolean approvedAsSaid(String what, JsonNode approval, ChainLink approved, PrintStream out) {
        return recordedAsSaid(what, "approved", approval, approved, out);
    }

    /**
     * Whether a step the report names ({@code by} and {@code at}) was recorded by whom and when the export's event
     * says; {@code done} is what the step did, as the message says it ("approved").
     */
    private static boolean recordedAsSaid(String what, String done, JsonNode step, ChainLink recorded,
                                          PrintStream out) {
        boolean holds = true;
        JsonNode by = step.path("by");
        if (by.isObject()) {
            RecordedBy actor = RecordedBy.of(recorded);
            for (String part : RecordedBy.PARTS) {
                String said = by.path(part).isTextual() ? by.path(part).asText() : null;
                String was = actor.part(part);
                if (!java.util.Objects.equals(said, was)) {
                    out.println("MISMATCH " + what + ": the report says " + part + " " + said + ", the export's event "
                            + recorded.sequence() + " was recorded by " + part + " " + was);
                    holds = false;
                }
            }
        }
        if (step.path("at").isTextual()) {
            try {
                java.time.Instant said = java.time.Instant.parse(step.path("at").asText());
                java.time.Instant at = java.time.OffsetDateTime.parse(recorded.recordedAt()).toInstant();
                if (!said.equals(at)) {
                    out.println("MISMATCH " + what + ": the report says it was " + done + " at " + said + ", the "
                            + "export's event " + recorded.sequence() + " was recorded at " + at);
                    holds = false;
                }
            } catch (java.time.format.DateTimeParseException | NullPointerException unreadable) {
                out.println("MISMATCH " + what + ": the report's time " + step.path("at").asText()
                        + " is no time the export's event " + recorded.sequence() + " can be compared with");
                holds = false;
            }
        }
        return holds;
    }

    /**
     * The event the report is of, which what it lists (changes, steps of its discussion) must reach: its
     * {@code asCorrectedSince.version}, checked with its figures, and its {@code version}, which must be the same;
     * without either, the export's last event; and no earlier than the approval or any event the report names, as a
     * report said to be of an earlier event would be excused from listing what came before them. Empty, with the
     * MISMATCH printed, where the two versions differ.
     */
    private static Optional<Long> versionOf(List<ChainLink> links, JsonNode report, long approvalSequence,
                                            PrintStream out) {
        JsonNode figures = report.path("asCorrectedSince").path("version");
        JsonNode top = report.path("version");
        if (figures.isIntegralNumber() && top.isIntegralNumber() && figures.asLong() != top.asLong()) {
            out.println("MISMATCH version: the report says it is of event " + top.asLong() + ", its figures as "
                    + "corrected since of event " + figures.asLong());
            return Optional.empty();
        }
        long version = figures.isIntegralNumber() ? figures.asLong() : top.isIntegralNumber() ? top.asLong()
                : links.isEmpty() ? -1 : links.get(links.size() - 1).sequence();
        long named = approvalSequence;
        for (JsonNode step : report.path("discussion")) {
            named = Math.max(named, step.path("sequence").asLong(-1));
        }
        for (JsonNode change : report.path("changes")) {
            named = Math.max(named, change.path("sequence").asLong(-1));
        }
        // A step or change read a moment after the figures (the service reads them one after the other) is later
        // than the version they are of: the lists are then held to that later event, never to an earlier one.
        return Optional.of(Math.max(version, named));
    }

    /** The sequences a list names more than once, by the member naming them: a list repeats nothing. */
    private static Set<Long> repeated(JsonNode list, String member) {
        Set<Long> seen = new HashSet<>();
        Set<Long> twice = new java.util.TreeSet<>();
        list.forEach(item -> {
            if (!seen.add(item.path(member).asLong(-1))) {
                twice.add(item.path(member).asLong(-1));
            }
        });
        return twice;
    }

    /** The steps of a report's discussion, as the events that take them are named. */
    private static final Set<String> STEPS = Set.of("period-submitted", "period-returned", "period-approved",
            "period-reopened");

    /**
     * The report's discussion is the export's: each step is the event it names, taking that step in this period,
     * with its comment (a reopening's reason), by whom and when the event says; and every submission, return,
     * approval and reopening of the period the export holds up to the version the report is of is a step of it (a
     * report lists at most its {@value #MAX_LISTED} latest). What a reader of the saved report is told was said
     * about the figures is then what was said.
     */
    private static boolean discussion(List<ChainLink> links, JsonNode report, String periodId, long version,
                                      PrintStream out) {
        JsonNode steps = report.path("discussion");
        if (!steps.isArray()) {
            out.println("MISMATCH discussion: the report has none; the export's steps of " + periodId
                    + " cannot be compared with it");
            return false;
        }
        Map<Long, ChainLink> bySequence = new HashMap<>();
        links.forEach(link -> bySequence.put(link.sequence(), link));
        boolean holds = true;
        Set<Long> twice = repeated(steps, "sequence");
        if (!twice.isEmpty() || steps.size() > MAX_LISTED) {
            out.println("MISMATCH discussion: the report lists " + (twice.isEmpty() ? steps.size() + " steps, more "
                    + "than a discussion holds (" + MAX_LISTED + ")" : "event(s) " + twice + " more than once"));
            holds = false;
        }
        // Who took each step is given on every step or, for a partner, on none.
        long named = java.util.stream.StreamSupport.stream(steps.spliterator(), false)
                .filter(step -> step.path("by").isObject()).count();
        if (named != 0 && named != steps.size()) {
            out.println("MISMATCH discussion: the report names who took " + named + " of its " + steps.size()
                    + " steps: one left out is one hidden");
            holds = false;
        }
        Set<Long> listed = new HashSet<>();
        for (JsonNode step : steps) {
            long sequence = step.path("sequence").asLong(-1);
            if (!step.path("at").isTextual()) {
                out.println("MISMATCH discussion step " + sequence + ": the report gives no time for it");
                holds = false;
            }
            listed.add(sequence);
            String kind = step.path("kind").asText();
            ChainLink event = bySequence.get(sequence);
            JsonNode data = event == null ? JSON.nullNode() : JSON.valueToTree(event.payload());
            String said = step.path("comment").asText("");
            String recorded = data.path(kind.equals("reopened") ? "reason" : "comment").asText("");
            if (event == null || !PeriodFold.typeName(event.type()).equals("period-" + kind)
                    || !data.path("periodId").asText().equals(periodId) || !said.equals(recorded)) {
                out.println("MISMATCH discussion: the report says event " + sequence + " " + kind + " " + periodId
                        + " saying \"" + said + "\"; the export holds " + (event == null ? "no such event"
                        : PeriodFold.typeName(event.type()) + " " + data));
                holds = false;
                continue;
            }
            holds &= recordedAsSaid("discussion step " + sequence, kind, step, event, out);
        }
        long oldest = steps.size() < MAX_LISTED ? -1 : listed.stream().mapToLong(Long::longValue).min().orElse(-1);
        for (ChainLink link : links) {
            String type = PeriodFold.typeName(link.type());
            if (link.sequence() <= version && link.sequence() >= oldest && STEPS.contains(type)
                    && !listed.contains(link.sequence())
                    && JSON.valueToTree(link.payload()).path("periodId").asText().equals(periodId)) {
                out.println("UNLISTED step: the export's event " + link.sequence() + " is " + type + " of " + periodId
                        + ", which the report, of event " + version + ", does not list in its discussion");
                holds = false;
            }
        }
        if (holds) {
            out.println("DISCUSSION OK: " + steps.size() + (steps.size() == 1 ? " step" : " steps") + ", each the "
                    + "export's event with what it said, by whom and when");
        }
        return holds;
    }

    /** How an event changes an approved period's figures: what the command side must flag in it. */
    private enum Touch {
        NONE,
        /** A fact dated in the period, or the definition every period's figures share. */
        IN_PERIOD,
        /** A fact dated before the period: only its cumulative figures (and percent of target) by its end. */
        BEFORE_PERIOD
    }

    /**
     * Whether an event changes a figure of the period, and how. A redefinition changes an indicator's target, name or
     * breakdowns in every period; a fact dated in or before the period, the figures it counts in or by its end.
     */
    private static Touch touches(String type, List<LocalDate> days, Days period) {
        switch (type) {
            case "indicator-redefined" -> {
                return Touch.IN_PERIOD;
            }
            // Flagged since the command side asks a reason for it, but not before: histories recorded then are
            // no less intact for holding one unflagged.
            case "indicator-defined" -> {
                return Touch.NONE;
            }
            default -> {
            }
        }
        if (days.stream().anyMatch(period::contain)) {
            return Touch.IN_PERIOD;
        }
        return days.stream().anyMatch(d -> d.isBefore(period.first())) ? Touch.BEFORE_PERIOD : Touch.NONE;
    }

    /**
     * What the export flags: every change flagged in some period, and the first flag that names an approved period
     * none of its change's days fall in, from which on the history flags changes of figures by a period's end
     * ({@link Long#MAX_VALUE} if it never does).
     */
    private record Flags(Set<Long> changes, long byEndSince) {
    }

    private static Flags flags(List<ChainLink> links) {
        PeriodFold fold = PeriodFold.upTo(links, -1);
        Set<Long> changes = new HashSet<>();
        long byEndSince = Long.MAX_VALUE;
        Map<Long, List<LocalDate>> daysOf = new HashMap<>();
        Map<String, Days> approved = new HashMap<>();
        for (ChainLink link : links) {
            String type = PeriodFold.typeName(link.type());
            JsonNode data = JSON.valueToTree(link.payload());
            if (type.equals("period-approved")) {
                approved.put(data.path("periodId").asText(), Days.of(data));
            } else if (type.equals("approved-period-changed")) {
                long change = data.path("changeSequence").asLong();
                changes.add(change);
                List<LocalDate> days = daysOf.getOrDefault(change, List.of());
                for (JsonNode named : data.path("periodIds")) {
                    Days period = approved.get(named.asText());
                    if (byEndSince == Long.MAX_VALUE && period != null && !days.isEmpty()
                            && days.stream().noneMatch(period::contain)) {
                        byEndSince = link.sequence();
                    }
                }
            } else {
                daysOf.put(link.sequence(), days(fold, type, data));
            }
            fold.apply(link);
        }
        return new Flags(changes, byEndSince);
    }

    /** An approved period's first and last day. */
    private record Days(LocalDate first, LocalDate last) {
        static Days of(JsonNode approved) {
            return new Days(day(approved.path("start")), day(approved.path("end")));
        }

        boolean contain(LocalDate day) {
            return first != null && last != null && !day.isBefore(first) && !day.isAfter(last);
        }
    }

    /**
     * The days a change of a fact is dated, those the export knows: a correction's before and after, a retraction's
     * of what it took away.
     */
    private static List<LocalDate> days(PeriodFold before, String type, JsonNode data) {
        List<LocalDate> days = new ArrayList<>();
        switch (type) {
            case "indicator-redefined", "indicator-defined" -> {
                return days;
            }
            case "activity-corrected" -> {
                days.add(before.activityDate(data.path("activityId").asText()));
                days.add(day(data.path("corrected").path("occurredOn")));
            }
            case "activity-retracted" -> days.add(before.activityDate(data.path("activityId").asText()));
            case "indicator-measured" -> days.add(day(data.path("measuredOn")));
            case "measurement-corrected" -> {
                days.add(before.measurementDate(data.path("measurementId").asText()));
                days.add(day(data.path("measuredOn")));
            }
            case "measurement-retracted" -> days.add(before.measurementDate(data.path("measurementId").asText()));
            default -> days.add(day(data.path("occurredOn")));
        }
        // A fact the export does not date (an activity it never recorded) has no day to be in a period.
        days.removeIf(java.util.Objects::isNull);
        return days;
    }

    private static LocalDate day(JsonNode value) {
        return value.isTextual() ? LocalDate.parse(value.asText()) : null;
    }

    /**
     * The figures today, from the whole export, beside the approved ones; and the report's own "as corrected since",
     * when the export reaches the event those were of, checked against the events up to it.
     */
    private static boolean asCorrectedSince(List<ChainLink> links, JsonNode report, String periodId, LocalDate start,
                                            LocalDate end, Map<String, JsonNode> approved, PrintStream out) {
        PeriodFold whole = PeriodFold.upTo(links, Long.MAX_VALUE);
        Map<String, JsonNode> now = flatten(whole.figures(periodId, start, end));
        for (String figure : union(approved, now)) {
            JsonNode was = approved.get(figure);
            JsonNode is = now.get(figure);
            out.println("NOW     " + figure + " = " + text(is) + (same(was, is) || notKept(figure, was) ? ""
                    : " (approved: " + text(was) + ")"));
        }
        JsonNode corrected = report.path("asCorrectedSince");
        if (corrected.isMissingNode() || corrected.isNull()) {
            return true;
        }
        long version = corrected.path("version").asLong();
        if (version > whole.last()) {
            out.println("NOTE    the report's asCorrectedSince is of event " + version + ", after the export's last ("
                    + whole.last() + "): not checked");
            return true;
        }
        List<String> differences = differences(corrected, links);
        differences.forEach(difference -> out.println("MISMATCH asCorrectedSince " + difference));
        if (differences.isEmpty()) {
            out.println("AS CORRECTED SINCE OK: " + flatten(corrected).size() + " figures equal what events 0.."
                    + version + " give");
        }
        return differences.isEmpty();
    }

    /**
     * What a report's figures (its {@code asApproved} or {@code asCorrectedSince}: period, days and the version they
     * are of) say that the export's events up to that version do not give, one line per figure; empty if all agree.
     */
    public static List<String> differences(JsonNode figures, Path exportFile) throws IOException {
        return differences(figures, ExportFiles.copy(exportFile, null).links());
    }

    private static List<String> differences(JsonNode figures, List<ChainLink> links) {
        long version = figures.path("version").asLong();
        Map<String, JsonNode> then = flatten(PeriodFold.upTo(links, version).figures(figures.path("periodId").asText(),
                LocalDate.parse(figures.path("start").asText()), LocalDate.parse(figures.path("end").asText())));
        Map<String, JsonNode> said = flatten(figures);
        List<String> differences = new ArrayList<>();
        for (String figure : union(said, then)) {
            if (!same(said.get(figure), then.get(figure)) && !notKept(figure, said.get(figure))) {
                differences.add(figure + ": the report says " + text(said.get(figure)) + ", events 0.." + version
                        + " give " + text(then.get(figure)));
            }
        }
        return differences;
    }

    private static Optional<ChainLink> at(List<ChainLink> links, long sequence) {
        return links.stream().filter(l -> l.sequence() == sequence).findFirst();
    }

    /** The project's registration before {@code sequence} (the latest, as a replay of the history would take it). */
    private static ChainLink registrationBefore(List<ChainLink> links, long sequence) {
        return links.stream().filter(l -> l.sequence() < sequence
                && PeriodFold.typeName(l.type()).equals("project-registered")).reduce((earlier, later) -> later)
                .orElse(null);
    }

    private static Set<String> union(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /**
     * Figures by name: {@code totals.participants.bySex.female}, {@code byMunicipality.Prizren.activities},
     * {@code indicators.kec-1.achieved}. List items are named by their municipality or indicator. The period's days
     * and the version are the approval's, checked above, not figures.
     */
    public static Map<String, JsonNode> flatten(JsonNode figures) {
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        for (String part : List.of("totals", "byMunicipality", "indicators")) {
            flatten(part, figures.path(part), flat);
        }
        return flat;
    }

    private static void flatten(String name, JsonNode node, Map<String, JsonNode> flat) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(name + "." + e.getKey(), e.getValue(), flat));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String key = item.has("indicatorId") ? item.path("indicatorId").asText()
                        : item.path("municipality").asText();
                item.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("indicatorId") && !e.getKey().equals("municipality")) {
                        flatten(name + "." + key + "." + e.getKey(), e.getValue(), flat);
                    }
                });
            }
        } else if (!node.isMissingNode() && flat.putIfAbsent(name, node) != null) {
            throw new TwoFigures(name);
        }
    }

    /** A report naming one figure twice (an indicator listed twice, say): a reader could be shown either. */
    static final class TwoFigures extends IllegalArgumentException {
        TwoFigures(String name) {
            super("the figure " + name + " appears more than once");
        }
    }

    /**
     * Whether a report says nothing of whether an indicator measured anything by the period's end, or in it: a
     * report saved before Kronika kept the one (read models schema 10) holds no {@code nothingMeasuredByEnd}, one
     * saved before it gave the other no {@code nothingMeasured}, and their figures, checked on their own, read as
     * given. Not a figure that changed: not a mismatch.
     */
    private static boolean notKept(String figure, JsonNode said) {
        return figure.startsWith("indicators.")
                && (figure.endsWith(".nothingMeasuredByEnd") || figure.endsWith(".nothingMeasured"))
                && (said == null || said.isNull());
    }

    /** Numbers by value (12 and 12.0 are the same figure), a count absent from a breakdown as zero, text as text. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            JsonNode present = a == null ? b : a;
            return present == null || (present.isNumber() && present.doubleValue() == 0);
        }
        if (a.isNull() || b.isNull()) {
            return a.isNull() && b.isNull();
        }
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        return a.isNumber() == b.isNumber() && a.asText().equals(b.asText());
    }

    private static String text(JsonNode value) {
        if (value == null) {
            // Not in the figures at all, which a figure that is there but says none must not read as.
            return "(absent)";
        }
        if (value.isNull()) {
            return "(none)";
        }
        if (value.isNumber()) {
            BigDecimal number = BigDecimal.valueOf(value.doubleValue()).stripTrailingZeros();
            return number.scale() <= 0 ? number.toBigInteger().toString() : number.toPlainString();
        }
        return value.asText();
    }
}
