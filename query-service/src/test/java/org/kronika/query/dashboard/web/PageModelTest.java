package org.kronika.query.dashboard.web;

import com.mongodb.MongoTimeoutException;
import org.junit.jupiter.api.Test;
import org.kronika.query.i18n.Formats;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.ui.ExtendedModelMap;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageModelTest {

    private final PageModel pages = new PageModel(new Formats.Shared(new ResourceBundleMessageSource(),
            ZoneId.of("Europe/Tirane"), Map.of()));

    @Test
    void aPageWhoseReadStoreDoesNotAnswerIs503WithRetryAfterOnTheReadersErrorPage() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        ExtendedModelMap model = new ExtendedModelMap();

        String view = pages.readStoreFailure(new MongoTimeoutException("Timed out while waiting for a server"),
                new MockHttpServletRequest("GET", "/dashboard/projects/p-1"), response, model, Locale.ENGLISH);

        assertThat(view).isEqualTo("dashboard/error");
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(model.getAttribute("message")).isEqualTo("error.readStoreUnavailable");
    }

    @Test
    void aTraceOfThePastAskedWhileEveryReplayIsTakenIs503WithRetryAfterOnTheReadersErrorPage() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        ExtendedModelMap model = new ExtendedModelMap();

        String view = pages.tooManyReplays(new MockHttpServletRequest("GET", "/dashboard/projects/p-1/trace"),
                response, model, new Locale("sq"));

        assertThat(view).isEqualTo("dashboard/error");
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(model.getAttribute("message")).isEqualTo("error.tooManyReplays");
    }

    @Test
    void anyOtherErrorOfTheStoreIsLeftToBeAnError() {
        var refused = new com.mongodb.MongoCommandException(new org.bson.BsonDocument("errmsg",
                new org.bson.BsonString("unknown operator")), new com.mongodb.ServerAddress());

        assertThatThrownBy(() -> pages.readStoreFailure(refused, new MockHttpServletRequest(),
                new MockHttpServletResponse(), new ExtendedModelMap(), Locale.ENGLISH)).isSameAs(refused);
    }

    /** A field of a form sent is not in the page's address: the page says which field the form sent. */
    @Test
    void aFormSentWithAFieldItCannotTakeSaysSoNotThatTheAddressIsWrong() {
        for (var method : Map.of("POST", "error.invalidField", "GET", "error.invalidParameter").entrySet()) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            ExtendedModelMap model = new ExtendedModelMap();

            pages.invalidParameter(new org.kronika.query.web.InvalidParameter("version", "must be a version"),
                    new MockHttpServletRequest(method.getKey(), "/dashboard/projects/p-1/periods/2024-Q1/review"),
                    response, model, Locale.ENGLISH);

            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(model.getAttribute("message")).as(method.getKey()).isEqualTo(method.getValue());
            assertThat(model.getAttribute("parameter")).isEqualTo("version");
        }
    }
}
