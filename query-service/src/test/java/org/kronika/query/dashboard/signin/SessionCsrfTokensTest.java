package org.kronika.query.dashboard.signin;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DeferredCsrfToken;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCsrfTokensTest {

    private final SessionCsrfTokens tokens = new SessionCsrfTokens();

    /** As the CSRF filter checks a form sent without a session: a token is made to compare, and kept nowhere. */
    @Test
    void aFormSentWithoutASessionIsCheckedAgainstATokenKeptNowhereAndOpensNoSession() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/dashboard/language");

        DeferredCsrfToken deferred = tokens.loadDeferredToken(request, new MockHttpServletResponse());
        CsrfToken made = deferred.get();

        assertThat(made.getToken()).isNotBlank();
        assertThat(deferred.isGenerated()).isTrue();
        assertThat(request.getSession(false)).as("no session opened for it").isNull();
        assertThat(tokens.loadToken(request)).isNull();
    }

    @Test
    void aSignedInSessionKeepsItsTokenForItsNextForm() {
        MockHttpServletRequest page = new MockHttpServletRequest("GET", "/dashboard");
        page.getSession(true);

        CsrfToken made = tokens.loadDeferredToken(page, new MockHttpServletResponse()).get();

        MockHttpServletRequest form = new MockHttpServletRequest("POST", "/logout");
        form.setSession(page.getSession(false));
        DeferredCsrfToken held = tokens.loadDeferredToken(form, new MockHttpServletResponse());
        assertThat(held.get().getToken()).isEqualTo(made.getToken());
        assertThat(held.isGenerated()).isFalse();

        tokens.saveToken(null, form, new MockHttpServletResponse());
        assertThat(tokens.loadToken(form)).as("cleared, as a sign-in clears it").isNull();
    }
}
