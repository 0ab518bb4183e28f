package org.kronika.auth;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo authorization server's sign-in page, as a browser sent there by the dashboards meets it: in the
 * language the dashboards asked for ({@code ui_locales}) or else the browser's, with a heading, labelled fields and
 * the CSRF token, and a wrong password answered on it in the same language.
 */
class SignInPageTest {

    private static final String DASHBOARDS = "http://localhost:8081";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private static ConfigurableApplicationContext server;
    private static String base;

    @TempDir
    static Path tomcat;

    @BeforeAll
    static void start() {
        server = AuthServerApplication.start("--server.port=0", "--spring.profiles.active=demo",
                "--KRONIKA_DASHBOARD_URL=" + DASHBOARDS, "--server.tomcat.basedir=" + tomcat);
        base = "http://localhost:" + ((ServletWebServerApplicationContext) server).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Tests and the launcher give it one, so that Tomcat's work folders do not pile up in the system's /tmp. */
    @Test
    void tomcatWorksInTheBaseDirectoryItIsGiven() {
        assertThat(tomcat.resolve("work")).isDirectory();
    }

    @Test
    void aBrowserAskingForAlbanianSignsInOnAnAlbanianPage() throws Exception {
        var page = signInPage(new Browser(), null, "sq-AL,sq;q=0.9,en;q=0.5");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html").contains("UTF-8"));
        assertThat(page.body()).contains("<html lang=\"sq\">", "<h1>Identifikohuni në Kronika</h1>",
                "<label for=\"username\">Emri i përdoruesit</label>", "<input id=\"username\" name=\"username\"",
                "<label for=\"password\">Fjalëkalimi</label>", "<input id=\"password\" name=\"password\" type=\"password\"",
                "<button type=\"submit\">Identifikohuni</button>")
                .containsPattern(CSRF).doesNotContain("role=\"alert\"", "Please sign in");
    }

    @Test
    void aBrowserAskingForAnyOtherLanguageSignsInOnAnEnglishPage() throws Exception {
        for (String acceptLanguage : new String[]{"en-GB,en;q=0.9", "de", null}) {
            var page = signInPage(new Browser(), null, acceptLanguage);

            assertThat(page.body()).as(acceptLanguage).contains("<html lang=\"en\">", "<h1>Sign in to Kronika</h1>",
                    "<label for=\"username\">Username</label>", "<label for=\"password\">Password</label>",
                    "<button type=\"submit\">Sign in</button>").containsPattern(CSRF);
        }
        assertThat(signInPage(new Browser(), null, "de, sq;q=0.5").body()).as("the first Kronika speaks")
                .contains("<html lang=\"sq\">");
    }

    /** The dashboards pass the language their reader chose, which may not be the browser's. */
    @Test
    void theLanguageTheDashboardsAskForComesBeforeTheBrowsers() throws Exception {
        assertThat(signInPage(new Browser(), "sq", "en").body()).contains("<html lang=\"sq\">",
                "<h1>Identifikohuni në Kronika</h1>");
        assertThat(signInPage(new Browser(), "en", "sq").body()).contains("<html lang=\"en\">",
                "<h1>Sign in to Kronika</h1>");
        assertThat(signInPage(new Browser(), "fr sq", "en").body()).as("the first of them Kronika speaks")
                .contains("<html lang=\"sq\">");
    }

    @Test
    void aWrongPasswordIsRefusedOnThePageInItsLanguage() throws Exception {
        for (String language : new String[]{"sq", "en"}) {
            Browser browser = new Browser();
            var form = signInPage(browser, language, null);

            var refused = browser.signIn(form, "auditor", "not-the-password");
            assertThat(refused.statusCode()).as(language).isEqualTo(302);
            assertThat(refused.headers().firstValue("Location")).as(language).hasValue(base + "/login?error");
            var again = browser.get(base + "/login?error", null);
            assertThat(again.body()).as(language).contains("<html lang=\"" + language + "\">")
                    .contains("sq".equals(language)
                            ? "<p role=\"alert\">Emri i përdoruesit ose fjalëkalimi nuk është i saktë. Provoni përsëri.</p>"
                            : "<p role=\"alert\">The username or password is not correct. Try again.</p>")
                    .containsPattern(CSRF);
        }
    }

    @Test
    void theRightPasswordContinuesTheSignInTheDashboardsAskedFor() throws Exception {
        Browser browser = new Browser();
        var form = signInPage(browser, "sq", null);

        var signedIn = browser.signIn(form, "auditor", "auditor");

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .startsWith(base + "/oauth2/authorize?").contains("client_id=kronika-dashboard"));
        var code = browser.get(signedIn.headers().firstValue("Location").orElseThrow(), null);
        assertThat(code.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .startsWith(DASHBOARDS + "/login/oauth2/code/kronika?code="));
    }

    @Test
    void aSignInWithoutTheFormsCsrfTokenIsRefused() throws Exception {
        Browser browser = new Browser();
        signInPage(browser, null, null);

        var refused = browser.post(base + "/login", "username=auditor&password=auditor");

        assertThat(refused.statusCode()).isEqualTo(403);
    }

    /**
     * The sign-in page a browser is sent to when the dashboards ask to sign someone in, as they ask for it.
     *
     * @param uiLocales what the dashboards asked for, if anything
     */
    private HttpResponse<String> signInPage(Browser browser, String uiLocales, String acceptLanguage)
            throws Exception {
        String authorize = base + "/oauth2/authorize?response_type=code&client_id=kronika-dashboard&scope=openid"
                + "&state=s&redirect_uri=" + encode(DASHBOARDS + "/login/oauth2/code/kronika")
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
                + (uiLocales == null ? "" : "&ui_locales=" + encode(uiLocales));
        var sent = browser.get(authorize, acceptLanguage);
        assertThat(sent.statusCode()).isEqualTo(302);
        assertThat(sent.headers().firstValue("Location")).hasValue(base + "/login");
        return browser.get(base + "/login", acceptLanguage);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A browser of its own: its own session, following no redirect, so each step is seen. */
    private static final class Browser {

        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url, String acceptLanguage) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html");
            if (acceptLanguage != null) {
                request.header("Accept-Language", acceptLanguage);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String url, String form) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> signIn(HttpResponse<String> form, String username, String password) throws Exception {
            var csrf = CSRF.matcher(form.body());
            assertThat(csrf.find()).as("the form's CSRF token").isTrue();
            return post(form.uri().toString(), "username=" + encode(username) + "&password=" + encode(password)
                    + "&_csrf=" + encode(csrf.group(1)));
        }
    }
}
