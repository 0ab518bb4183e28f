package org.kronika.verifier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A closed project's history ends at its closure unless a reopening follows it; a reopening follows a closure; a
 * closure gives the project's end date and, as its final reports, every period the project reports on, each
 * approved. Each breach is a finding of its own, in an export whose chain holds (the forger recomputed the hashes,
 * or the command side broke a rule).
 */
class ClosureCheckTest {

    static final String P = "p-c";
    private static final String NOTHING_AFTER = "the last event of its history: nothing was recorded after it";

    @TempDir
    Path folder;

    @Test
    void aClosedHistoryVerifiesAndSaysWhenItWasClosedAndThatNothingWasRecordedAfter() throws Exception {
        List<Map<String, Object>> events = closedHistory();

        assertThat(verify(events)).startsWith("OK      p-c: 8 events, head " + events.get(7).get("hash"))
                .contains("CLOSED  p-c by event 7 at 2026-11-27T10:07:00.5Z (officer-director, officer): \"Final "
                        + "reports approved\"; it ended 2024-12-31, final reports 2024-Q3, 2024-Q4; " + NOTHING_AFTER)
                .contains("NOTE    p-c: a closure's final reports are held to the periods its history reports on "
                        + "(submitted, returned, approved or reopened); a period of the project never reported on is "
                        + "not seen: an export holds the project's own events, not the programme's calendar")
                .doesNotContain("FAILED").endsWith("exit 0");
    }

    @Test
    void anEventRecordedWhileClosedIsAFindingUntilTheReopening() throws Exception {
        List<Map<String, Object>> events = closedHistory();
        training(events, "t-3", "2024-12-20");
        Copies.append(events, P, "indicator-measured", map("projectId", P, "indicatorId", "score", "measurementId",
                "s-1", "measuredOn", "2024-12-30", "value", 4));

        assertThat(verify(events)).startsWith("OK      p-c: 10 events")
                .doesNotContain(NOTHING_AFTER)
                .contains("WHILE CLOSED p-c: event 8 (training-delivered) was recorded at 2026-11-27T10:08:00.5Z "
                        + "while the project was closed (by event 7 at 2026-11-27T10:07:00.5Z), and 1 event after it, "
                        + "before the end of the history: nothing but a reopening is recorded in a closed project")
                .contains("FAILED  p-c: its chain holds, but its history does not keep the rules of who records "
                        + "what and of a closure (1 finding above)")
                .endsWith("exit 1");

        reopen(events);
        assertThat(verify(events)).contains("WHILE CLOSED p-c: event 8 (training-delivered) was recorded at "
                        + "2026-11-27T10:08:00.5Z while the project was closed (by event 7 at 2026-11-27T10:07:00.5Z), "
                        + "and 1 event after it, before its reopening by event 10")
                .contains("REOPENED p-c by event 10 at 2026-11-27T10:10:00.5Z (admin-programme, admin): \"Two "
                        + "trainings were never recorded\"")
                .endsWith("exit 1");
    }

    @Test
    void aReopeningOfAProjectThatIsNotClosedIsAFinding() throws Exception {
        List<Map<String, Object>> open = reported();
        reopen(open);
        assertThat(verify(open)).contains("NOT CLOSED p-c: event 7 reopens the project, which was never closed: "
                + "only a closed project is reopened").doesNotContain("REOPENED").endsWith("exit 1");

        List<Map<String, Object>> twice = closedHistory();
        reopen(twice);
        reopen(twice);
        assertThat(verify(twice)).contains("REOPENED p-c by event 8")
                .contains("NOT CLOSED p-c: event 9 reopens the project, which was reopened by event 8 since it was "
                        + "last closed").endsWith("exit 1");
    }

    @Test
    void aClosureNamingAReportNotApprovedAtItIsAFinding() throws Exception {
        List<Map<String, Object>> submitted = submitted();
        close(submitted, "2024-12-31", List.of("2024-Q3", "2024-Q4", "2025-Q1"));
        assertThat(verify(submitted))
                .contains("UNAPPROVED p-c: the closure by event 6 names 2024-Q4 among its final reports, whose report "
                        + "was submitted by event 5, not approved then: a closure's final reports are each approved")
                .contains("UNAPPROVED p-c: the closure by event 6 names 2025-Q1 among its final reports, whose report "
                        + "was never submitted then")
                .doesNotContain("2024-Q3 among").contains("(2 findings above)").endsWith("exit 1");

        List<Map<String, Object>> reopened = reported();
        reopenReport(reopened, "A sheet was missing");
        close(reopened, "2024-12-31", List.of("2024-Q3", "2024-Q4"));
        assertThat(verify(reopened)).contains("UNAPPROVED p-c: the closure by event 8 names 2024-Q4 among its final "
                        + "reports, whose report was reopened by event 7 since its approval by event 6 then")
                .endsWith("exit 1");
    }

