package org.kronika.infra.embedded;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs a demo user in to the dashboards as a browser does (authorization code with PKCE through the local
 * authorization server's form; each demo user's password is its name) and answers the session cookie, so tests
 * and the load generator can ask for pages as that person. The tokens stay in the query service's session; only
 * the cookie travels.
 */
public final class DashboardSignIn {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private DashboardSignIn() {
    }

    /** @return the {@code Cookie} header value that carries the signed-in session */
    public static String signIn(String dashboards, String user) throws IOException, InterruptedException {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.ALWAYS).build();
        // As a browser asks: the authorization server sends only a page's visitor to its sign-in form.
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(URI.create(dashboards + "/dashboard"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(form.body());
        if (!csrf.find()) {
            throw new IllegalStateException("No sign-in form at " + form.uri());
        }
        String fields = "username=" + encode(user) + "&password=" + encode(user) + "&_csrf=" + encode(csrf.group(1));
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(form.uri())
                .header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(fields)).build(), HttpResponse.BodyHandlers.ofString());
        // The page saying a sign-in failed is a dashboards page too, answered 200.
        if (signedIn.statusCode() != 200 || !signedIn.uri().getPath().startsWith("/dashboard")
                || signedIn.uri().getPath().startsWith("/dashboard/signed-out")) {
            throw new IllegalStateException("Signing in as " + user + " failed: it ended at " + signedIn.uri() + " ("
                    + signedIn.statusCode() + ")");
        }
        return cookies.getCookieStore().get(URI.create(dashboards)).stream()
                .filter(c -> c.getName().equals("KRONIKA_SESSION")).map(HttpCookie::toString).findFirst()
                .orElseThrow(() -> new IllegalStateException("No session cookie after signing in as " + user));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
