package org.kronika.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The local authorization server's sign-in page, in Albanian or English, with a heading, labelled fields and the
 * form's CSRF token; a failed sign-in comes back to it saying so. Spring Security's generated page is English only.
 *
 * <p>Its language is the one the sign-in was asked for in: OpenID Connect's {@code ui_locales} of the authorization
 * request that sent the reader here (the dashboards pass the language the reader chose there), else the first of
 * the browser's {@code Accept-Language} that Kronika speaks, else English, as the dashboards choose theirs. The
 * request is kept in the session until the sign-in succeeds, so a failed attempt is answered in the same language.
 * Only the demo and the tests sign in here: a production identity provider has its own page.
 */
@Controller
public class SignInPage {

    static final Locale ALBANIAN = Locale.forLanguageTag("sq");
    static final List<Locale> LANGUAGES = List.of(ALBANIAN, Locale.ENGLISH);

    private final RequestCache signingInFor = new HttpSessionRequestCache();
    private final ResourceBundleMessageSource texts = new ResourceBundleMessageSource();

    public SignInPage() {
        texts.setBasename("org/kronika/auth/sign-in");
        texts.setDefaultEncoding(StandardCharsets.UTF_8.name());
        // English is the file without a suffix, whatever the machine's own locale is.
        texts.setFallbackToSystemLocale(false);
    }

    @GetMapping(SignInSecurityConfig.SIGN_IN)
    ResponseEntity<String> page(HttpServletRequest request, HttpServletResponse response, CsrfToken csrf) {
        Locale language = language(signingInFor.getRequest(request, response),
                request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        boolean failed = request.getParameter("error") != null;
        String page = """
                <!DOCTYPE html>
                <html lang="%s">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%s</title>
                  <link rel="icon" href="data:,">
                  <style>
                    body { font-family: system-ui, sans-serif; max-width: 24rem; margin: 3rem auto; padding: 0 1rem; }
                    label, input, button { display: block; width: 100%%; box-sizing: border-box; font-size: 1rem; }
                    input { margin: .25rem 0 1rem; padding: .5rem; }
                    button { padding: .6rem; }
                    [role=alert] { border-left: .25rem solid #b00020; padding: .5rem .75rem; background: #fdecee; }
                  </style>
                </head>
                <body>
                <main>
                  <h1>%s</h1>
                  %s
                  <form method="post" action="%s">
                    <label for="username">%s</label>
                    <input id="username" name="username" autocomplete="username" required autofocus>
                    <label for="password">%s</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required>
                    <input type="hidden" name="%s" value="%s">
                    <button type="submit">%s</button>
                  </form>
                  <p><small>%s</small></p>
                </main>
                </body>
                </html>
                """.formatted(language.getLanguage(), text("title", language), text("heading", language),
                failed ? "<p role=\"alert\">" + text("failed", language) + "</p>" : "",
                HtmlUtils.htmlEscape(request.getContextPath() + SignInSecurityConfig.SIGN_IN),
                text("username", language), text("password", language),
                HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()),
                text("submit", language), text("note", language));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_LANGUAGE, language.getLanguage())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
                .body(page);
    }

    /**
     * The language the sign-in was asked for in ({@code ui_locales}: tags in order of preference, separated by
     * spaces), else the browser's, else English.
     */
    static Locale language(SavedRequest signingInFor, String acceptLanguage) {
        String[] asked = signingInFor == null ? null : signingInFor.getParameterValues("ui_locales");
        if (asked != null && asked.length > 0) {
            for (String tag : asked[0].trim().split("\\s+")) {
                String language = Locale.forLanguageTag(tag).getLanguage();
                for (Locale spoken : LANGUAGES) {
                    if (spoken.getLanguage().equals(language)) {
                        return spoken;
                    }
                }
            }
        }
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Locale.ENGLISH;
        }
        try {
            Locale best = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), LANGUAGES);
            return best == null ? Locale.ENGLISH : best;
        } catch (IllegalArgumentException malformed) {
            return Locale.ENGLISH;
        }
    }

    private String text(String key, Locale language) {
        return HtmlUtils.htmlEscape(texts.getMessage(key, null, language), StandardCharsets.UTF_8.name());
    }
}
