package org.kronika.query.dashboard.web;

import org.kronika.query.dashboard.review.PeriodReviews;
import org.kronika.query.web.CommandTextLimits;
import org.kronika.query.web.InvalidParameter;
import org.kronika.query.web.NotFound;
import org.kronika.security.Actor;
import org.kronika.security.Role;
import org.kronika.security.SignedIn;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An officer approves or returns a submitted report from its project's page (a form, CSRF-checked, posted back
 * here): sent to the command service as the officer, then back to the report with what it answered.
 */
@Controller
class PeriodReviewForm {

    private final PeriodReviews reviews;
    private final ApprovalGate gate;

    PeriodReviewForm(PeriodReviews reviews, ApprovalGate gate) {
        this.reviews = reviews;
        this.gate = gate;
    }

    @PostMapping("/dashboard/projects/{projectId}/periods/{periodId}/review")
    String review(@PathVariable String projectId, @PathVariable String periodId,
                  @RequestParam(required = false) String decision, @RequestParam(required = false) String version,
                  @RequestParam(required = false) String comment,
                  @RequestParam(required = false) String activities,
                  @RequestParam(required = false) String measurements, Authentication signedIn,
                  RedirectAttributes flash) {
        if (!reviews.enabled()) {
            throw new NotFound("No review here", "The dashboards send no reviews: approve through the command API");
        }
        if (signedIn == null || !(signedIn.getPrincipal() instanceof SignedIn person)) {
            throw new AccessDeniedException("A review is sent as a signed-in person");
        }
        PeriodReviews.Decision chosen = PeriodReviews.Decision.of(decision);
        if (chosen == null) {
            throw new InvalidParameter("decision", "must be approve or return");
        }
        long reviewed;
        try {
            reviewed = Long.parseLong(version == null ? "" : version);
            if (reviewed < 0) {
                throw new NumberFormatException("a version is never negative");
            }
        } catch (NumberFormatException e) {
            throw new InvalidParameter("version", "must be the project version whose figures were reviewed");
        }
        // A browser sends each line break of a text box as CR LF, but counts it as one character against its
        // maxlength: a comment that fit the box is measured, and sent, as the box counted it.
        comment = comment == null ? null : comment.replace("\r\n", "\n");
        if (comment != null && comment.length() > CommandTextLimits.COMMENT) {
            throw new InvalidParameter("comment", CommandTextLimits.atMost(CommandTextLimits.COMMENT));
        }
        // Read before anything is sent: a form refused is one whose review went nowhere.
        int timelinePage = ProjectPage.timelinePage(activities);
        int measurementsPage = ProjectPage.measurementsPage(measurements);
        String decided = chosen.name().toLowerCase(java.util.Locale.ROOT);
        if (chosen == PeriodReviews.Decision.RETURN && (comment == null || comment.isBlank())) {
            // Refused here as the command side refuses it, without asking: the page's own check is the browser's,
            // which a comment of spaces passes.
            flash.addFlashAttribute("review", new ReviewShown(periodId, decided, "refused",
                    Refusal.COMMENT_REQUIRED.key, "comment: must not be blank", null, comment));
        } else if (chosen == PeriodReviews.Decision.APPROVE && mayApprove(person) && gate.withheld(projectId)) {
            // Asked again here, not taken from the page: a page read while the chain held may be sent after it broke.
            // Asked only for an officer: anyone else's approval goes to the command side, which refuses it, so the
            // answer tells no one else whether the project's chain holds (a partner may not see its chain).
            flash.addFlashAttribute("review", new ReviewShown(periodId, decided, "refused", Refusal.WITHHELD.key,
                    "the history shown is not verified as the whole one", null, comment));
        } else {
            PeriodReviews.Outcome outcome = reviews.send(person.accessToken().getTokenValue(), projectId, periodId,
                    chosen, reviewed, comment);
            flash.addFlashAttribute("review", new ReviewShown(periodId, decided, outcome.accepted() ? "accepted"
                    : outcome.status() == 412 && outcome.current() != null ? "changed"
                    : outcome.status() == 0 ? "unanswered" : "refused",
                    Refusal.key(outcome), outcome.detail() != null ? outcome.detail()
                    : outcome.title() != null ? outcome.title() : "HTTP " + outcome.status(), outcome.current(),
                    outcome.accepted() ? null : comment));
        }
        // Back to the project's page at what was answered, right above the reports, which show it once the read
        // side has applied it; at the pages of its timeline and its measurements the officer was reading.
        return "redirect:" + ProjectPage.address(timelinePage, measurementsPage).fragment("review-outcome")
                .buildAndExpand(projectId).encode().toUriString();
    }

