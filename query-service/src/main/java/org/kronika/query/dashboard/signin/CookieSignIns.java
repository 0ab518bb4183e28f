package org.kronika.query.dashboard.signin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A sign-in under way, between sending the browser to the identity provider and its return: kept by the browser in a
 * signed cookie sent only to the return address, not in a session, so that starting sign-ins costs the service no
 * memory. It holds what the return is checked against: the state, the OpenID Connect nonce and the PKCE verifier,
 * with the client, the scopes and the address to return to. Read once by the return with its state, it is cleared; a
 * return without it, out of time, or with another state fails, and leaves it to the return it is for.
 */
public final class CookieSignIns implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "KRONIKA_SIGN_IN";
    /** Long enough to type a password and pass a second factor; a sign-in slower than this starts again. */
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SignedCookies cookies;
    private final String returnPath;

    /** @param returnPath where the identity provider sends the browser back, the only address the cookie goes to */
    public CookieSignIns(SignedCookies cookies, String returnPath) {
        this.cookies = cookies;
        this.returnPath = returnPath;
    }

    /** What a sign-in under way is checked against on its return; attributes hold the nonce and the verifier. */
    record UnderWay(String authorizationUri, String clientId, String redirectUri, Set<String> scopes, String state,
                    Map<String, String> attributes) {
    }

    /**
     * The sign-in under way that this return is for, by its state; none for a return with another state (a stale
     * tab, the back button, a link from elsewhere, which SameSite=Lax lets carry the cookie), which so neither reads
     * nor clears it: the sign-in under way still finishes, as with Spring Security's own session-held requests.
     */
    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        return state == null ? null : cookies.read(COOKIE, request).map(CookieSignIns::parsed)
                .filter(underWay -> state.equals(underWay.getState())).orElse(null);
    }

    @Override
    public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorization, HttpServletRequest request,
                                         HttpServletResponse response) {
        if (authorization == null) {
            cookies.clear(COOKIE, returnPath, request, response);
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        authorization.getAttributes().forEach((name, value) -> attributes.put(name, String.valueOf(value)));
        try {
            cookies.write(COOKIE, returnPath, JSON.writeValueAsString(new UnderWay(authorization.getAuthorizationUri(),
                    authorization.getClientId(), authorization.getRedirectUri(), authorization.getScopes(),
                    authorization.getState(), attributes)), LIFETIME, request, response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
                                                                 HttpServletResponse response) {
        OAuth2AuthorizationRequest authorization = loadAuthorizationRequest(request);
        if (authorization != null) {
            cookies.clear(COOKIE, returnPath, request, response);
        }
        return authorization;
    }

    private static OAuth2AuthorizationRequest parsed(String json) {
        try {
            UnderWay underWay = JSON.readValue(json, UnderWay.class);
            return OAuth2AuthorizationRequest.authorizationCode().authorizationUri(underWay.authorizationUri())
                    .clientId(underWay.clientId()).redirectUri(underWay.redirectUri()).scopes(underWay.scopes())
                    .state(underWay.state()).attributes(attributes -> attributes.putAll(underWay.attributes()))
                    .build();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }
}
