package org.kronika.command.checkpoint;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import org.kronika.command.web.InvalidRequest;
import org.kronika.security.Problem;
import org.kronika.security.QueryValues;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Signed checkpoints and the keys to verify them (docs/audit/checkpoints.md). Only published checkpoints are
 * served: every event one signs is already on the events' topic.
 */
@RestController
@RequestMapping("/api/checkpoints")
public class CheckpointController {

    public static final String JOSE = CheckpointPublisher.CONTENT_TYPE;
    private static final MediaType JOSE_TYPE = MediaType.parseMediaType(JOSE);
    private static final int MAX_PAGE_SIZE = 100;
    private static final int DEFAULT_PAGE_SIZE = 20;
    /** The last page whose first row's offset an int holds at any size. */
    private static final int MAX_PAGE = Integer.MAX_VALUE / MAX_PAGE_SIZE;
    /** How many stored rows an answer for one checkpoint reads at most: {@link #find}. */
    static final int CANDIDATES = 10;
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2999-12-31T23:59:59Z");

    private final CheckpointStore store;
    private final SigningKeys keys;

    public CheckpointController(CheckpointStore store, SigningKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /**
     * One method for both forms, not one per {@code produces}: with two, a client that sends no Accept header (Java's
     * HTTP client, a plain curl) would get whichever Spring ranks first, the JWS; here it gets JSON unless it asks
     * for {@code application/jose} by name.
     */
    @Operation(summary = "The latest checkpoint, or the latest signed at or before a time",
            description = "JSON by default; with Accept: application/jose the answer is the JWS alone, the file the "
                    + "verifier reads.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CheckpointView.class)),
            @Content(mediaType = JOSE, schema = @Schema(type = "string", description = "JWS compact serialisation"))})
    @GetMapping(produces = {MediaType.APPLICATION_JSON_VALUE, JOSE})
    public ResponseEntity<?> latest(@Parameter(description = "an RFC 3339 instant: the latest checkpoint signed at or "
            + "before it", schema = @Schema(type = "string", format = "date-time", example = "2026-11-30T12:00:00Z"))
                                    @RequestParam(required = false) String at,
                                    @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false)
                                    String accept) {
        CheckpointView.Verified checkpoint = find(at);
        if (asksFor(accept, JOSE_TYPE)) {
            return ResponseEntity.ok().contentType(JOSE_TYPE).body(checkpoint.stored().jws());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(checkpoint.view());
    }

    private static boolean asksFor(String accept, MediaType type) {
        try {
            return accept != null && MediaType.parseMediaTypes(accept).stream().anyMatch(type::equalsTypeAndSubtype);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    @Operation(summary = "Published checkpoints, the latest first, a page at a time")
    @GetMapping(value = "/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public CheckpointView.Page history(
            @Parameter(description = "zero-based page; past the last page, an empty one", schema = @Schema(
                    type = "integer", format = "int32", minimum = "0", maximum = "" + MAX_PAGE, defaultValue = "0"))
            @RequestParam(required = false) String page,
            @Parameter(description = "checkpoints per page", schema = @Schema(type = "integer", format = "int32",
                    minimum = "1", maximum = "" + MAX_PAGE_SIZE, defaultValue = "" + DEFAULT_PAGE_SIZE))
            @RequestParam(required = false) String size) {
        int pageNumber = bounded("page", page, 0, 0, MAX_PAGE);
        int pageSize = bounded("size", size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        long total = store.publishedCount();
        return new CheckpointView.Page(store.publishedPage(pageNumber, pageSize).stream()
                .map(stored -> CheckpointView.Summary.of(stored, keys)).toList(), pageNumber, pageSize, total, (total + pageSize - 1) / pageSize);
    }

    @Operation(summary = "The public keys checkpoints are signed with, as a JSON Web Key Set",
            description = "Public: no token needed. Lists the current key and every retired one, so that old "
                    + "checkpoints stay verifiable after a rotation.")
    @SecurityRequirements
    @GetMapping(value = "/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    public KeySet keys() {
        return keys.keySet();
    }

    /**
     * The latest checkpoint the key set verifies, signed at or before {@code at} as its JWS says. The store gives
     * the likeliest rows, by id or by the issued_at column, which no signature covers: in a table no one changed the
     * first is the answer. A row whose column was moved later than its signed time is passed over (an earlier
     * checkpoint is served, never one signed after {@code at}), one moved earlier is dropped here, and so is a row
     * the key set does not verify. Reading a few candidates, not every row, keeps the cost of an answer the same
     * however many checkpoints there are; if none of them holds, the table was changed, and the answer says so
     * instead of serving a checkpoint that does not answer the question.
     */
    private CheckpointView.Verified find(String at) {
        Instant time = null;
        if (at != null) {
            try {
                if (!QueryValues.fourDigitYear(at)) {
                    throw new DateTimeParseException("a year of four digits", at, 0);
                }
                time = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw InvalidRequest.queryParameter("at", "must be an RFC 3339 time, such as 2026-11-30T12:00:00Z");
            }
        }
        Instant before = time;
        // Java's conversion to PostgreSQL's timestamps is exact in these years only (it counts older days by the
        // Julian calendar); no checkpoint is signed outside them, so a time before them has none.
        List<CheckpointStore.Stored> candidates = time != null && time.isBefore(EARLIEST) ? List.of()
                : store.publishedCandidates(time == null || time.isBefore(LATEST) ? time : LATEST, keys.signers(),
                CANDIDATES);
        Optional<CheckpointView.Verified> found = candidates.stream()
                .flatMap(stored -> CheckpointView.Verified.of(stored, keys).stream())
                .filter(verified -> before == null || !verified.issuedAt().isAfter(before))
                .max(before == null ? Comparator.comparingLong(verified -> verified.stored().id())
                        : Comparator.comparing(CheckpointView.Verified::issuedAt)
                        .thenComparingLong(verified -> verified.stored().id()));
        if (found.isPresent()) {
            return found.get();
        }
        if (candidates.size() == CANDIDATES) {
            throw new ErrorResponseException(HttpStatus.INTERNAL_SERVER_ERROR, Problem.of(HttpStatus.INTERNAL_SERVER_ERROR,
                    "Checkpoints table changed", "None of the last " + CANDIDATES + " checkpoints stored"
                            + (before == null ? "" : " for " + before) + " is one the key set verifies"
                            + (before == null ? "" : " signed at or before that time")
                            + ": the checkpoints table was changed (docs/operations.md, \"Checkpoints refused\")")
                    .toDetail(), null);
        }
        throw new ErrorResponseException(HttpStatus.NOT_FOUND, Problem.of(HttpStatus.NOT_FOUND, "No checkpoint",
                before == null ? "No checkpoint has been published yet"
                        : "No checkpoint was published at or before " + before).toDetail(), null);
    }

    private static int bounded(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        // A page number or size as the query service reads one.
        OptionalLong number = QueryValues.wholeNumber(value);
        if (number.isPresent() && number.getAsLong() >= min && number.getAsLong() <= max) {
            return (int) number.getAsLong();
        }
        throw InvalidRequest.queryParameter(name, "must be a whole number from " + min + " to " + max);
    }
}
