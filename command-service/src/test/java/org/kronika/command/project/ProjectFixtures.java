package org.kronika.command.project;

import org.kronika.command.config.ProgrammeConfig;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The programme reference data the service ships with, for tests of the rules. */
public final class ProjectFixtures {

    private ProjectFixtures() {
    }

    public static Programme programme() {
        try {
            return new ProgrammeConfig().programme(new ClassPathResource("org/kronika/events/programme.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The programme file's quarters as its reporting calendar defines them (calendar {@code quarters}). */
    public static ReportingPeriods periods(Programme programme) {
        return periodId -> programme.reportingPeriods().stream().filter(q -> q.periodId().equals(periodId))
                .findFirst().map(q -> new ReportingPeriod(q.periodId(), "quarters", q.periodId(), q.start(), q.end(),
                        q.end().plusDays(30)));
    }

    public static ActivityDecoder decoder() {
        return new ProgrammeConfig().activityDecoder();
    }
}
