package org.kronika.verifier;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A closure's final reports as the command side lists them (command-service's {@code ProjectTerms.periodsOf}): each
 * period once, in the order of its start, then of its end and id, for periods of two calendars starting together.
 */
final class FinalReportOrder {

    /** A named period's days, as the programme's calendar or the period's approval gives them. */
    record Span(String periodId, LocalDate start, LocalDate end) {
    }

    private static final Comparator<Span> BY_START = Comparator.comparing(Span::start).thenComparing(Span::end)
            .thenComparing(Span::periodId);

    private FinalReportOrder() {
    }

    /**
     * What the closure's list breaks of that order: a period named more than once ({@code REPEATED}), and periods
     * named in another order than their start's ({@code UNORDERED}). A period whose days nothing gives is left out of
     * the order (its report was never approved, which is a finding of its own).
     *
     * @param which the closure, as a finding names it ("the closure by event 7")
     */
    static List<String> findings(String projectId, String which, List<String> named,
                                 Function<String, Optional<Span>> days) {
        List<String> findings = new ArrayList<>();
        Map<String, Integer> times = new LinkedHashMap<>();
        named.forEach(periodId -> times.merge(periodId, 1, Integer::sum));
        times.forEach((periodId, count) -> {
            if (count > 1) {
                findings.add("REPEATED " + projectId + ": " + which + " names " + periodId + " " + count + " times "
                        + "among its final reports: a closure names each period once");
            }
        });
        List<Span> listed = times.keySet().stream().map(days).flatMap(Optional::stream).toList();
        List<Span> byStart = listed.stream().sorted(BY_START).toList();
        if (!listed.equals(byStart)) {
            findings.add("UNORDERED " + projectId + ": " + which + " names its final reports in the order "
                    + listed.stream().map(Span::periodId).collect(Collectors.joining(", "))
                    + (listed.size() < times.size() ? " (of those whose days are known)" : "") + "; by their start "
                    + "they are " + byStart.stream().map(span -> span.periodId() + " (" + span.start() + " to "
                    + span.end() + ")").collect(Collectors.joining(", ")) + ": a closure names its final reports "
                    + "in the order of their start");
        }
        return findings;
    }
}
