package org.kronika.security;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.firewall.RequestRejectedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An address of the dashboards refused before any page is looked for is a page to a browser, in its reader's
 * language where that is known and in both where it is not; the API's refusals, and any that is not a browser's,
 * stay problem+json.
 */
class RefusedAddressPageTest {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static MockHttpServletRequest request(String uri, String accept) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        return request;
    }

    @Test
    void onlyABrowsersRequestForADashboardsAddressIsAnsweredWithAPage() {
        assertThat(RefusedAddressPage.wanted(request("/dashboard/projects/a%2Fb", BROWSER))).isTrue();
        assertThat(RefusedAddressPage.wanted(request("/dashboard", "text/*"))).isTrue();
        assertThat(RefusedAddressPage.wanted(request("/api/projects/a%2Fb", BROWSER))).as("the API").isFalse();
        assertThat(RefusedAddressPage.wanted(request("/dashboards-of-another/x", BROWSER))).isFalse();
        assertThat(RefusedAddressPage.wanted(request("/dashboard/x", "*/*"))).as("any type, HTML not asked for")
                .isFalse();
        assertThat(RefusedAddressPage.wanted(request("/dashboard/x", null))).isFalse();
        assertThat(RefusedAddressPage.wanted(request("/dashboard/x", "text/html;q=oops"))).as("malformed").isFalse();
    }

    @Test
    void thePageSpeaksTheLanguageChosenElseTheBrowsersElseBoth() {
        MockHttpServletRequest chosen = request("/dashboard/x", BROWSER);
        chosen.setCookies(new Cookie("KRONIKA_SESSION", "s"), new Cookie(RefusedAddressPage.LANGUAGE_COOKIE, "sq"));
        chosen.addHeader("Accept-Language", "en");
        assertThat(RefusedAddressPage.html(chosen)).contains("<html lang=\"sq\">", "Kjo adresë nuk mund të hapet",
                "href=\"/dashboard\"").doesNotContain("This address");

        MockHttpServletRequest browser = request("/dashboard/x", BROWSER);
        browser.addHeader("Accept-Language", "de-DE, en-GB;q=0.8, sq;q=0.5");
        assertThat(RefusedAddressPage.html(browser)).contains("<html lang=\"en\">", "<title>Address not valid · "
                + "Kronika</title>", "This address cannot be opened").doesNotContain("Kjo adresë");

        MockHttpServletRequest neither = request("/dashboard/x", BROWSER);
        neither.addHeader("Accept-Language", "de");
        neither.setCookies(new Cookie(RefusedAddressPage.LANGUAGE_COOKIE, "fr"));
        assertThat(RefusedAddressPage.html(neither)).contains("<title>Adresa nuk është e vlefshme / Address not "
                        + "valid · Kronika</title>", "<section lang=\"sq\">", "<section lang=\"en\">");
        assertThat(RefusedAddressPage.html(request("/dashboard/x", BROWSER))).as("no language named")
                .contains("<section lang=\"sq\">", "<section lang=\"en\">");
    }

    @Test
    void theFirewallsRefusalIsAPageToABrowserAndProblemJsonToTheApi() throws Exception {
        MockHttpServletRequest page = request("/dashboard/projects/a;b", BROWSER);
        page.addHeader("Accept-Language", "sq");
        MockHttpServletResponse paged = new MockHttpServletResponse();
        StrictRequests.rejectedAsProblem().handle(page, paged, new RequestRejectedException("semicolon"));
        assertThat(paged.getStatus()).isEqualTo(400);
        assertThat(paged.getContentType()).startsWith("text/html");
        assertThat(paged.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).contains("Kjo adresë");

        MockHttpServletResponse api = new MockHttpServletResponse();
        StrictRequests.rejectedAsProblem().handle(request("/api/projects/a;b", BROWSER), api,
                new RequestRejectedException("semicolon"));
        assertThat(api.getStatus()).isEqualTo(400);
        assertThat(api.getContentType()).isEqualTo(Problem.MEDIA_TYPE);
    }

    /**
     * The firewall's message names a header's whole value: the refusal said the URL was not acceptable and echoed
     * it, a bearer token included. An unknown method was a 400 about the URL too.
     */
    @Test
    void theFirewallsRefusalNamesThePartRefusedAndEchoesNoHeaderValue() throws Exception {
        MockHttpServletRequest sent = request("/api/projects", "application/json");
        sent.addHeader("Authorization", "Bearer secret-token\u0085");
        RequestRejectedException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                RequestRejectedException.class, () -> new RequestFirewall().httpFirewall().getFirewalledRequest(sent)
                        .getHeader("Authorization"));
        MockHttpServletResponse answered = new MockHttpServletResponse();
        StrictRequests.rejectedAsProblem().handle(sent, answered, refused);
        assertThat(answered.getStatus()).isEqualTo(400);
        assertThat(answered.getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("A request header's name or value").doesNotContain("secret-token").doesNotContain("URL");

        MockHttpServletRequest unknown = request("/api/projects", "application/json");
        unknown.setMethod("PROPFIND");
        RequestRejectedException method = org.assertj.core.api.Assertions.catchThrowableOfType(
                RequestRejectedException.class, () -> new RequestFirewall().httpFirewall().getFirewalledRequest(unknown));
        answered = new MockHttpServletResponse();
        StrictRequests.rejectedAsProblem().handle(unknown, answered, method);
        assertThat(answered.getStatus()).isEqualTo(501);
        assertThat(answered.getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("The request method is not one this service serves");
    }
}
