package org.kronika.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.kronika.events.checkpoint.SignedCheckpoints;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kronika.verifier.ClosureCheckTest.map;

/**
 * A report's check reads its export against the checkpoint as {@code --file} does, so it takes what that reading
 * takes: an approval's checkpoint allows no commit's grace past the approval, only the clocks of the instances
 * ({@code --clock-skew}), which the auditor can give here too.
 */
class ReportOptionsTest {

    private static final String P = "p-a";
    private static final String APPROVED_AT = "2026-11-27T10:03:00.000Z";

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path folder;

    /**
     * The event after the approval was recorded by another instance, whose clock ran 200 ms behind the approving
     * one: against the approval's checkpoint it is UNSIGNED without a skew, and the report holds with one.
     */
    @Test
    void aReportCheckedAgainstItsApprovalsCheckpointAllowsTheClockSkewTheAuditorGives() throws Exception {
        List<Map<String, Object>> events = approvedThenRecordedByASlowerClock();
        KeyPair key = SignedCheckpoints.newKey();
        Path checkpoint = folder.resolve("checkpoint.jws");
        Files.writeString(checkpoint, SignedCheckpoints.sign(Checkpoint.of("test-programme",
                "2026-11-27T10:03:00.300Z", List.of(new Head(P, 3, (String) events.get(3).get("hash"))),
                "approval " + P + " 2024-Q1"), "k1", key.getPrivate()));
        Path keys = folder.resolve("jwks.json");
        Files.writeString(keys, json.writeValueAsString(Map.of("keys",
                List.of(SignedCheckpoints.jwk("k1", key.getPublic())))));
        Path report = report(events);
        Path export = export(events);
        String[] asked = {"--report", report.toString(), "--file", export.toString(), "--checkpoint",
                checkpoint.toString(), "--keys", keys.toString()};

        assertThat(run(asked)).contains("UNSIGNED p-a: event 4 was recorded at 2026-11-27T10:02:59.800Z, before the "
                        + "approval the checkpoint signs (" + APPROVED_AT + ")")
                .contains("FAILED  p-a 2024-Q1: the export does not hold (above), so it backs no figure")
                .endsWith("exit 1");
        assertThat(run(with(asked, "--clock-skew", "PT1S"))).doesNotContain("UNSIGNED", "FAILED", "MISMATCH")
                .contains("OK      p-a: 5 events").contains("reaches the checkpoint's event 3 unchanged")
                .contains("OK      p-a 2024-Q1: every approved figure is backed by the events up to the approved "
                        + "head, signed")
                .endsWith("exit 0");
        assertThat(run(with(asked, "--clock-skew", "PT0.1S"))).as("a skew short of the 200 ms")
                .contains("UNSIGNED p-a: event 4").endsWith("exit 1");
    }

    /** The skew is read and refused as beside --file: a duration, not negative, and only with a checkpoint. */
    @Test
    void aClockSkewBesideAReportIsHeldToTheRulesItIsHeldToBesideAnExport() throws Exception {
        List<Map<String, Object>> events = approvedThenRecordedByASlowerClock();
        String[] asked = {"--report", report(events).toString(), "--file", export(events).toString()};

        assertThat(run(with(asked, "--clock-skew", "PT1S"))).startsWith("usage: --clock-skew needs --checkpoint "
                + "CHECKPOINT.jws beside --report").endsWith("exit 2");
        Path checkpoint = folder.resolve("any.jws");
        Path keys = folder.resolve("any.json");
        String[] signed = with(asked, "--checkpoint", checkpoint.toString(), "--keys", keys.toString());
        assertThat(run(with(signed, "--clock-skew", "5m"))).startsWith("usage: --clock-skew takes an ISO-8601 "
                + "duration, e.g. PT5M, not 5m").endsWith("exit 2");
        assertThat(run(with(signed, "--clock-skew", "-PT1S"))).startsWith("usage: --clock-skew -PT1S is negative")
                .endsWith("exit 2");
    }