    /**
     * A closure makes the figures final, so each final report must be approved as it stands: one whose figures
     * changed after its last approval (flagged by approved-period-changed) is not, until it is approved again.
     */
    @Test
    void aClosureNamingAReportChangedSinceItsLastApprovalIsAFinding() throws Exception {
        List<Map<String, Object>> changed = reported();
        training(changed, "t-3", "2024-12-05");
        flag(changed, List.of("2024-Q4"), 7, "training-delivered", "t-3");
        training(changed, "t-4", "2024-12-06");
        flag(changed, List.of("2024-Q4"), 9, "training-delivered", "t-4");
        close(changed, "2024-12-31", List.of("2024-Q3", "2024-Q4"));
        assertThat(verify(changed)).contains("UNAPPROVED p-c: the closure by event 11 names 2024-Q4 among its final "
                        + "reports, whose report was approved by event 6, but changed by event 7 since (flagged by "
                        + "event 8) then: a closure's final reports are each approved, as they stand")
                .doesNotContain("2024-Q3 among").contains("(1 finding above)").endsWith("exit 1");

        List<Map<String, Object>> approvedAgain = reported();
        training(approvedAgain, "t-3", "2024-12-05");
        flag(approvedAgain, List.of("2024-Q4"), 7, "training-delivered", "t-3");
        reopenReport(approvedAgain, "A late training");
        approve(approvedAgain, "2024-Q4", "2024-10-01", "2024-12-31");
        close(approvedAgain, "2024-12-31", List.of("2024-Q3", "2024-Q4"));
        assertThat(verify(approvedAgain)).contains("CLOSED  p-c by event 12").doesNotContain("UNAPPROVED", "FAILED")
                .endsWith("exit 0");
    }

    /**
     * The closure reads the calendar when it is handled, so a period defined at the same time may be recorded a
     * moment before the closure yet be missing from it: within the commit grace (a minute, plus any clock skew
     * given) that is a note, not a finding; defined earlier, it is UNLISTED; defined after, none of the closure's.
     */
    @Test
    void aPeriodDefinedWithinTheGraceBeforeTheClosureAndMissingFromItIsNotedNotUnlisted() {
        List<Map<String, Object>> events = closedHistory();
        // The closure, event 7, was recorded at 10:07:00.5.
        ClosureCheck.Calendar calendar = new ClosureCheck.Calendar(Map.of(
                "2024-H2", new ClosureCheck.Period("2024-H2", java.time.LocalDate.parse("2024-07-01"),
                        java.time.LocalDate.parse("2024-12-31"), "2026-11-27T10:06:30Z")), null);

        assertThat(check(events, calendar, ChainCheck.COMMIT_GRACE)).contains("NOTE    p-c: the closure by event 7 "
                        + "leaves out 2024-H2 (2024-07-01 to 2024-12-31), a period the project reports on, never "
                        + "reported on, defined at 2026-11-27T10:06:30Z, within PT1M before the closure: the closure "
                        + "may have read the calendar before it was defined, so it is not held to it")
                .doesNotContain("UNLISTED", "FAILED").endsWith("holds true");
        assertThat(check(events, calendar, java.time.Duration.ofSeconds(10))).as("a grace shorter than the gap")
                .contains("UNLISTED p-c: the closure by event 7 leaves out 2024-H2 (2024-07-01 to 2024-12-31)")
                .doesNotContain("NOTE").endsWith("holds false");
    }

    @Test
    void aClosureLeavingOutAPeriodTheProjectReportsOnIsAFinding() throws Exception {
        List<Map<String, Object>> approved = reported();
        close(approved, "2024-12-31", List.of("2024-Q3"));
        assertThat(verify(approved)).contains("UNLISTED p-c: the closure by event 7 leaves out 2024-Q4 (2024-10-01 to "
                + "2024-12-31), a period the project reports on, whose report was approved by event 6: a closure "
                + "names every period of the project as its final reports, each approved").endsWith("exit 1");

        List<Map<String, Object>> submitted = submitted();
        close(submitted, "2024-12-31", List.of("2024-Q3"));
        assertThat(verify(submitted)).contains("UNLISTED p-c: the closure by event 6 leaves out 2024-Q4, a period the "
                + "project reports on, whose report was submitted by event 5, not approved").endsWith("exit 1");
    }

