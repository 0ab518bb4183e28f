package org.kronika.query.projection.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.kronika.query.projection.ParkedEntry;
import org.kronika.query.projection.ProjectionStatus;
import org.kronika.query.projection.ReadModelService;
import org.kronika.query.readmodel.GenerationState;
import org.kronika.query.stream.RejectedRecords;
import org.kronika.query.web.NotFound;
import org.kronika.query.web.Parameters;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * For operators: the read models' generations, rebuilds, projects that wait or are parked, and records set aside
 * as breaking the contract.
 */
@RestController
@RequestMapping("/api/admin/read-models")
public class ReadModelAdminController {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1_000;

    /** How many entries a list of parked projects or records set aside holds. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(description = "how many entries to list", schema = @Schema(type = "integer", format = "int32",
            minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
    @interface AdminLimit {
    }

    private final ReadModelService service;
    private final RejectedRecords rejected;

    public ReadModelAdminController(ReadModelService service, RejectedRecords rejected) {
        this.service = service;
        this.rejected = rejected;
    }

    /**
     * @param live        the generation queries read
     * @param generations every generation of this read-model schema, with its position on the topic
     * @param projections each generation being projected now: state, events applied, records to go, rate
     */
    public record ReadModelsView(Integer live, List<GenerationState> generations, List<ProjectionStatus> projections,
                                 String notRunningBecause) {
    }

    public record RebuildStarted(int generation, String message) {
    }

    @Operation(summary = "The read models' generations, which one is live, and how each projection is doing")
    @GetMapping
    public ReadModelsView readModels() {
        return new ReadModelsView(service.generations().live().map(g -> g.number()).orElse(null),
                service.generations().all(), service.statuses(), service.notRunningBecause().orElse(null));
    }

    @Operation(summary = "Rebuilds the read models from the topic's first event into a new generation",
            description = "The current read models keep answering until the new generation has caught up with the "
                    + "topic; then queries switch to it in one step. Progress shows here, in the log and in the "
                    + "kronika_projection_rebuild_* metrics.")
    @PostMapping("/rebuilds")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public RebuildStarted rebuild() {
        int generation = service.rebuild("requested through the admin API").number();
        return new RebuildStarted(generation, "Rebuilding into generation " + generation
                + "; it goes live once it has caught up with the topic");
    }

    @Operation(summary = "How long events took from their recording to being visible here, since the last time "
            + "this was asked (exact percentiles, in milliseconds; live events only)")
    @GetMapping("/lag")
    public org.kronika.query.projection.ProjectionMetrics.LagSample lag() {
        return service.lagSinceLastSample();
    }

    @Operation(summary = "Projects waiting for an event that came late, or parked because an event could not be "
            + "applied, with why and what they hold",
            description = "The limit (1 to 1,000, default 100) parked longest: the live read models' first, then those "
                    + "of read models being rebuilt, each entry naming its generation; the projection's health counts "
                    + "them all.")
    @GetMapping("/parked")
    public List<ParkedEntry> parked(@AdminLimit @RequestParam(required = false) String limit) {
        return service.parked(limit(limit));
    }

    @Operation(summary = "Records on the topic that break the event contract, set aside: where each is, the project "
            + "it names, and why",
            description = "The limit (1 to 1,000, default 100) set aside most recently, of every generation, newest "
                    + "first. A record set aside moves no project forward: the project it names waits, and its "
                    + "verification says its history is incomplete.")
    @GetMapping("/rejected")
    public List<RejectedRecords.SetAside> rejected(@AdminLimit @RequestParam(required = false) String limit) {
        return rejected.newest(limit(limit));
    }

    @Operation(summary = "Tries a parked project's held events again (after a fix), within a few seconds")
    @PostMapping("/parked/{projectId}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public void retry(@PathVariable String projectId) {
        if (!service.retry(projectId)) {
            throw new NotFound("Not parked", "Project " + projectId + " is not parked");
        }
    }

    private static int limit(String limit) {
        return Parameters.bounded("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    }
}
