package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A reviewing officer closed the project out: its grant has ended and every report it owed is approved. Nothing more
 * is recorded in it, corrections included, until an administrator reopens it ({@link ProjectReopened}); so while it
 * stays closed this is the last event of its history, and its figures are final.
 *
 * @param endDate   the project's last day, as it stood when closed
 * @param periodIds the reporting periods of the project, of every calendar, each with its report approved and its
 *                  figures unchanged since that approval when it was closed: its final reports, in the order of their
 *                  start (empty when no period of the programme overlapped it)
 * @param comment   the officer's note, if any
 */
public record ProjectClosed(String projectId, LocalDate endDate, List<String> periodIds, String comment)
        implements ProjectEvent {
}
