package org.kronika.query.stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPropertiesTest {

    @Test
    void theGroupGivesAVanishedInstancesPartitionsAwayAfterTenSecondsNotKafkasFortyFive() {
        StreamProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("kronika.stream", StreamProperties.class);

        assertThat(defaults.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(EventStreamReader.heartbeatInterval(defaults.sessionTimeout())).isEqualTo(3000);
    }

    @Test
    void aShorterSessionHeartbeatsThreeTimesWithinIt() {
        StreamProperties configured = new Binder(new MapConfigurationPropertySource(Map.of(
                "kronika.stream.session-timeout", "6s"))).bindOrCreate("kronika.stream", StreamProperties.class);

        assertThat(EventStreamReader.heartbeatInterval(configured.sessionTimeout())).isEqualTo(2000);
    }
}
