package org.kronika.query.dashboard.web;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.kronika.infra.embedded.Ports;
import org.kronika.query.dashboard.review.PeriodReviews;
import org.kronika.query.dashboard.review.ReviewProperties;
import org.kronika.query.web.InvalidParameter;
import org.kronika.security.SignedIn;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The review form's comment goes to the command service, which bounds it again: the form refuses what the command
 * would, in its words, and sends what it would take. What the command side refuses is said in the reader's language
 * where the page knows the refusal, quoted where it does not.
 */
class PeriodReviewFormTest {

    private static final ResourceBundleMessageSource MESSAGES = new ResourceBundleMessageSource();

    static {
        MESSAGES.setBasename("messages");
        MESSAGES.setDefaultEncoding("UTF-8");
        MESSAGES.setFallbackToSystemLocale(false);
    }

    /** Nothing listens there: a review sent is unanswered, which tells it was sent. */
    private final PeriodReviewForm form = new PeriodReviewForm(new PeriodReviews(
            new ReviewProperties("http://127.0.0.1:" + Ports.free())), gate(false));
    private final SignedIn officer = signedIn("officer");

    private static SignedIn signedIn(String role) {
        return () -> Jwt.withTokenValue("token").header("alg", "none").subject(role).claim("role", role).build();
    }

    @Test
    void aCommentLongerThanTheCommandTakesIsRefusedNamingItAndOneItTakesIsSent() {
        assertThatThrownBy(() -> review("x".repeat(2001))).isInstanceOf(InvalidParameter.class)
                .hasMessage("must be at most 2000 characters").hasFieldOrPropertyWithValue("parameter", "comment");

        RedirectAttributesModelMap flash = review("x".repeat(2000));

        assertThat(shown(flash).outcome()).isEqualTo("unanswered");
    }

