package org.kronika.verifier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kronika.verifier.ClosureCheckTest.P;
import static org.kronika.verifier.ClosureCheckTest.map;

/**
 * Each event of a history is recorded by the one role the command side takes its command from (an administrator
 * registers and keeps the logframe, a recorder records and submits, an officer returns and approves), and a flag of a
 * change to approved periods by the role of the change it follows, in whose command it is recorded. An event recorded
 * by another role, or naming none, is a finding naming the role found and the one required.
 */
class EventRolesTest {

    @TempDir
    Path folder;

    @Test
    void anEventRecordedByARoleThatMayNotSendItsCommandIsUnauthorised() throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        Copies.append(events, P, "project-registered", registration(), Copies.RECORDER);
        Copies.append(events, P, "indicator-defined", indicator(), Copies.OFFICER);
        Copies.append(events, P, "training-delivered", training("t-1", "2024-08-10"), Copies.OFFICER);
        Copies.append(events, P, "period-submitted", map("projectId", P, "periodId", "2024-Q3", "comment", "Done"),
                Copies.ADMIN);
        Copies.append(events, P, "period-approved", map("projectId", P, "periodId", "2024-Q3", "start", "2024-07-01",
                "end", "2024-09-30", "headSequence", 3, "headHash", events.get(3).get("hash"), "comment", "OK"),
                Copies.RECORDER);