    /**
     * A period whose report was returned or reopened is open again, and the project's end may move before it: it
     * is then no longer one the project reports on. Where its approval gave its days, that is known; where nothing
     * the verifier holds gives them, it says so rather than guessing.
     */
    @Test
    void aPeriodTheProjectNoLongerReportsOnMayBeLeftOutAndOneItCannotTellIsNoted() throws Exception {
        List<Map<String, Object>> reopened = reported();
        reopenReport(reopened, "Early end");
        amendEnd(reopened, "2024-09-30");
        close(reopened, "2024-09-30", List.of("2024-Q3"));
        assertThat(verify(reopened)).contains("CLOSED  p-c by event 9").doesNotContain("2024-Q4").endsWith("exit 0");

        List<Map<String, Object>> returned = submitted();
        Copies.append(returned, P, "period-returned", map("projectId", P, "periodId", "2024-Q4", "comment", "No"));
        amendEnd(returned, "2024-09-30");
        close(returned, "2024-09-30", List.of("2024-Q3"));
        assertThat(verify(returned)).contains("NOTE    p-c: the closure by event 8 leaves out 2024-Q4, whose report "
                + "was returned by event 6; the project's end date has moved earlier since, to 2024-09-30, and what "
                + "the check holds does not give the period's days, so whether the project still reports on it is "
                + "not checked").doesNotContain("UNLISTED").endsWith("exit 0");
    }

    /**
     * A closure lists its final reports as the command side does: each period once, in the order of their start,
     * then of their end and id (a half-year starts with its first quarter). Another order, or a period named twice,
     * is a finding; the days are the calendar's where the check holds it, else the approvals'.
     */
    @Test
    void aClosureNamingItsFinalReportsOutOfTheOrderOfTheirStartOrOneTwiceIsAFinding() throws Exception {
        List<Map<String, Object>> reversed = reported();
        close(reversed, "2024-12-31", List.of("2024-Q4", "2024-Q3"));
        String unordered = "UNORDERED p-c: the closure by event 7 names its final reports in the order 2024-Q4, "
                + "2024-Q3; by their start they are 2024-Q3 (2024-07-01 to 2024-09-30), 2024-Q4 (2024-10-01 to "
                + "2024-12-31): a closure names its final reports in the order of their start";
        assertThat(verify(reversed)).contains(unordered).doesNotContain("REPEATED", "UNLISTED", "UNAPPROVED")
                .contains("(1 finding above)").endsWith("exit 1");
        ClosureCheck.Calendar quarters = new ClosureCheck.Calendar(Map.of(
                "2024-Q3", period("2024-Q3", "2024-07-01", "2024-09-30"),
                "2024-Q4", period("2024-Q4", "2024-10-01", "2024-12-31")), null);
        assertThat(check(reversed, quarters, ChainCheck.COMMIT_GRACE)).as("the calendar's days").contains(unordered)
                .endsWith("holds false");

        List<Map<String, Object>> twice = reported();
        close(twice, "2024-12-31", List.of("2024-Q3", "2024-Q4", "2024-Q3"));
        assertThat(verify(twice)).contains("REPEATED p-c: the closure by event 7 names 2024-Q3 2 times among its "
                        + "final reports: a closure names each period once")
                .doesNotContain("UNORDERED").contains("(1 finding above)").endsWith("exit 1");

        List<Map<String, Object>> halfYear = reported();
        approve(halfYear, "2024-H2", "2024-07-01", "2024-12-31");
        List<Map<String, Object>> byStartAlone = Copies.copy(halfYear);
        close(byStartAlone, "2024-12-31", List.of("2024-H2", "2024-Q3", "2024-Q4"));
        assertThat(verify(byStartAlone)).contains("UNORDERED p-c: the closure by event 9 names its final reports in "
                + "the order 2024-H2, 2024-Q3, 2024-Q4; by their start they are 2024-Q3 (2024-07-01 to 2024-09-30), "
                + "2024-H2 (2024-07-01 to 2024-12-31), 2024-Q4 (2024-10-01 to 2024-12-31)").endsWith("exit 1");
        close(halfYear, "2024-12-31", List.of("2024-Q3", "2024-H2", "2024-Q4"));
        assertThat(verify(halfYear)).contains("CLOSED  p-c by event 9").doesNotContain("UNORDERED", "FAILED")
                .endsWith("exit 0");
    }

