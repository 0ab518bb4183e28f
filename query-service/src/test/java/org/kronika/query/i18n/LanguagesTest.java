package org.kronika.query.i18n;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.Locale;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class LanguagesTest {

    private final Languages languages = new Languages();

    @Test
    void theBrowsersFirstLanguageThatKronikaSpeaksWinsAndEnglishOtherwise() {
        assertThat(Languages.fromBrowser("de-DE,sq;q=0.8,en;q=0.5")).isEqualTo(Languages.ALBANIAN);
        assertThat(Languages.fromBrowser("sq-AL")).isEqualTo(Languages.ALBANIAN);
        assertThat(Languages.fromBrowser("en-GB,sq;q=0.9")).isEqualTo(Languages.ENGLISH);
        assertThat(Languages.fromBrowser("fr")).isEqualTo(Languages.ENGLISH);
        assertThat(Languages.fromBrowser(null)).isEqualTo(Languages.ENGLISH);
        assertThat(Languages.fromBrowser(";;;q=x")).isEqualTo(Languages.ENGLISH);
    }

    @Test
    void aChoiceIsRememberedAndOutranksTheBrowserButAForgedOneDoesNot() {
        var response = new MockHttpServletResponse();
        languages.setLocale(new MockHttpServletRequest(), response, Locale.forLanguageTag("sq"));
        Cookie chosen = response.getCookie(Languages.COOKIE);
        assertThat(chosen.getValue()).isEqualTo("sq");
        assertThat(chosen.isHttpOnly()).isTrue();

        var request = new MockHttpServletRequest();
        request.addHeader("Accept-Language", "en");
        request.setCookies(chosen);
        assertThat(languages.resolveLocale(request)).isEqualTo(Languages.ALBANIAN);
        request.setCookies(new Cookie(Languages.COOKIE, "de"));
        assertThat(languages.resolveLocale(request)).isEqualTo(Languages.ENGLISH);
    }

    @Test
    void everyLabelIsInBothLanguages() throws Exception {
        Properties english = new Properties();
        Properties albanian = new Properties();
        try (var en = getClass().getResourceAsStream("/messages.properties");
             var sq = getClass().getResourceAsStream("/messages_sq.properties")) {
            english.load(new java.io.InputStreamReader(en, java.nio.charset.StandardCharsets.UTF_8));
            albanian.load(new java.io.InputStreamReader(sq, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(albanian.keySet()).isEqualTo(english.keySet());
    }
}
