package org.kronika.query.dashboard.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * What a form's handler tells the page it redirects to (a review's outcome) is kept for that page's next visit, not
 * taken by an open page's live refresh of the same address. The page a form was sent from stays open, following its
 * stream, until the redirect's answer arrives; the event the form recorded reaches it meanwhile, and the refresh it
 * fetches for it came first on a slow machine, took the message, and the officer landed on a page that did not say
 * what became of their review (DashboardBrowserTest, in CI).
 */
public final class VisitFlashMaps implements FlashMapManager {

    /** The request header that marks a live refresh (dashboard.js), not a visit. */
    public static final String LIVE_REFRESH = "Kronika-Live-Refresh";

    private final FlashMapManager session = new SessionFlashMapManager();

    @Override
    public FlashMap retrieveAndUpdate(HttpServletRequest request, HttpServletResponse response) {
        return request.getHeader(LIVE_REFRESH) != null ? null : session.retrieveAndUpdate(request, response);
    }

    @Override
    public void saveOutputFlashMap(FlashMap flashMap, HttpServletRequest request, HttpServletResponse response) {
        session.saveOutputFlashMap(flashMap, request, response);
    }
}
