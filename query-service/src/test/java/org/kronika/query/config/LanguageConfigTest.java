package org.kronika.query.config;

import org.junit.jupiter.api.Test;
import org.kronika.query.programme.Programme;
import org.springframework.context.support.StaticMessageSource;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageConfigTest {

    private final Programme programme = Programme.ofContract();

    @Test
    void timesAreShownInTheProgrammesTimeZoneUnlessAnotherIsConfigured() {
        LanguageConfig config = new LanguageConfig();
        assertThat(config.formats(new StaticMessageSource(), programme, "").zone())
                .isEqualTo(programme.timeZone()).isEqualTo(ZoneId.of("Europe/Tirane"));
        assertThat(config.formats(new StaticMessageSource(), programme, "Europe/Belgrade").zone())
                .isEqualTo(ZoneId.of("Europe/Belgrade"));
    }
}
