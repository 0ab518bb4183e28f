package org.kronika.query.dashboard.signin;

import jakarta.servlet.http.HttpServletRequest;
import org.kronika.query.i18n.Languages;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import java.util.Locale;
import java.util.Optional;

/**
 * Asks the identity provider for its sign-in page in the language the reader chose on the dashboards: OpenID
 * Connect's {@code ui_locales} in the authorization request, a preference a provider may follow or ignore (the
 * local authorization server follows it). Only a choice is passed: without one, the provider goes by the browser's
 * Accept-Language as the dashboards do, and may speak a language they do not.
 */
public final class SignInLanguage implements OAuth2AuthorizationRequestResolver {

    private static final String UI_LOCALES = "ui_locales";

    private final OAuth2AuthorizationRequestResolver requests;

    public SignInLanguage(OAuth2AuthorizationRequestResolver requests) {
        this.requests = requests;
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        return inChosenLanguage(request, requests.resolve(request));
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return inChosenLanguage(request, requests.resolve(request, clientRegistrationId));
    }

    private static OAuth2AuthorizationRequest inChosenLanguage(HttpServletRequest request,
                                                               OAuth2AuthorizationRequest authorization) {
        Optional<Locale> chosen = Languages.chosen(request);
        if (authorization == null || chosen.isEmpty()) {
            return authorization;
        }
        // Built again from its parameters, so that the address the browser is sent to carries it too.
        return OAuth2AuthorizationRequest.from(authorization)
                .additionalParameters(parameters -> parameters.put(UI_LOCALES, chosen.get().getLanguage()))
                .build();
    }
}
