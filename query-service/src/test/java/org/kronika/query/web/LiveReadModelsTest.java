package org.kronika.query.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LiveReadModelsTest {

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    /**
     * A switch while a page is being answered: each read of the live generation took the pointer anew, and one page
     * showed the old generation's members with the new one's cells.
     */
    @Test
    void aRequestReadsTheGenerationItFirstReadWhateverSwitchesMeanwhile() {
        String database = "live-" + UUID.randomUUID().toString().substring(0, 8);
        var client = com.mongodb.client.MongoClients.create(TestInfrastructure.mongo().connectionString(database));
        try {
            Generations generations = new Generations(client.getDatabase(database), 2);
            TopicIdentity topic = new TopicIdentity("t", "t-id", 3);
            Generation first = generations.create(topic, "first build");
            generations.switchTo(first, Optional.empty());
            generations.refresh();
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
            assertThat(LiveReadModels.of(generations)).isEqualTo(first);

            Generation rebuilt = generations.create(topic, "a rebuild");
            generations.switchTo(rebuilt, Optional.of(first));
            generations.refresh();

            assertThat(LiveReadModels.of(generations)).as("within the request").isEqualTo(first);
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
            assertThat(LiveReadModels.of(generations)).as("the next request").isEqualTo(rebuilt);
            RequestContextHolder.resetRequestAttributes();
            assertThat(LiveReadModels.of(generations)).as("outside a request").isEqualTo(rebuilt);
        } finally {
            client.close();
        }
    }
}
