package org.kronika.command.web;

import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.kronika.command.project.api.RecordTrainingDelivered;
import org.kronika.command.project.api.RegisterProject;
import org.kronika.events.Participants;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

@RestController
@RequestMapping("/api/projects")
public class ProjectCommandController {

    private final CommandGateway commands;

    public ProjectCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping
    public ResponseEntity<Map<String, String>> register(@Valid @RequestBody RegisterProjectRequest request) {
        String projectId = Ids.orNew(request.projectId());
        commands.sendAndWait(new RegisterProject(projectId, request.organisation(), request.title(),
                request.municipalities(), request.startDate(), request.endDate()));
        return ResponseEntity.created(URI.create("/api/projects/" + projectId))
                .body(Map.of("projectId", projectId));
    }

    @PostMapping("/{projectId}/trainings")
    public ResponseEntity<Map<String, String>> recordTraining(@PathVariable String projectId,
                                                              @Valid @RequestBody RecordTrainingRequest request) {
        String activityId = Ids.orNew(request.activityId());
        var counts = request.participants();
        commands.sendAndWait(new RecordTrainingDelivered(projectId, activityId, request.title(),
                request.deliveredOn(), request.municipality(),
                new Participants(counts.total(), counts.female(), counts.male())));
        return ResponseEntity.created(URI.create("/api/projects/" + projectId + "/activities/" + activityId))
                .body(Map.of("projectId", projectId, "activityId", activityId));
    }
}
