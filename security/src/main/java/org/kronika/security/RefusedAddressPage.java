package org.kronika.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a browser is answered for an address of the dashboards refused before any page could be looked for (an
 * encoded slash or a NUL in the path, refused by Tomcat or the request firewall): a page, as every other answer of
 * the dashboards is, not the API's problem+json. Nothing of the pages' own is reachable there (no session, no
 * messages, no layout), so it is a plain page with its words here, in the language the reader chose on the pages or
 * their browser names, and in both Albanian and English where neither is known. The API's answers stay
 * problem+json, whatever their caller accepts; only the query service serves {@value #PAGES}.
 */
public final class RefusedAddressPage {

    static final String PAGES = "/dashboard";
    /** The cookie in which the dashboards keep the language a person chose (the query service's {@code Languages}). */
    static final String LANGUAGE_COOKIE = "kronika-lang";
    static final String MEDIA_TYPE = "text/html;charset=UTF-8";

    /** One language's words: the page's title, what it says, and the link back. */
    private record Words(String language, String title, String text, String back) {
    }

    private static final Words ALBANIAN = new Words("sq", "Adresa nuk është e vlefshme",
            "Kjo adresë nuk mund të hapet: ka shenja që nuk i ka asnjë adresë e faqeve të Kronikës.",
            "Kthehu te portofoli");
    private static final Words ENGLISH = new Words("en", "Address not valid",
            "This address cannot be opened: it holds characters that no address of Kronika's pages has.",
            "Back to the portfolio");

    private RefusedAddressPage() {
    }

    /**
     * Whether the refusal is to be this page: a browser's request (it accepts HTML by name) for an address under
     * {@value #PAGES}, as the request's raw address says, the decoded one being what was refused.
     */
    public static boolean wanted(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path == null || !(path.equals(PAGES) || path.startsWith(PAGES + "/"))) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(request.getHeader(HttpHeaders.ACCEPT)).stream()
                    .anyMatch(type -> !type.isWildcardType() && type.includes(MediaType.TEXT_HTML));
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }

    /** The page, in the reader's language if it is known, otherwise in both. */
    public static String html(HttpServletRequest request) {
        List<Words> words = language(request).map(List::of).orElse(List.of(ALBANIAN, ENGLISH));
        Words first = words.get(0);
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(first.language())
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(String.join(" / ", words.stream().map(Words::title).toList()))
                .append(" · Kronika</title>\n</head>\n<body>\n<main>\n");
        for (Words each : words) {
            page.append("<section lang=\"").append(each.language()).append("\">\n<h1>").append(each.title())
                    .append("</h1>\n<p>").append(each.text()).append("</p>\n<p><a href=\"").append(PAGES)
                    .append("\">").append(each.back()).append("</a></p>\n</section>\n");
        }
        return page.append("</main>\n</body>\n</html>\n").toString();
    }

    /** The page as a 400, for a filter: before Spring MVC, where no view can be rendered. */
    public static void writeTo(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType(MEDIA_TYPE);
        response.getOutputStream().write(html(request).getBytes(StandardCharsets.UTF_8));
    }

    /** As the pages choose it: the person's choice, else the first of the browser's languages that is either. */
    private static Optional<Words> language(HttpServletRequest request) {
        // The header itself: Tomcat parses cookies with its context's rules, and a request refused before it was
        // mapped has no context.
        var headers = request.getHeaders(HttpHeaders.COOKIE);
        for (String header : headers == null ? List.<String>of() : Collections.list(headers)) {
            for (String cookie : header.split(";")) {
                String[] pair = cookie.strip().split("=", 2);
                if (pair.length == 2 && LANGUAGE_COOKIE.equals(pair[0]) && named(pair[1]) != null) {
                    return Optional.of(named(pair[1]));
                }
            }
        }
        String browser = request.getHeader(HttpHeaders.ACCEPT_LANGUAGE);
        if (browser == null || browser.isBlank()) {
            return Optional.empty();
        }
        try {
            Locale best = Locale.lookup(Locale.LanguageRange.parse(browser),
                    List.of(Locale.forLanguageTag(ALBANIAN.language()), Locale.forLanguageTag(ENGLISH.language())));
            return Optional.ofNullable(best == null ? null : named(best.getLanguage()));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static Words named(String tag) {
        String language = tag == null ? "" : Locale.forLanguageTag(tag).getLanguage();
        return ALBANIAN.language().equals(language) ? ALBANIAN : ENGLISH.language().equals(language) ? ENGLISH : null;
    }
}
