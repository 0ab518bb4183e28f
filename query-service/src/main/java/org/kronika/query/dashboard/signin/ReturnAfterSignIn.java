package org.kronika.query.dashboard.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;

import java.util.function.Predicate;

/**
 * The page a person asked for before signing in, returned to after it: its address (path and query only, so never
 * another host) in a signed cookie the browser keeps through the sign-in, not in a session, so that asking for pages
 * without a sign-in costs the service no memory. Only a page asked for with GET, and one of the dashboards', is
 * remembered; the request is not replayed, the browser is sent to its address.
 */
public final class ReturnAfterSignIn implements RequestCache {

    static final String COOKIE = "KRONIKA_RETURN";

    private final SignedCookies cookies;
    private final Predicate<String> pages;
    private final Predicate<HttpServletRequest> inTheBackground;

    /**
     * @param pages           which addresses may be returned to
     * @param inTheBackground which requests a page's script makes by itself (its sign-in check, its live stream):
     *                        never kept, or one in a tab left open would take the place of the page the reader is
     *                        signing in from in another
     */
    public ReturnAfterSignIn(SignedCookies cookies, Predicate<String> pages,
                             Predicate<HttpServletRequest> inTheBackground) {
        this.cookies = cookies;
        this.pages = pages;
        this.inTheBackground = inTheBackground;
    }

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        String page = asked(request);
        if ("GET".equals(request.getMethod()) && pages.test(page) && !inTheBackground.test(request)) {
            cookies.write(COOKIE, "/", page, CookieSignIns.LIFETIME, request, response);
        }
    }

    private static String asked(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length())
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        return cookies.read(COOKIE, request).filter(pages).map(SimpleSavedRequest::new).orElse(null);
    }

    /**
     * Nothing is replayed: the browser asks for the page itself, with its own request. Once it does, the page is
     * forgotten, so that a later sign-in does not return to it.
     */
    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        if (cookies.read(COOKIE, request).filter(page -> page.equals(asked(request))).isPresent()) {
            cookies.clear(COOKIE, "/", request, response);
        }
        return null;
    }

    @Override
    public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
        if (cookies.read(COOKIE, request).isPresent()) {
            cookies.clear(COOKIE, "/", request, response);
        }
    }
}
