package org.kronika.query.dashboard.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionPagesTest {

    @Test
    void aFormReturnsOnlyToAPageOfTheDashboardsAndToThePortfolioOtherwise() {
        for (String page : new String[]{"/dashboard", "/dashboard/projects/p-1?page=2#period-2024-Q1",
                "/dashboard/trace?x=..%2F"}) {
            assertThat(SessionPages.pageSentFrom(page)).as(page).isEqualTo(page);
        }
        for (String crafted : new String[]{"/dashboard/../../evil", "/dashboard/..", "/dashboard/./x",
                "/dashboard/%2E%2E/evil", "/dashboard/.%2e/evil", "//evil.example/dashboard", "https://evil.example",
                "/dashboard\\..\\evil", "/dashboard/{x}", "/dashboard\r\nX: y", null}) {
            assertThat(SessionPages.pageSentFrom(crafted)).as(crafted).isEqualTo("/dashboard");
        }
    }
}
