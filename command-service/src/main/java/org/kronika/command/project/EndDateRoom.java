package org.kronika.command.project;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How far an amendment may move a project's end date: not before its start, nor before anything the project
 * recorded, reported on or targets, which would be left outside the project's own dates.
 */
final class EndDateRoom {

    private EndDateRoom() {
    }

    /** Refuses with the first that stands in the way, each naming what to undo before the end date can move. */
    static void require(LocalDate end, ProjectTerms terms, Activities activities, Measurements measurements,
                        Logframe logframe, PeriodReports reports, ReportingPeriods periods) {
        Rules.date("endDate", end);
        terms.requireEndNotBeforeStart(end);
        if (!terms.endsEarlierThanNow(end)) {
            // Kept or moved later, it leaves nothing outside the project that was inside; held to the rest, an end
            // date stated as it is (a form sending every field) was refused for a target past it from before that
            // was refused, and so was an extension.
            return;
        }
        // What was recorded stays inside the project: outside, it could be neither corrected nor reopened.
        activities.lastDay().filter(day -> day.isAfter(end)).ifPresent(day -> {
            throw new ProjectRuleViolation("endDate", "must not be before " + day
                    + ", the day of the project's latest activity; retract or correct it first");
        });
        measurements.lastDay().filter(day -> day.isAfter(end)).ifPresent(day -> {
            throw new ProjectRuleViolation("endDate", "must not be before " + day
                    + ", the day of the project's latest measurement; retract or correct it first");
        });
        List<String> reported = reports.reportedAfter(end, periods);
        if (!reported.isEmpty()) {
            throw new ProjectRuleViolation("endDate", "must not be before the start of " + reported
                    + ", whose report is submitted or approved: return or reopen it first");
        }
        Map<String, List<String>> targeted = logframe.targetedAfter(end, periods);
        if (!targeted.isEmpty()) {
            throw new ProjectRuleViolation("endDate", "must not be before the start of the periods indicators "
                    + "target, " + targeted.entrySet().stream().map(target -> target.getValue() + " by indicator "
                    + target.getKey()).collect(Collectors.joining(", ")) + ": redefine those period targets first");
        }
    }
}