    /**
     * An export that holds no event, or breaks before any line names a project, is what its chain's check says it
     * is (EMPTY, BROKEN), backing no figure: not another project's export.
     */
    @Test
    void aReportAgainstAnEmptyOrGarbledExportSaysWhatTheExportIsNotThatItIsAnotherProjects() throws Exception {
        List<Map<String, Object>> events = approvedThenRecordedByASlowerClock();
        String report = report(events).toString();
        String failed = "FAILED  p-a 2024-Q1: the export does not hold (above), so it backs no figure\nexit 1";

        Path empty = Files.createTempFile(folder, "empty", ".jsonl");
        assertThat(run("--report", report, "--file", empty.toString()))
                .isEqualTo("EMPTY   the file holds no event\n" + failed);
        Path garbage = Files.writeString(Files.createTempFile(folder, "garbage", ".jsonl"), "<html>Sign in</html>\n");
        assertThat(run("--report", report, "--file", garbage.toString())).startsWith("BROKEN  " + Copy.UNNAMED
                + " at event 0: line 1 is not one JSON object").endsWith(failed).doesNotContain("WRONG EXPORT");
        Path another = Files.writeString(Files.createTempFile(folder, "another", ".jsonl"),
                Copies.lines(Copies.chain("p-b", 2)));
        assertThat(run("--report", report, "--file", another.toString()))
                .isEqualTo("WRONG EXPORT: the report is of p-a, the export of p-b\nexit 1");
    }

    /** A report file saved empty (a request that failed, written anyway) is nothing to check, not a period's. */
    @Test
    void anEmptyReportFileIsEmptyNotAPeriodNotApproved() throws Exception {
        String export = export(approvedThenRecordedByASlowerClock()).toString();
        for (String nothing : List.of("", "\n", " \r\n")) {
            Path emptyReport = Files.writeString(Files.createTempFile(folder, "report", ".json"), nothing);
            assertThat(run("--report", emptyReport.toString(), "--file", export)).as("[%s]", nothing)
                    .isEqualTo("EMPTY   the report file holds no report\nexit 1");
        }
    }

