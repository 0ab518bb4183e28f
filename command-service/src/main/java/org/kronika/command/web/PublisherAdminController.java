package org.kronika.command.web;

import io.swagger.v3.oas.annotations.Operation;
import org.kronika.command.publishing.PublicationDelay;
import org.kronika.command.publishing.PublisherDeadLetters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For operators: stored events the publisher could not publish, the projects waiting behind them, and how long
 * publication takes.
 */
@RestController
@RequestMapping("/api/admin/publisher")
public class PublisherAdminController {

    private final PublisherDeadLetters deadLetters;
    private final PublicationDelay delay;

    public PublisherAdminController(PublisherDeadLetters deadLetters, PublicationDelay delay) {
        this.deadLetters = deadLetters;
        this.delay = delay;
    }

    @Operation(summary = "Time from an event's recording to Kafka's acknowledgement, since the previous call",
            description = "Milliseconds: p50, p90, p99 and max over the events this instance published since the "
                    + "last call to this endpoint (each call starts a new interval). It is the first part of the "
                    + "query side's projection lag (GET /api/admin/read-models/lag on the query service). The same "
                    + "delay is the kronika.publisher.delay timer in the metrics.")
    @GetMapping("/delay")
    public PublicationDelay.Sample delay() {
        return delay.sinceLastSample();
    }

    @Operation(summary = "Projects whose publication waits behind a stored event that could not be published",
            description = "Each project's first letter says why it could not be published (its type resolves to no "
                    + "class, its data cannot be read); the letters after it are its later events, waiting in order. "
                    + "Every other project is published meanwhile. At most 100 projects, 10 letters each; the "
                    + "totals count all.")
    @GetMapping("/dead-letters")
    public PublisherDeadLetters.Summary deadLetters() {
        return deadLetters.list();
    }

    @Operation(summary = "Publishes a project's dead letters again, in order, once their cause is fixed",
            description = "Each event is read afresh from the event store, so a deployed class, an upcaster or a "
                    + "restored row takes effect. Stops at the first event that still fails and says why.")
    @PostMapping("/dead-letters/{projectId}/retry")
    public PublisherDeadLetters.RetryOutcome retry(@PathVariable String projectId) {
        return deadLetters.retry(projectId).orElseThrow(() -> new NothingDeadLettered(projectId));
    }

    static class NothingDeadLettered extends RuntimeException {
        NothingDeadLettered(String projectId) {
            super("No event of project " + projectId + " waits in the publisher's dead-letter queue");
        }
    }
}