    /**
     * The command side closes a project only once the programme's today is after its end date, and stamps the closure
     * with the clock that told it today: a closure whose time falls, in the programme's time zone (the programme
     * file's, Europe/Tirane), on or before the end date is EARLY. 23:30 UTC on the last day is already the next day
     * in Tirane, but not in UTC. Only the closure's time counts (the events before it carry the tests' usual times).
     */
    @Test
    void aClosureRecordedBeforeTheDayAfterTheProjectsEndIsEarlyByTheProgrammesDay() throws Exception {
        List<Map<String, Object>> lastEvening = reported();
        closeAt(lastEvening, "2024-12-31T22:59:59.999Z");
        assertThat(verify(lastEvening)).contains("EARLY p-c: the closure by event 7 was recorded at "
                        + "2024-12-31T22:59:59.999Z, on 2024-12-31 in Europe/Tirane; the project ends 2024-12-31 "
                        + "(event 0) and can be closed from 2025-01-01: a project is closed once it has ended")
                .contains("(1 finding above)").endsWith("exit 1");

        List<Map<String, Object>> afterMidnightInTirane = reported();
        closeAt(afterMidnightInTirane, "2024-12-31T23:00:00Z");
        assertThat(verify(afterMidnightInTirane)).contains("CLOSED  p-c by event 7").doesNotContain("EARLY", "FAILED")
                .endsWith("exit 0");
        assertThat(verify(afterMidnightInTirane, "--time-zone", "UTC")).as("a programme counting its days in UTC")
                .contains("EARLY p-c: the closure by event 7 was recorded at 2024-12-31T23:00:00Z, on 2024-12-31 in "
                        + "UTC; the project ends 2024-12-31 (event 0) and can be closed from 2025-01-01")
                .endsWith("exit 1");

        List<Map<String, Object>> noTime = reported();
        closeAt(noTime, "New Year's Eve");
        assertThat(verify(noTime)).as("a time no day can be read from").contains("EARLY p-c: the closure by event 7 "
                + "was recorded at New Year's Eve, which is no time; the project ends 2024-12-31 (event 0) and can be "
                + "closed from 2025-01-01").endsWith("exit 1");

        List<Map<String, Object>> amendedLater = reported();
        amendEnd(amendedLater, "2025-01-31");
        Copies.append(amendedLater, P, "project-closed", map("projectId", P, "endDate", "2025-01-31", "periodIds",
                List.of("2024-Q3", "2024-Q4"), "comment", null), Copies.OFFICER, "2025-01-15T09:00:00Z");
        assertThat(verify(amendedLater)).as("the end date as amended by then").contains("EARLY p-c: the closure by "
                + "event 8 was recorded at 2025-01-15T09:00:00Z, on 2025-01-15 in Europe/Tirane; the project ends "
                + "2025-01-31 (event 7) and can be closed from 2025-02-01").endsWith("exit 1");
    }

    @Test
    void aClosureGivingAnotherEndDateThanTheProjectsIsMisdated() throws Exception {
        List<Map<String, Object>> early = reported();
        close(early, "2024-11-30", List.of("2024-Q3", "2024-Q4"));
        assertThat(verify(early)).contains("MISDATED p-c: the closure by event 7 gives the project's end date as "
                + "2024-11-30; as registered and amended by then it ends 2024-12-31 (event 0)").endsWith("exit 1");

        List<Map<String, Object>> amended = reported();
        amendEnd(amended, "2025-01-31");
        List<Map<String, Object>> asRegistered = Copies.copy(amended);
        close(asRegistered, "2024-12-31", List.of("2024-Q3", "2024-Q4"));
        assertThat(verify(asRegistered)).contains("MISDATED p-c: the closure by event 8 gives the project's end date "
                + "as 2024-12-31; as registered and amended by then it ends 2025-01-31 (event 7)").endsWith("exit 1");
        close(amended, "2025-01-31", List.of("2024-Q3", "2024-Q4"));
        assertThat(verify(amended)).doesNotContain("MISDATED").endsWith("exit 0");
    }

