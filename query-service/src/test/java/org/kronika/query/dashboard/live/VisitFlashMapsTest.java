package org.kronika.query.dashboard.live;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.web.servlet.FlashMap;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A review's outcome, left for the page its form redirects to, reaches that page even when the page the form was
 * sent from fetched a live refresh of the same address first.
 */
class VisitFlashMapsTest {

    private static final String PAGE = "/dashboard/projects/kec-1";

    private final VisitFlashMaps flashMaps = new VisitFlashMaps();
    private final MockHttpSession session = new MockHttpSession();

    @Test
    void aLiveRefreshOfThePageLeavesTheOutcomeForTheVisitTheRedirectLeadsTo() {
        FlashMap outcome = new FlashMap();
        outcome.put("review", "accepted");
        outcome.setTargetRequestPath(PAGE);
        flashMaps.saveOutputFlashMap(outcome, get(), new MockHttpServletResponse());

        MockHttpServletRequest refresh = get();
        refresh.addHeader(VisitFlashMaps.LIVE_REFRESH, "true");
        assertThat((Map<String, Object>) flashMaps.retrieveAndUpdate(refresh, new MockHttpServletResponse()))
                .as("the refresh").isNull();

        assertThat((Map<String, Object>) flashMaps.retrieveAndUpdate(get(), new MockHttpServletResponse()))
                .as("the visit").containsEntry("review", "accepted");
        assertThat((Map<String, Object>) flashMaps.retrieveAndUpdate(get(), new MockHttpServletResponse()))
                .as("a second visit").isNull();
    }

    private MockHttpServletRequest get() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", PAGE);
        request.setSession(session);
        return request;
    }
}
