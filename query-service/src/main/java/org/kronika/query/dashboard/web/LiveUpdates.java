package org.kronika.query.dashboard.web;

import org.kronika.query.dashboard.live.ProjectWatch;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.web.VisibleProjects;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;

/**
 * Server-sent events for an open project page: a {@code version} event each time the project has a newer version
 * than the page shows, so the page fetches its figures again without a reload. Who may watch is checked once, as
 * for the page itself; the events carry only a version number.
 */
@Controller
class LiveUpdates {

    private static final Duration OPEN_FOR = Duration.ofMinutes(30);

    private final VisibleProjects projects;
    private final ProjectWatch watch;

    LiveUpdates(VisibleProjects projects, ProjectWatch watch) {
        this.projects = projects;
        this.watch = watch;
    }

    @GetMapping(value = "/dashboard/projects/{projectId}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter live(@PathVariable String projectId) throws IOException {
        ProjectListEntry project = projects.entry(projects.live(), projectId);
        SseEmitter emitter = new SseEmitter(OPEN_FOR.toMillis());
        AutoCloseable subscription = watch.watch(projectId, project.version(), version -> {
            try {
                emitter.send(SseEmitter.event().name("version").data(version));
                return true;
            } catch (IOException | IllegalStateException gone) {
                return false;
            }
        });
        Runnable stop = () -> {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // Closing a subscription only forgets it.
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        emitter.send(SseEmitter.event().name("version").data(project.version()));
        return emitter;
    }
}
