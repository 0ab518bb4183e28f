package org.kronika.query.config;

import org.junit.jupiter.api.Test;
import org.kronika.query.programme.Programme;
import org.springframework.context.support.StaticMessageSource;

import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageConfigTest {

    private final Programme programme = Programme.ofContract();

    @Test
    void placesAreNamedWithTheirCountryAsTheProgrammeSpansKosovoAndAlbania() {
        assertThat(LanguageConfig.countries(programme)).containsEntry("Tiranë", "AL").containsEntry("Gjilan", "XK");
        assertThat(LanguageConfig.countries(new Programme("one", "One country",
                List.of(new Programme.Municipality("Gjilan", "XK", null),
                        new Programme.Municipality("Ferizaj", "XK", null)),
                null, List.of(), List.of(), List.of(), List.of(), null, null))).as("a programme of one country").isEmpty();
    }

    @Test
    void timesAreShownInTheProgrammesTimeZoneUnlessAnotherIsConfigured() {
        LanguageConfig config = new LanguageConfig();
        assertThat(config.formats(new StaticMessageSource(), programme, "", null).zone())
                .isEqualTo(programme.timeZone()).isEqualTo(ZoneId.of("Europe/Tirane"));
        assertThat(config.formats(new StaticMessageSource(), programme, "Europe/Belgrade", null).zone())
                .isEqualTo(ZoneId.of("Europe/Belgrade"));
    }
}