    @Test
    void aClosureOfAClosedProjectIsClosedTwiceNotAnEventWhileClosed() throws Exception {
        List<Map<String, Object>> events = closedHistory();
        close(events, "2024-12-31", List.of("2024-Q3", "2024-Q4"));
        assertThat(verify(events)).contains("CLOSED TWICE p-c: event 8 closes the project again, closed by event 7 at "
                        + "2026-11-27T10:07:00.5Z with no reopening between: a closed project is reopened before it is "
                        + "closed again").doesNotContain("WHILE CLOSED").contains("(1 finding above)")
                .endsWith("exit 1");
    }

    @Test
    void aProjectClosedReopenedRecordedInAndClosedAgainVerifies() throws Exception {
        List<Map<String, Object>> events = closedHistory();
        reopen(events);
        reopenReport(events, "Two trainings were never recorded");
        training(events, "t-3", "2024-12-05");
        approve(events, "2024-Q4", "2024-10-01", "2024-12-31");
        close(events, "2024-12-31", List.of("2024-Q3", "2024-Q4"));

        assertThat(verify(events)).startsWith("OK      p-c: 14 events")
                .contains("CLOSED  p-c by event 7 at 2026-11-27T10:07:00.5Z")
                .contains("REOPENED p-c by event 8 at 2026-11-27T10:08:00.5Z (admin-programme, admin): \"Two "
                        + "trainings were never recorded\"")
                .contains("CLOSED  p-c by event 13 at 2026-11-27T10:13:00.5Z (officer-director, officer): \"Final "
                        + "reports approved\"; it ended 2024-12-31, final reports 2024-Q3, 2024-Q4; " + NOTHING_AFTER)
                .doesNotContain("FAILED", "WHILE CLOSED", "NOT CLOSED", "UNAPPROVED", "UNLISTED").endsWith("exit 0");
    }

    /**
     * Closing out is an officer's and reopening an administrator's, as the command side lets them (so the officer who
     * closed a project cannot reopen it): either recorded by another role, or by none, is a finding naming the role
     * found and the one required.
     */
    @Test
    void aClosureOrReopeningRecordedByARoleThatMayNotRecordItIsUnauthorised() throws Exception {
        List<Map<String, Object>> byRecorder = reported();
        close(byRecorder, "2024-12-31", List.of("2024-Q3", "2024-Q4"), Copies.RECORDER);
        assertThat(verify(byRecorder)).contains("CLOSED  p-c by event 7 at 2026-11-27T10:07:00.5Z (recorder-kec, "
                        + "recorder)")
                .contains("UNAUTHORISED p-c: event 7 closes the project, recorded by the role recorder "
                        + "(recorder-kec); a closure is recorded by the role officer")
                .contains("(1 finding above)").endsWith("exit 1");

        List<Map<String, Object>> reopenedByItsCloser = closedHistory();
        reopen(reopenedByItsCloser, Copies.OFFICER);
        close(reopenedByItsCloser, "2024-12-31", List.of("2024-Q3", "2024-Q4"), Copies.ADMIN);
        assertThat(verify(reopenedByItsCloser)).contains("REOPENED p-c by event 8")
                .contains("UNAUTHORISED p-c: event 8 reopens the project, recorded by the role officer "
                        + "(officer-director); a reopening is recorded by the role admin")
                .contains("UNAUTHORISED p-c: event 9 closes the project, recorded by the role admin (admin-programme); "
                        + "a closure is recorded by the role officer")
                .doesNotContain("event 7 closes").contains("(2 findings above)").endsWith("exit 1");

        List<Map<String, Object>> byNoRole = reported();
        close(byNoRole, "2024-12-31", List.of("2024-Q3", "2024-Q4"), Map.of("subject", "officer-director"));
        assertThat(verify(byNoRole)).contains("UNAUTHORISED p-c: event 7 closes the project, recorded with no role "
                + "(officer-director); a closure is recorded by the role officer").endsWith("exit 1");
    }

    /** Registered for the second half of 2024; 2024-Q3 and 2024-Q4 reported and approved (events 0 to 6). */
    static List<Map<String, Object>> reported() {
        List<Map<String, Object>> events = new ArrayList<>();
        Copies.append(events, P, "project-registered", map("projectId", P, "organisationId", "kec", "title", "Clubs",
                "municipalities", List.of("Prizren"), "startDate", "2024-07-01", "endDate", "2024-12-31"));
        training(events, "t-1", "2024-08-10");
        approve(events, "2024-Q3", "2024-07-01", "2024-09-30");
        training(events, "t-2", "2024-11-10");
        approve(events, "2024-Q4", "2024-10-01", "2024-12-31");
        return events;
    }

