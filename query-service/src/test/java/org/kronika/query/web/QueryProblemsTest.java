package org.kronika.query.web;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.Test;
import org.kronika.infra.embedded.Ports;
import org.kronika.query.fixtures.HeldReplay;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.web.ProjectQueryController;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.replay.ReplayPermits;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.time.Clock;
import java.time.Duration;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class QueryProblemsTest {

    /**
     * MongoDB frozen: the driver gave up after its server selection timeout, and the read was answered 500 in
     * Spring's own JSON, which told a client neither that it may retry nor when.
     */
    @Test
    void aReadWhoseStoreDoesNotAnswerIs503ProblemJsonWithRetryAfter() throws Exception {
        try (MongoClient unreachable = MongoClients.create("mongodb://localhost:" + Ports.free()
                + "/?serverSelectionTimeoutMS=200&connectTimeoutMS=200")) {
            Programme programme = Programme.ofContract();
            VisibleProjects projects = new VisibleProjects(new Generations(unreachable.getDatabase("kronika"), 1),
                    null, programme, Clock.systemUTC());
            MockMvc api = MockMvcBuilders.standaloneSetup(
                    new ProjectQueryController(projects, programme, Clock.systemUTC(),
                            new ReplayPermits(1, Duration.ZERO)))
                    .setControllerAdvice(new QueryProblems()).build();

            api.perform(get("/api/projects/p-1"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(header().string("Retry-After", "5"))
                    .andExpect(jsonPath("$.title").value("Read store unavailable"));
        }
    }

    /**
     * A trace of a period reads the calendar to check the period: a store that does not answer there is the store's
     * fault (503), not the period's. It was a 400 naming {@code period}, which a client does not retry.
     */
    @Test
    void aTraceOfAPeriodWhoseStoreDoesNotAnswerIsNotAFaultOfThePeriod() {
        try (MongoClient unreachable = MongoClients.create("mongodb://localhost:" + Ports.free()
                + "/?serverSelectionTimeoutMS=200&connectTimeoutMS=200")) {
            Programme programme = Programme.ofContract();
            VisibleProjects projects = new VisibleProjects(new Generations(unreachable.getDatabase("kronika"), 1),
                    null, programme, Clock.systemUTC());
            var traces = new org.kronika.query.trace.web.VisibleTraces(projects, programme,
                    new ReplayPermits(1, Duration.ZERO), Clock.systemUTC());

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> traces.figure(null, "2024-Q1", null, null))
                    .isInstanceOf(com.mongodb.MongoException.class);
        }
    }

    /** Every replay of a whole history the instance runs at once taken: the caller may retry, and is told when. */
    @Test
    void aReplayRefusedForTheReplaysRunningIs503ProblemJsonWithRetryAfter() throws Exception {
        ReplayPermits permits = new ReplayPermits(1, Duration.ofMillis(10));
        MockMvc api = MockMvcBuilders.standaloneSetup(new Replaying(permits))
                .setControllerAdvice(new QueryProblems()).build();
        try (HeldReplay running = HeldReplay.of(permits)) {
            api.perform(get("/replay"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(header().string("Retry-After", "5"))
                    .andExpect(jsonPath("$.title").value("Too many replays"));
        }
        api.perform(get("/replay")).andExpect(status().isOk());
    }

    @org.springframework.web.bind.annotation.RestController
    static final class Replaying {
        private final ReplayPermits permits;

        Replaying(ReplayPermits permits) {
            this.permits = permits;
        }

        @org.springframework.web.bind.annotation.GetMapping("/replay")
        String replay() {
            return permits.during(() -> "replayed");
        }
    }
}