    private static boolean mayApprove(SignedIn person) {
        return Actor.of(person.accessToken()).map(actor -> actor.role() == Role.OFFICER).orElse(false);
    }

    /**
     * What the page says of the review just sent.
     *
     * @param decision approve or return
     * @param outcome  accepted, changed (the project moved on since its figures were read), refused (the command
     *                 side's detail says why) or unanswered (the command service did not answer in time)
     * @param reason   for a refusal the page says in the reader's words, its message; else null, and the page quotes
     *                 the command side's detail
     * @param comment  what the officer wrote, given back in the form of a review not recorded; null for one recorded
     */
    public record ReviewShown(String periodId, String decision, String outcome, String reason, String detail,
                              Long current, String comment) {
    }

    /**
     * The command side's refusals of a review that the page says in the reader's words, each known by the field it
     * names and what it says of it, or by its status where no field is at fault. Its words are English and may
     * change: a refusal not known here is quoted as it came, after "Not recorded".
     */
    enum Refusal {
        /** A return without a comment ({@code comment: is required}, or {@code must not be blank}). */
        COMMENT_REQUIRED("review.refused.commentRequired"),
        /** The period's report is not (or no longer) submitted: returned, approved or reopened since it was read. */
        NOT_WAITING("review.refused.notWaiting"),
        /** An approval of a period that has not ended. */
        NOT_ENDED("review.refused.notEnded"),
        FORBIDDEN("review.refused.forbidden"),
        /** The officer's access token ended between the page and the command side: sign in again, send again. */
        SIGNED_OUT("review.refused.signedOut"),
        /** No such project or period on the command side. */
        UNKNOWN("review.refused.unknown"),
        CLOSED("review.refused.closed"),
        /** The command service could not record it now (its store away, the project busy): nothing recorded. */
        UNAVAILABLE("review.refused.unavailable"),
        /** An approval of figures whose history the read side does not hold verified and whole: never sent. */
        WITHHELD("review.refused.withheld");

        final String key;

        Refusal(String key) {
            this.key = key;
        }

        static String key(PeriodReviews.Outcome outcome) {
            Refusal known = of(outcome);
            return known == null ? null : known.key;
        }

        static Refusal of(PeriodReviews.Outcome outcome) {
            String message = outcome.message() == null ? "" : outcome.message();
            if ("comment".equals(outcome.field())) {
                // Left out, the command service says "is required"; only spaces, "must not be blank".
                return message.startsWith("must not be blank") || message.startsWith("is required")
                        ? COMMENT_REQUIRED : null;
            }
            if ("periodId".equals(outcome.field()) && outcome.status() == 422) {
                return message.contains("has not ended") ? NOT_ENDED
                        : message.contains("only a submitted report") ? NOT_WAITING : null;
            }
            return switch (outcome.status()) {
                case 401 -> SIGNED_OUT;
                case 403 -> FORBIDDEN;
                case 404 -> UNKNOWN;
                case 409 -> "Project closed".equals(outcome.title()) ? CLOSED : null;
                case 503 -> UNAVAILABLE;
                default -> null;
            };
        }
    }
}