    /** {@link #reported()} up to 2024-Q4's submission, not approved (events 0 to 5). */
    private static List<Map<String, Object>> submitted() {
        return new ArrayList<>(reported().subList(0, 6));
    }

    /** {@link #reported()}, closed with both reports (event 7). */
    static List<Map<String, Object>> closedHistory() {
        List<Map<String, Object>> events = reported();
        close(events, "2024-12-31", List.of("2024-Q3", "2024-Q4"));
        return events;
    }

    /** Closed by the officer, as the command side lets only an officer close. */
    static void close(List<Map<String, Object>> events, String endDate, List<String> periodIds) {
        close(events, endDate, periodIds, Copies.OFFICER);
    }

    private static void close(List<Map<String, Object>> events, String endDate, List<String> periodIds,
                              Map<String, Object> by) {
        Copies.append(events, P, "project-closed", map("projectId", P, "endDate", endDate, "periodIds", periodIds,
                "comment", "Final reports approved"), by);
    }

    private static void closeAt(List<Map<String, Object>> events, String recordedAt) {
        Copies.append(events, P, "project-closed", map("projectId", P, "endDate", "2024-12-31", "periodIds",
                List.of("2024-Q3", "2024-Q4"), "comment", "Final reports approved"), Copies.OFFICER, recordedAt);
    }

    /** Reopened by the administrator, as the command side lets only an administrator reopen. */
    private static void reopen(List<Map<String, Object>> events) {
        reopen(events, Copies.ADMIN);
    }

    private static void reopen(List<Map<String, Object>> events, Map<String, Object> by) {
        Copies.append(events, P, "project-reopened", map("projectId", P, "reason",
                "Two trainings were never recorded"), by);
    }

    /** 2024-Q4's approved report reopened by the administrator, as the command side lets only an administrator. */
    private static void reopenReport(List<Map<String, Object>> events, String reason) {
        Copies.append(events, P, "period-reopened", map("projectId", P, "periodId", "2024-Q4", "reason", reason));
    }

    private static void flag(List<Map<String, Object>> events, List<String> periodIds, long changeSequence,
                             String changeType, String itemId) {
        Copies.append(events, P, "approved-period-changed", map("projectId", P, "periodIds", periodIds,
                "changeSequence", changeSequence, "changeType", changeType, "itemId", itemId, "reason",
                "Recorded late"));
    }

    private static void approve(List<Map<String, Object>> events, String periodId, String start, String end) {
        Copies.append(events, P, "period-submitted", map("projectId", P, "periodId", periodId, "comment", "Done"));
        Map<String, Object> head = events.get(events.size() - 1);
        Copies.append(events, P, "period-approved", map("projectId", P, "periodId", periodId, "start", start,
                "end", end, "headSequence", head.get("sequence"), "headHash", head.get("hash"), "comment", "OK"));
    }

    private static void amendEnd(List<Map<String, Object>> events, String endDate) {
        Copies.append(events, P, "project-details-amended", map("projectId", P, "title", null, "summary", null,
                "endDate", endDate, "reason", "The donor moved the end"));
    }

    private static void training(List<Map<String, Object>> events, String activityId, String on) {
        Copies.append(events, P, "training-delivered", map("projectId", P, "activityId", activityId, "title",
                "Training", "occurredOn", on, "participants", map("total", 10)));
    }

    private String verify(List<Map<String, Object>> events, String... more) throws Exception {
        Path export = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(export, Copies.lines(events));
        var out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--file", export.toString()));
        args.addAll(List.of(more));
        int exit = VerifyCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8) + "exit " + exit;
    }

    /** The closure check alone, over a calendar, as the topic's check runs it once the chain holds. */
    private String check(List<Map<String, Object>> events, ClosureCheck.Calendar calendar,
                         java.time.Duration grace) {
        try {
            Path export = Files.createTempFile(folder, "export", ".jsonl");
            Files.writeString(export, Copies.lines(events));
            var out = new ByteArrayOutputStream();
            boolean holds = ClosureCheck.holds(ExportFiles.copy(export, P), calendar, grace,
                    ClosingDay.PROGRAMME_ZONE, new PrintStream(out, true, StandardCharsets.UTF_8));
            return out.toString(StandardCharsets.UTF_8) + "holds " + holds;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ClosureCheck.Period period(String periodId, String start, String end) {
        return new ClosureCheck.Period(periodId, java.time.LocalDate.parse(start), java.time.LocalDate.parse(end),
                "2024-06-01T08:00:00Z");
    }

    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
