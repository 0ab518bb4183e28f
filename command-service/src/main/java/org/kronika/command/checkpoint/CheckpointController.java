package org.kronika.command.checkpoint;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import org.kronika.command.web.InvalidRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Signed checkpoints and the keys to verify them (docs/audit/checkpoints.md). Only published checkpoints are
 * served: every event one signs is already on the events' topic.
 */
@RestController
@RequestMapping("/api/checkpoints")
public class CheckpointController {

    public static final String JOSE = CheckpointPublisher.CONTENT_TYPE;
    private static final int MAX_PAGE_SIZE = 100;

    private final CheckpointStore store;
    private final SigningKeys keys;

    public CheckpointController(CheckpointStore store, SigningKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    @Operation(summary = "The latest checkpoint, or the latest signed at or before a time",
            description = "With Accept: application/jose the answer is the JWS alone, the file the verifier reads.")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public CheckpointView latest(@Parameter(description = "an RFC 3339 instant, e.g. 2026-11-30T12:00:00Z")
                                 @RequestParam(required = false) String at) {
        return CheckpointView.of(find(at));
    }

    @Operation(summary = "The latest checkpoint (or the latest at or before a time) as a JWS compact serialisation")
    @GetMapping(produces = JOSE)
    public String latestJws(@RequestParam(required = false) String at) {
        return find(at).jws();
    }

    @Operation(summary = "Published checkpoints, the latest first, a page at a time")
    @GetMapping(value = "/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public CheckpointView.Page history(
            @Parameter(description = "zero-based page") @RequestParam(required = false) String page,
            @Parameter(description = "checkpoints per page, 1 to 100 (default 20)") @RequestParam(required = false)
            String size) {
        int pageNumber = bounded("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = bounded("size", size, 20, 1, MAX_PAGE_SIZE);
        long total = store.publishedCount();
        return new CheckpointView.Page(store.publishedPage(pageNumber, pageSize).stream()
                .map(CheckpointView.Summary::of).toList(), pageNumber, pageSize, total, (total + pageSize - 1) / pageSize);
    }

    @Operation(summary = "The public keys checkpoints are signed with, as a JSON Web Key Set",
            description = "Public: no token needed. Lists the current key and every retired one, so that old "
                    + "checkpoints stay verifiable after a rotation.")
    @SecurityRequirements
    @GetMapping(value = "/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    public KeySet keys() {
        return keys.keySet();
    }

    private CheckpointStore.Stored find(String at) {
        Instant time = null;
        if (at != null) {
            try {
                time = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new InvalidRequest("at", "must be an RFC 3339 time, such as 2026-11-30T12:00:00Z");
            }
        }
        Instant before = time;
        return store.latestPublished(time).orElseThrow(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, before == null
                    ? "No checkpoint has been published yet" : "No checkpoint was published at or before " + before);
            problem.setTitle("No checkpoint");
            return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        });
    }

    private static int bounded(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below, as for a number out of range
        }
        throw new InvalidRequest(name, "must be a whole number from " + min + " to " + max);
    }
}