        assertThat(verify(events)).startsWith("OK      p-c: 5 events")
                .contains("UNAUTHORISED p-c: event 0 registers the project, recorded by the role recorder "
                        + "(recorder-kec); a registration is recorded by the role admin")
                .contains("UNAUTHORISED p-c: event 1 defines an indicator, recorded by the role officer "
                        + "(officer-director); an indicator's definition is recorded by the role admin")
                .contains("UNAUTHORISED p-c: event 2 records an activity (training-delivered), recorded by the role "
                        + "officer (officer-director); an activity is recorded by the role recorder")
                .contains("UNAUTHORISED p-c: event 3 submits a period's report, recorded by the role admin "
                        + "(admin-programme); a submission is recorded by the role recorder")
                .contains("UNAUTHORISED p-c: event 4 approves a period's report, recorded by the role recorder "
                        + "(recorder-kec); an approval is recorded by the role officer")
                .contains("FAILED  p-c: its chain holds, but its history does not keep the rules of who records what "
                        + "and of a closure (5 findings above)")
                .endsWith("exit 1");
    }

    @Test
    void eachEventRecordedByTheRoleThatSendsItsCommandVerifies() throws Exception {
        List<Map<String, Object>> events = ClosureCheckTest.reported();
        Copies.append(events, P, "indicator-defined", indicator());
        Copies.append(events, P, "approved-period-changed", flag(7, "indicator-defined", "score"));
        Copies.append(events, P, "period-reopened", map("projectId", P, "periodId", "2024-Q4", "reason", "Late"));
        // A type of a later contract: every reader passes it over, and so does the check of who records it.
        Copies.append(events, P, "grant-disbursed", map("projectId", P, "amount", 1000));

        assertThat(verify(events)).startsWith("OK      p-c: 11 events").doesNotContain("UNAUTHORISED", "FAILED")
                .endsWith("exit 0");
    }

    /**
     * A flag is recorded in the command of the change it follows: an administrator's redefinition is flagged by the
     * administrator, a recorder's late activity by the recorder. A flag by another role than its change's, or one
     * that follows no change it could flag, is no flag the command side recorded.
     */
    @Test
    void aFlagOfAChangeToApprovedPeriodsIsRecordedByTheRoleOfTheChangeItFollows() throws Exception {
        List<Map<String, Object>> events = ClosureCheckTest.reported();
        Copies.append(events, P, "indicator-redefined", map("projectId", P, "indicatorId", "score", "target", 12,
                "reason", "The donor raised it"));
        Copies.append(events, P, "approved-period-changed", flag(7, "indicator-redefined", "score"));
        Copies.append(events, P, "training-delivered", training("t-3", "2024-09-20"));
        Copies.append(events, P, "approved-period-changed", flag(9, "training-delivered", "t-3"));
        assertThat(verify(events)).startsWith("OK      p-c: 11 events").doesNotContain("UNAUTHORISED")
                .endsWith("exit 0");

        List<Map<String, Object>> byTheRecorder = ClosureCheckTest.reported();
        Copies.append(byTheRecorder, P, "indicator-redefined", map("projectId", P, "indicatorId", "score", "target",
                12, "reason", "The donor raised it"));
        Copies.append(byTheRecorder, P, "approved-period-changed", flag(7, "indicator-redefined", "score"),
                Copies.RECORDER);
        assertThat(verify(byTheRecorder)).contains("UNAUTHORISED p-c: event 8 flags a change of approved periods, "
                + "recorded by the role recorder (recorder-kec); a flag is recorded with the change it follows, "
                + "event 7 (indicator-redefined), by its role admin").contains("(1 finding above)").endsWith("exit 1");

        List<Map<String, Object>> afterNoChange = ClosureCheckTest.reported();
        Copies.append(afterNoChange, P, "approved-period-changed", flag(6, "period-approved", "2024-Q4"),
                Copies.OFFICER);
        assertThat(verify(afterNoChange)).contains("UNAUTHORISED p-c: event 7 flags a change of approved periods, "
                + "recorded by the role officer (officer-director); a flag is recorded with the change it follows, and "
                + "event 6 (period-approved) is no change it flags").endsWith("exit 1");
    }

    /**
     * A later contract may record a change of approved periods' figures this verifier does not know, flagged in its
     * command: who may record the flag is the change's, which is as unknown here as the change itself, so the flag is
     * passed over with it. A flag after a type this verifier knows to flag nothing is still no flag the command side
     * recorded.
     */
    @Test
    void aFlagFollowingATypeOfALaterContractIsPassedOverAsThatTypeIsAndOneFollowingAKnownTypeIsNot()
            throws Exception {
        List<Map<String, Object>> events = ClosureCheckTest.reported();
        Copies.append(events, P, "indicator-retired", map("projectId", P, "indicatorId", "score"), Copies.ADMIN);
        Copies.append(events, P, "approved-period-changed", flag(7, "indicator-retired", "score"), Copies.ADMIN);
        Copies.append(events, P, "activity-archived", map("projectId", P, "activityId", "t-1"), Copies.RECORDER);
        Copies.append(events, P, "approved-period-changed", flag(9, "activity-archived", "t-1"), Copies.RECORDER);
        assertThat(verify(events)).startsWith("OK      p-c: 11 events").doesNotContain("UNAUTHORISED", "FAILED")
                .endsWith("exit 0");

        List<Map<String, Object>> afterARegistration = new ArrayList<>();
        Copies.append(afterARegistration, P, "project-registered", registration());
        Copies.append(afterARegistration, P, "approved-period-changed", flag(0, "project-registered", P),
                Copies.ADMIN);
        assertThat(verify(afterARegistration)).contains("UNAUTHORISED p-c: event 1 flags a change of approved "
                + "periods, recorded by the role admin (admin-programme); a flag is recorded with the change it "
                + "follows, and event 0 (project-registered) is no change it flags").endsWith("exit 1");

        List<Map<String, Object>> first = new ArrayList<>();
        Copies.append(first, P, "approved-period-changed", flag(0, "indicator-retired", "score"), Copies.ADMIN);
        assertThat(verify(first)).as("a flag that follows nothing").contains("UNAUTHORISED p-c: event 0 flags a "
                + "change of approved periods, recorded by the role admin (admin-programme); a flag is recorded with "
                + "the change it follows, and no event is no change it flags").endsWith("exit 1");
    }

    /**
     * The command side names the role of every caller in the chain: the chain came after roles, hashing the actor
     * from its first event, and the one command sent without a request (the programme file's quarters) names the
     * administrator. An event naming no role was not recorded by it.
     */
    @Test
    void anEventNamingNoRoleIsUnauthorised() throws Exception {
        List<Map<String, Object>> events = ClosureCheckTest.reported();
        Copies.append(events, P, "training-delivered", training("t-3", "2024-12-05"),
                Map.of("subject", "recorder-kec", "organisation", "kec"));
        Copies.append(events, P, "training-delivered", training("t-4", "2024-12-06"), Map.of());

        assertThat(verify(events)).contains("UNAUTHORISED p-c: event 7 records an activity (training-delivered), "
                        + "recorded with no role (recorder-kec); an activity is recorded by the role recorder")
                .contains("UNAUTHORISED p-c: event 8 records an activity (training-delivered), recorded with no role; "
                        + "an activity is recorded by the role recorder")
                .contains("(2 findings above)").endsWith("exit 1");
    }

    /**
     * A recorder records for the projects of its own organisation only: the command side refuses its commands to a
     * project registered for another ({@code 403}), whatever its role allows. An event of a recorder of another
     * organisation, or of none, a flag in its command too, is a finding naming both organisations.
     */
    @Test
    void anEventOfARecorderOfAnotherOrganisationThanTheProjectsIsUnauthorised() throws Exception {
        Map<String, Object> ofKomf = Map.of("subject", "recorder-komf", "role", "recorder", "organisation", "komf");
        List<Map<String, Object>> events = ClosureCheckTest.reported();
        Copies.append(events, P, "training-delivered", training("t-3", "2024-09-20"), ofKomf);
        Copies.append(events, P, "approved-period-changed", flag(7, "training-delivered", "t-3"), ofKomf);
        Copies.append(events, P, "training-delivered", training("t-4", "2024-12-06"),
                Map.of("subject", "recorder-kec", "role", "recorder"));

        String ruled = "the project is registered for the organisation kec (event 0), and the role recorder records "
                + "only for projects of its own organisation";
        assertThat(verify(events)).startsWith("OK      p-c: 10 events")
                .contains("UNAUTHORISED p-c: event 7 records an activity (training-delivered), recorded by the role "
                        + "recorder (recorder-komf) of the organisation komf; " + ruled)
                .contains("UNAUTHORISED p-c: event 8 flags a change of approved periods, recorded by the role "
                        + "recorder (recorder-komf) of the organisation komf; " + ruled)
                .contains("UNAUTHORISED p-c: event 9 records an activity (training-delivered), recorded by the role "
                        + "recorder (recorder-kec) of no organisation; " + ruled)
                .contains("(3 findings above)").endsWith("exit 1");
    }

    private static Map<String, Object> registration() {
        return map("projectId", P, "organisationId", "kec", "title", "Clubs", "municipalities", List.of("Prizren"),
                "startDate", "2024-07-01", "endDate", "2024-12-31");
    }

    private static Map<String, Object> indicator() {
        return map("projectId", P, "indicatorId", "score", "name", "Media score", "unit", "score", "counts",
                "measured", "aggregation", "latest", "baseline", 2, "target", 10, "periodTargets", List.of(),
                "dimensions", List.of());
    }

    private static Map<String, Object> training(String activityId, String on) {
        return map("projectId", P, "activityId", activityId, "title", "Training", "occurredOn", on, "participants",
                map("total", 10));
    }

    private static Map<String, Object> flag(long changeSequence, String changeType, String itemId) {
        return map("projectId", P, "periodIds", List.of("2024-Q3", "2024-Q4"), "changeSequence", changeSequence,
                "changeType", changeType, "itemId", itemId, "reason", "Recorded late");
    }

    private String verify(List<Map<String, Object>> events) throws Exception {
        Path export = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(export, Copies.lines(events));
        var out = new ByteArrayOutputStream();
        int exit = VerifyCli.run(new String[]{"--file", export.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8) + "exit " + exit;
    }
}