    /**
     * Read as JSON is by most tools, a report followed by more (another report) was checked by its first value while
     * a viewer may show the second; a report saved in Latin-1 stopped the check with "Input length = 1", naming no
     * file.
     */
    @Test
    void aReportFileIsReadAsStrictlyAsEveryOtherInput() throws Exception {
        List<Map<String, Object>> events = approvedThenRecordedByASlowerClock();
        Path report = report(events);
        String export = export(events).toString();
        assertThat(run("--report", report.toString(), "--file", export)).endsWith("exit 0");

        String text = Files.readString(report);
        Path twoReports = Files.writeString(folder.resolve("two.json"), text + text.replace("\"OK\"", "\"Fine\""));
        assertThat(run("--report", twoReports.toString(), "--file", export))
                .startsWith("MISMATCH the report file holds more after the report: ").doesNotContain("OK ")
                .endsWith("exit 1");

        Path latin1 = folder.resolve("latin1.json");
        Files.write(latin1, text.replace("\"Done\"", "\"P\u00ebrfunduar\"").getBytes(StandardCharsets.ISO_8859_1));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        assertThat(VerifyCli.run(new String[]{"--report", latin1.toString(), "--file", export},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: " + latin1 + " is not UTF-8 text");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /**
     * An export whose hashes were computed again may hold anything: an event that gives no day is a changed copy
     * (exit 1), not an input that cannot be read (exit 2, "Text '' could not be parsed").
     */
    @Test
    void anExportWhoseEventGivesNoDayIsAMismatchNotAnError() throws Exception {
        List<Map<String, Object>> events = approvedThenRecordedByASlowerClock();
        Path report = report(events);
        for (String day : List.of("", "someday", "2024-02-30")) {
            List<Map<String, Object>> changed = new ArrayList<>(events.subList(0, 4));
            Copies.append(changed, P, "training-delivered", training("t-1", day), Copies.RECORDER,
                    "2026-11-27T10:02:59.800Z");
            assertThat(run("--report", report.toString(), "--file", export(changed).toString())).as(day)
                    .contains("MISMATCH").contains("no date: \"" + day + "\"").doesNotContain("error")
                    .endsWith("exit 1");
        }
    }

    /**
     * A quarter's activity, submitted and approved by event 3 at {@link #APPROVED_AT}; then an activity of the next
     * quarter recorded 200 ms earlier by the clock of the instance that recorded it.
     */
    private static List<Map<String, Object>> approvedThenRecordedByASlowerClock() {
        List<Map<String, Object>> events = new ArrayList<>();
        Copies.append(events, P, "project-registered", map("projectId", P, "organisationId", "kec", "title", "Clubs",
                "municipalities", List.of("Prizren"), "startDate", "2024-01-01", "endDate", "2025-12-31"),
                Copies.ADMIN, "2026-11-27T10:00:00.000Z");
        Copies.append(events, P, "training-delivered", training("t-0", "2024-03-10"), Copies.RECORDER,
                "2026-11-27T10:01:00.000Z");
        Copies.append(events, P, "period-submitted", map("projectId", P, "periodId", "2024-Q1", "comment", "Done"),
                Copies.RECORDER, "2026-11-27T10:02:00.000Z");
        Copies.append(events, P, "period-approved", map("projectId", P, "periodId", "2024-Q1", "start", "2024-01-01",
                "end", "2024-03-31", "headSequence", 2, "headHash", events.get(2).get("hash"), "comment", "OK"),
                Copies.OFFICER, APPROVED_AT);
        Copies.append(events, P, "training-delivered", training("t-1", "2024-04-10"), Copies.RECORDER,
                "2026-11-27T10:02:59.800Z");
        return events;
    }

    private static Map<String, Object> training(String activityId, String on) {
        return map("projectId", P, "activityId", activityId, "title", "Training", "occurredOn", on,
                "participants", map("total", 10, "bySex", map("female", 6, "male", 4)));
    }

    /** The period's report as the query service serves it to a partner, its figures those of the events. */
    private Path report(List<Map<String, Object>> events) throws Exception {
        List<org.kronika.events.chain.ChainLink> links = new ArrayList<>();
        for (Map<String, Object> event : events) {
            links.add(ExportFiles.link(event, P));
        }
        LocalDate start = LocalDate.parse("2024-01-01");
        LocalDate end = LocalDate.parse("2024-03-31");
        ObjectNode asApproved = PeriodFold.upTo(links, 2).figures("2024-Q1", start, end);
        asApproved.put("periodId", "2024-Q1").put("start", "2024-01-01").put("end", "2024-03-31").put("version", 2);
        ObjectNode now = PeriodFold.upTo(links, 4).figures("2024-Q1", start, end);
        now.put("periodId", "2024-Q1").put("start", "2024-01-01").put("end", "2024-03-31").put("version", 4);
        Map<String, Object> report = map("projectId", P, "periodId", "2024-Q1", "status", "approved", "version", 4,
                "approval", map("sequence", 3, "headSequence", 2, "headHash", events.get(2).get("hash"),
                        "at", APPROVED_AT),
                "asApproved", asApproved, "asCorrectedSince", now, "changes", List.of(),
                "discussion", List.of(map("kind", "submitted", "sequence", 2, "comment", "Done", "at",
                                events.get(2).get("recordedAt")),
                        map("kind", "approved", "sequence", 3, "comment", "OK", "at", APPROVED_AT)));
        Path file = Files.createTempFile(folder, "report", ".json");
        Files.writeString(file, json.writeValueAsString(report));
        return file;
    }

    private Path export(List<Map<String, Object>> events) throws Exception {
        Path file = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(file, Copies.lines(events));
        return file;
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String run(String... args) {
        var out = new ByteArrayOutputStream();
        int exit = VerifyCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8) + "exit " + exit;
    }
}
