package org.kronika.query.project;

import java.time.LocalDate;

/**
 * Which projects a list shows.
 *
 * @param visibleOrganisation the only organisation the caller may see, or {@code null} for every organisation
 * @param organisation        organisation asked for, or {@code null}
 * @param municipality        canonical municipality name asked for, or {@code null}
 * @param status              planned, active, ended or closed ({@link ProjectStatus}), or {@code null}
 * @param text                words to find in the title, organisation, summary or id, or {@code null}
 */
public record ProjectFilter(String visibleOrganisation, String organisation, String municipality, String status,
                            String text, LocalDate today) {
}
