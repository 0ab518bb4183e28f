package org.kronika.query.i18n;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.LocaleResolver;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages Kronika speaks, Albanian and English, and which one a request gets: the one the person chose (a
 * cookie), otherwise the first of theirs that the browser names, otherwise English. Never any other locale, so
 * numbers and dates are always formatted for a language the labels are in.
 */
public final class Languages implements LocaleResolver {

    public static final Locale ALBANIAN = Locale.forLanguageTag("sq");
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final List<Locale> SUPPORTED = List.of(ALBANIAN, ENGLISH);
    public static final String COOKIE = "kronika-lang";

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        return chosen(request).orElseGet(() -> fromBrowser(request.getHeader("Accept-Language")));
    }

    /** The language the person chose with the buttons at the top of a page, if they did. */
    public static Optional<Locale> chosen(HttpServletRequest request) {
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (COOKIE.equals(cookie.getName())) {
                    Locale chosen = supported(cookie.getValue());
                    if (chosen != null) {
                        return Optional.of(chosen);
                    }
                }
            }
        }
        return Optional.empty();
    }

    static Locale fromBrowser(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return ENGLISH;
        }
        try {
            Locale best = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
            return best == null ? ENGLISH : best;
        } catch (IllegalArgumentException malformed) {
            return ENGLISH;
        }
    }

    /** The supported language a tag names ({@code sq}, {@code en}, {@code sq-AL}, ...), or null. */
    public static Locale supported(String tag) {
        if (tag == null) {
            return null;
        }
        String language = Locale.forLanguageTag(tag).getLanguage();
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst().orElse(null);
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        Locale chosen = locale == null ? null : supported(locale.toLanguageTag());
        Cookie cookie = new Cookie(COOKIE, chosen == null ? "" : chosen.getLanguage());
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setMaxAge(chosen == null ? 0 : (int) Duration.ofDays(365).toSeconds());
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }
}