    /**
     * A browser counts a line break of the text box as one character against its maxlength and sends it as two (CR
     * LF): a comment that fit the box is taken, measured and sent with the line breaks it counted.
     */
    @Test
    void aCommentThatFitTheBoxIsTakenThoughTheBrowserSentEachLineBreakAsTwoCharacters() throws Exception {
        String typed = ("x".repeat(99) + "\n").repeat(20);
        assertThat(typed).hasSize(2000);
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CommandService commandService = new CommandService(exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        })) {
            PeriodReviewForm answered = commandService.form(false);

            PeriodReviewForm.ReviewShown shown = shown(review(answered, "approve", typed.replace("\n", "\r\n")));

            assertThat(shown.outcome()).isEqualTo("accepted");
            assertThat(bodies).singleElement().satisfies(body -> assertThat(body).doesNotContain("\\r")
                    .contains(typed.substring(0, 100).replace("\n", "\\n")));
        }
    }

    /** What the officer wrote comes back in the form of a review not recorded, to send again; not of one recorded. */
    @Test
    void aReviewNotRecordedGivesBackItsCommentAndOneRecordedDoesNot() throws Exception {
        assertThat(shown(review("Checked against the sheets.")).comment()).as("unanswered")
                .isEqualTo("Checked against the sheets.");
        assertThat(shown(review(form, "return", " ")).comment()).as("refused here").isEqualTo(" ");
        try (CommandService commandService = new CommandService(exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        })) {
            PeriodReviewForm answered = commandService.form(false);

            assertThat(shown(review(answered, "approve", "Fine.")).comment()).isNull();
        }
    }

    /** The command side's rule: a return says what to change, an approval may say nothing. */
    @Test
    void aReturnWithoutACommentIsNotSentAndIsRefusedInTheReadersWordsWhileAnApprovalWithoutOneIsSent() {
        for (String comment : Arrays.asList(null, "", " \n ")) {
            PeriodReviewForm.ReviewShown shown = shown(review(form, "return", comment));

            assertThat(shown.outcome()).as("not sent, so not unanswered").isEqualTo("refused");
            assertThat(MESSAGES.getMessage(shown.reason(), null, Locale.forLanguageTag("sq"))).startsWith(
                    "Nuk u regjistrua: kthimi kërkon një koment që thotë çfarë duhet të ndryshojë projekti.");
        }
        assertThat(shown(review(form, "approve", null)).outcome()).isEqualTo("unanswered");
    }

    /**
     * A refusal the page knows, by the field it names, is said in the reader's language; one it does not know is
     * quoted as the command side said it.
     */
    @Test
    void theCommandSidesRefusalIsSaidInTheReadersLanguageOrQuotedWhenThePageDoesNotKnowIt() throws Exception {
        String notSubmitted = "{\"title\":\"Project rule violated\",\"status\":422,\"detail\":\"periodId: the report for "
                + "2025-Q1 is approved, not submitted: only a submitted report can be returned or approved\",\"errors\":"
                + "[{\"field\":\"periodId\",\"message\":\"the report for 2025-Q1 is approved, not submitted: only a "
                + "submitted report can be returned or approved\"}]}";
        String unknown = "{\"title\":\"Project rule violated\",\"status\":422,\"detail\":\"reviewer: is on leave\","
                + "\"errors\":[{\"field\":\"reviewer\",\"message\":\"is on leave\"}]}";
        try (CommandService commandService = new CommandService(exchange -> {
            byte[] problem = (exchange.getRequestURI().getPath().contains("2025-Q1") ? notSubmitted : unknown)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(422, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        })) {
            PeriodReviewForm answered = commandService.form(false);

            PeriodReviewForm.ReviewShown known = shown(review(answered, "approve", "2025-Q1", null));
            PeriodReviewForm.ReviewShown quoted = shown(review(answered, "approve", "2024-Q4", null));

            assertThat(known.outcome()).isEqualTo("refused");
            assertThat(MESSAGES.getMessage(known.reason(), null, Locale.forLanguageTag("sq")))
                    .startsWith("Nuk u regjistrua: raporti nuk pret më shqyrtim");
            assertThat(quoted.reason()).isNull();
            assertThat(MESSAGES.getMessage("review.refused.quoting", null, Locale.forLanguageTag("sq")))
                    .isEqualTo("Nuk u regjistrua:");
            assertThat(quoted.detail()).isEqualTo("reviewer: is on leave");
        }
    }

    /** An access token that ended on the way is said as such in the reader's words, not as "HTTP 401". */
    @Test
    void aReviewWhoseSignInEndedOnTheWayIsSaidSoInTheReadersWords() throws Exception {
        try (CommandService commandService = new CommandService(exchange -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        })) {
            PeriodReviewForm.ReviewShown shown = shown(review(commandService.form(false), "approve", "Fine."));

            assertThat(shown.outcome()).isEqualTo("refused");
            assertThat(MESSAGES.getMessage(shown.reason(), null, Locale.forLanguageTag("sq")))
                    .startsWith("Nuk u regjistrua: hyrja juaj përfundoi");
            assertThat(shown.comment()).as("kept to send again").isEqualTo("Fine.");
        }
    }

    /** The command side says a comment left out "is required", and one of spaces "must not be blank": both the same. */
    @Test
    void aReturnTheCommandSideRefusesForItsMissingCommentIsSaidAsTheFormSaysIt() {
        for (String message : List.of("is required", "must not be blank")) {
            assertThat(PeriodReviewForm.Refusal.of(new PeriodReviews.Outcome(400, "Invalid request",
                    "comment: " + message, null, "comment", message))).as(message)
                    .isEqualTo(PeriodReviewForm.Refusal.COMMENT_REQUIRED);
        }
    }

    @Test
    void everyRefusalThePageKnowsIsWordedInBothLanguages() {
        for (PeriodReviewForm.Refusal refusal : PeriodReviewForm.Refusal.values()) {
            for (String language : List.of("en", "sq")) {
                assertThat(MESSAGES.getMessage(refusal.key, null, Locale.forLanguageTag(language)))
                        .as(refusal + " in " + language).startsWith(language.equals("en") ? "Not recorded: "
                                : "Nuk u regjistrua: ");
            }
        }
    }

    /**
     * The read side's history of the project is broken or stopped short: an approval, which would certify figures
     * folded from it, is not sent, even from a page read while it held; a return, which certifies nothing, is.
     */
    @Test
    void anApprovalIsNotSentWhileTheHistoryShownIsNotVerifiedAsWholeButAReturnIs() throws Exception {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CommandService commandService = new CommandService(exchange -> {
            received.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        })) {
            PeriodReviewForm withheld = commandService.form(true);

            PeriodReviewForm.ReviewShown approval = shown(review(withheld, "approve", null));

            assertThat(approval.outcome()).isEqualTo("refused");
            assertThat(received).as("nothing sent").isEmpty();
            assertThat(MESSAGES.getMessage(approval.reason(), null, Locale.forLanguageTag("sq")))
                    .startsWith("Nuk u regjistrua: historia që tregon kjo faqe nuk është verifikuar si e plotë");

            assertThat(shown(review(withheld, "return", "Please recount.")).outcome()).isEqualTo("accepted");
            assertThat(received).containsExactly("/api/projects/p-1/periods/2024-Q1/returns");
        }
    }

    /**
     * Only an officer may approve, and only an officer is told that an approval is withheld: anyone else's is sent,
     * and the command side refuses it, so a partner, who may not see a project's chain, never learns it is broken.
     */
    @Test
    void anApprovalByOneWhoMayNotApproveIsSentForTheCommandSideToRefuseNotToldTheChainIsBroken() throws Exception {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CommandService commandService = new CommandService(exchange -> {
            received.add(exchange.getRequestURI().getPath());
            byte[] body = "{\"title\":\"Forbidden\",\"status\":403}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        })) {
            PeriodReviewForm withheld = commandService.form(true);
            for (String role : List.of("partner", "auditor", "recorder", "admin")) {
                RedirectAttributesModelMap flash = new RedirectAttributesModelMap();
                withheld.review("p-1", "2024-Q1", "approve", "3", null, null, null,
                        new TestingAuthenticationToken(signedIn(role), null), flash);

                assertThat(shown(flash).outcome()).as(role).isEqualTo("refused");
                assertThat(shown(flash).reason()).as(role).isNotEqualTo(PeriodReviewForm.Refusal.WITHHELD.key);
            }
            assertThat(received).as("each sent").hasSize(4);
        }
    }

    /**
     * A 412 is "the figures changed" only with the version they changed to, as the command service answers it; one
     * without (a proxy's) would read "it is now at event null", so it is shown as the refusal it is.
     */
    @Test
    void aPreconditionFailedWithoutTheCurrentVersionIsShownAsARefusalNotAsChangedFigures() throws Exception {
        for (String body : List.of("{\"title\":\"Version mismatch\",\"status\":412,\"currentVersion\":5}",
                "{\"title\":\"Precondition Failed\",\"status\":412}")) {
            try (CommandService commandService = new CommandService(exchange -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(412, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            })) {
                PeriodReviewForm.ReviewShown shown = shown(review(commandService.form(false), "approve", null));
                if (body.contains("currentVersion")) {
                    assertThat(shown.outcome()).as(body).isEqualTo("changed");
                    assertThat(shown.current()).isEqualTo(5L);
                } else {
                    assertThat(shown.outcome()).as(body).isEqualTo("refused");
                    assertThat(shown.detail()).isEqualTo("Precondition Failed");
                }
            }
        }
    }

    /** A gate that withholds every approval, or none. */
    private static ApprovalGate gate(boolean withholding) {
        return new ApprovalGate(null, null) {
            @Override
            boolean withheld(String projectId) {
                return withholding;
            }
        };
    }

    private RedirectAttributesModelMap review(String comment) {
        return review(form, "approve", comment);
    }

    private RedirectAttributesModelMap review(PeriodReviewForm to, String decision, String comment) {
        return review(to, decision, "2024-Q1", comment);
    }

    private RedirectAttributesModelMap review(PeriodReviewForm to, String decision, String period, String comment) {
        RedirectAttributesModelMap flash = new RedirectAttributesModelMap();
        to.review("p-1", period, decision, "3", comment, null, null, new TestingAuthenticationToken(officer, null),
                flash);
        return flash;
    }

    /** Back at the pages of the timeline and the measurements the officer was reading, and at what was answered. */
    @Test
    void aReviewLeadsBackToTheTimelineAndMeasurementsPagesItWasSentFrom() {
        var auth = new TestingAuthenticationToken(officer, null);
        assertThat(form.review("p-1", "2024-Q1", "approve", "3", null, "2", null, auth,
                new RedirectAttributesModelMap())).isEqualTo("redirect:/dashboard/projects/p-1?activities=2#review-outcome");
        assertThat(form.review("p-1", "2024-Q1", "approve", "3", null, "2", "1", auth,
                new RedirectAttributesModelMap()))
                .isEqualTo("redirect:/dashboard/projects/p-1?activities=2&measurements=1#review-outcome");
        assertThat(form.review("p-1", "2024-Q1", "approve", "3", null, null, "3", auth,
                new RedirectAttributesModelMap())).isEqualTo("redirect:/dashboard/projects/p-1?measurements=3#review-outcome");
        assertThat(form.review("p-1", "2024-Q1", "approve", "3", null, null, null, auth,
                new RedirectAttributesModelMap())).isEqualTo("redirect:/dashboard/projects/p-1#review-outcome");
        assertThatThrownBy(() -> form.review("p-1", "2024-Q1", "approve", "3", null, "x", null, auth,
                new RedirectAttributesModelMap())).isInstanceOf(InvalidParameter.class)
                .hasFieldOrPropertyWithValue("parameter", "activities");
        assertThatThrownBy(() -> form.review("p-1", "2024-Q1", "approve", "3", null, null, "-1", auth,
                new RedirectAttributesModelMap())).isInstanceOf(InvalidParameter.class)
                .hasFieldOrPropertyWithValue("parameter", "measurements");
    }

    private static PeriodReviewForm.ReviewShown shown(RedirectAttributesModelMap flash) {
        return (PeriodReviewForm.ReviewShown) flash.getFlashAttributes().get("review");
    }

    /** A command service standing in for the real one, answering every request as {@code handler} does. */
    private static final class CommandService implements AutoCloseable {

        private final HttpServer server;

        CommandService(com.sun.net.httpserver.HttpHandler handler) throws java.io.IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", handler);
            server.start();
        }

        /** A form sending its reviews here, its approvals withheld by the read side or not. */
        PeriodReviewForm form(boolean withholding) {
            return new PeriodReviewForm(new PeriodReviews(new ReviewProperties(
                    "http://127.0.0.1:" + server.getAddress().getPort())), gate(withholding));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
