package org.kronika.query.dashboard.review;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the dashboards send an officer's review of a period report: the command service's address. Empty, the
 * pages offer no review and officers review through the command API.
 *
 * @param commandServiceUrl the command service's base address, e.g. {@code http://localhost:8080}
 */
@ConfigurationProperties(prefix = "kronika.dashboard.review")
public record ReviewProperties(String commandServiceUrl) {

    public boolean enabled() {
        return commandServiceUrl != null && !commandServiceUrl.isBlank();
    }
}
