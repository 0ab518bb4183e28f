package org.kronika.query.dashboard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kronika.query.config.DashboardSecurityConfig;
import org.kronika.query.i18n.Languages;
import org.kronika.query.web.InvalidParameter;
import org.kronika.security.Problem;
import org.kronika.security.RefusedAddressPage;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

import java.util.Locale;

/**
 * The language a person reads in, whether their sign-in lasts, the page they see once signed out, and the one they
 * see when the security rules refuse them a page.
 */
@Controller
public class SessionPages {

    private final LocaleResolver languages;
    private final PageModel pages;

    SessionPages(LocaleResolver languages, PageModel pages) {
        this.languages = languages;
        this.pages = pages;
    }

    /**
     * Remembers the choice and returns to the page it was made on: posted (CSRF-checked) from a signed-in page, asked
     * by GET from a page shown without a sign-in, which has no session to hold a token (see the layout's switch). A
     * form without a language Kronika speaks changes nothing: a browser gets the page a form's refused field gets, in
     * the reader's language, its own switch returning to the page the form came from; a client asking for no HTML,
     * the API's problem+json.
     */
    @RequestMapping(path = "/dashboard/language", method = {RequestMethod.GET, RequestMethod.POST})
    Object language(@RequestParam(required = false) String lang, @RequestParam(required = false) String back,
                    HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        Locale chosen = Languages.supported(lang);
        String page = pageSentFrom(back);
        if (chosen == null) {
            InvalidParameter refused = new InvalidParameter("lang", "must be one of " + Languages.SUPPORTED.stream()
                    .map(Locale::getLanguage).toList());
            if (!RefusedAddressPage.wanted(request)) {
                return Problem.ofField(HttpStatus.BAD_REQUEST, Problem.INVALID_REQUEST, refused.parameter(),
                        refused.getMessage()).toResponse(HttpHeaders.EMPTY);
            }
            String view = pages.invalidParameter(refused, request, response, model, locale);
            // Its language switch returns to the page the form came from, not to this address, which refuses it again.
            model.addAttribute("here", page);
            return view;
        }
        languages.setLocale(request, response, chosen);
        return "redirect:" + page;
    }

    /**
     * The page a form says it was sent from, if a page of the dashboards: never wherever a crafted form says.
     * Otherwise, the portfolio.
     */
    static String pageSentFrom(String back) {
        return dashboardsAddress(back) ? back : "/dashboard";
    }

    /**
     * Whether an address is one of the dashboards', safe to redirect to. A page's own address is still
     * percent-encoded, so a control character (a CR/LF that no header may hold) or a brace (which a redirect would
     * read as a template variable) was crafted, and so was a dot segment ({@code /dashboard/../x}, also
     * percent-encoded), which would leave the dashboards and which the server refuses.
     */
    public static boolean dashboardsAddress(String address) {
        return address != null && address.startsWith("/dashboard") && !address.startsWith("//")
                && !address.contains("\\")
                && address.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '{' || c == '}')
                && java.util.Arrays.stream(address.split("[?#]", 2)[0].toLowerCase(java.util.Locale.ROOT)
                        .replace("%2e", ".").split("/", -1)).noneMatch(segment -> segment.equals(".")
                        || segment.equals(".."));
    }

    /**
     * Nothing while the sign-in lasts; once it has ended, {@code 401}, with no page to return to kept (as for the
     * live stream and a live refresh: {@link DashboardSecurityConfig}). A live
     * page asks when its stream is refused, as a refusal does not say why: a server's error (or a proxy's, during a
     * rollout) is retried, an ended sign-in is not. It reads nothing, unlike the page itself, so pages may ask at every interruption.
     */
    @GetMapping(DashboardSecurityConfig.SESSION_CHECK)
    ResponseEntity<Void> session() {
        return ResponseEntity.noContent().build();
    }

    /**
     * What the security rules refused (a partner opening a history entry, the audit report or an export), forwarded
     * here by them: the same page as a handler's refusal (another organisation's project), in the whole layout,
     * whatever the method asked with.
     */
    @RequestMapping(DashboardSecurityConfig.FORBIDDEN)
    String refused(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return pages.error(request, response, model, locale, 403, "error.forbidden");
    }

    /**
     * A form the security rules did not let through for its sign-in ({@link DashboardSecurityConfig#NOT_SENT}),
     * forwarded here with what it carried: nothing of it was done. Without a sign-in, it was sent after the session
     * ended, and the way back to its page signs in first; signed in, it came from a page of an earlier session (its
     * CSRF token not this session's), or was forged. What was typed as its comment is shown to be copied, not sent.
     */
    @RequestMapping(DashboardSecurityConfig.NOT_SENT)
    String notSent(@RequestParam(required = false) String back, @RequestParam(required = false) String comment,
                   HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        if (request.getAttribute(org.springframework.security.web.WebAttributes.ACCESS_DENIED_403) == null) {
            // Opened by its address, not forwarded by a refusal: no form was refused, and a text someone put in a
            // link is not shown on a Kronika page as the reader's own.
            return "redirect:/dashboard";
        }
        pages.error(request, response, model, locale, 403,
                pages.viewer() == null ? "notSent.signedOut" : "notSent.stale");
        String page = pageSentFrom(back);
        // The language switch, too, returns to the page the form was sent from, not to the form's own address.
        model.addAttribute("here", page);
        model.addAttribute("back", page);
        model.addAttribute("comment", comment == null || comment.isBlank() || !sentFromOwnPages(request) ? null
                : comment);
        return "dashboard/not-sent";
    }

    /**
     * Whether the browser says the form came from this site's own pages. A page elsewhere can post a form here too,
     * with no session and no token, and a text it chose must not be shown on a Kronika page as the reader's own. A
     * browser that names neither the site nor the origin a form came from gets the page without the text.
     */
    static boolean sentFromOwnPages(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin");
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        return origin != null && origin.equals(origin(request));
    }

    /** This site's origin (scheme, host and port) as the request reached it: what a browser names its pages by. */
    static String origin(HttpServletRequest request) {
        return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromContextPath(request)
                .replacePath(null).build().toUriString();
    }

    /** @param failed present after a sign-in that failed (an account without a Kronika role, say), which the page says */
    @GetMapping("/dashboard/signed-out")
    String signedOut(@RequestParam(required = false) String failed) {
        return "dashboard/signed-out";
    }
}
