package org.kronika.query.dashboard.web;

import org.junit.jupiter.api.Test;
import org.kronika.infra.embedded.Ports;
import org.kronika.query.dashboard.review.PeriodReviews;
import org.kronika.query.dashboard.review.ReviewProperties;
import org.kronika.query.web.InvalidParameter;
import org.kronika.security.SignedIn;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The review form's comment goes to the command service, which bounds it again: the form refuses what the command
 * would, in its words, and sends what it would take.
 */
class PeriodReviewFormTest {

    /** Nothing listens there: a review sent is unanswered, which tells it was sent. */
    private final PeriodReviewForm form = new PeriodReviewForm(new PeriodReviews(
            new ReviewProperties("http://127.0.0.1:" + Ports.free())));
    private final SignedIn officer = () -> Jwt.withTokenValue("token").header("alg", "none").subject("officer").build();

    @Test
    void aCommentLongerThanTheCommandTakesIsRefusedNamingItAndOneItTakesIsSent() {
        assertThatThrownBy(() -> review("x".repeat(2001))).isInstanceOf(InvalidParameter.class)
                .hasMessage("must be at most 2000 characters").hasFieldOrPropertyWithValue("parameter", "comment");

        RedirectAttributesModelMap flash = review("x".repeat(2000));

        assertThat(flash.getFlashAttributes().get("review")).extracting("outcome").isEqualTo("unanswered");
    }

    private RedirectAttributesModelMap review(String comment) {
        RedirectAttributesModelMap flash = new RedirectAttributesModelMap();
        form.review("p-1", "2024-Q1", "approve", "3", comment, new TestingAuthenticationToken(officer, null), flash);
        return flash;
    }
}
