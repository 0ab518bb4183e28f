package org.kronika.query.projection;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The programme's reporting periods, read from the reference data published with the event contract, so both
 * sides agree on what "2024-Q3" means.
 */
public record ReportingPeriods(List<Period> periods) {

    public record Period(String periodId, LocalDate start, LocalDate end) {
    }

    private record Programme(List<Period> reportingPeriods) {
    }

    /** The programme file published with the event contract. */
    public static ReportingPeriods ofProgramme() {
        return read(ReportingPeriods.class.getResourceAsStream("/org/kronika/events/programme.json"));
    }

    /** Another programme file, for a deployment whose periods differ: give both services the same file. */
    public static ReportingPeriods read(InputStream source) {
        try (InputStream in = source) {
            Programme programme = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, Programme.class);
            return new ReportingPeriods(List.copyOf(programme.reportingPeriods()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the programme's reporting periods", e);
        }
    }

    public Optional<Period> containing(LocalDate date) {
        return periods.stream().filter(p -> !date.isBefore(p.start()) && !date.isAfter(p.end())).findFirst();
    }

    public Optional<Period> byId(String periodId) {
        return periods.stream().filter(p -> p.periodId().equals(periodId)).findFirst();
    }
}
