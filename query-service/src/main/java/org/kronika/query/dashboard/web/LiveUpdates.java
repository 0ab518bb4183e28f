package org.kronika.query.dashboard.web;

import org.kronika.query.dashboard.live.ProjectWatch;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.web.NotFound;
import org.kronika.security.Problem;
import org.kronika.security.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Server-sent events for an open project page: a {@code version} event each time the project has a newer version
 * than the page shows, so the page fetches its figures again without a reload. Who may watch is checked once, as
 * for the page itself; the stream ends when its sign-in does (signed out, or its access token expired), and the
 * events carry only a version number. In between, a comment line now and then finds out whether the page is still
 * there ({@link ProjectWatch}).
 * <p>
 * Streams are bounded (each holds a request and its buffers): a session's oldest stream is ended for one more (a tab
 * left open gives way to the one being read; the page it ends is told so and stops rather than reconnect, which
 * would end the next oldest in turn), and an instance with its most open answers 503. Refusing a session's new
 * stream instead would leave the page in front of the reader without updates while forgotten tabs keep theirs.
 */
@Controller
class LiveUpdates {

    private static final Duration OPEN_FOR = Duration.ofMinutes(30);
    /**
     * For clients other than the pages, whose EventSource reads no headers (a page retries on its own, ever more
     * slowly, up to a minute apart): closed pages leave within two heartbeats, 30 s by default.
     */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final VisibleProjects projects;
    private final ProjectWatch watch;
    private final Clock clock;

    LiveUpdates(VisibleProjects projects, ProjectWatch watch, Clock clock) {
        this.projects = projects;
        this.watch = watch;
        this.clock = clock;
    }

    /**
     * Also taken as HTML, which a browser opening the address as a page asks for before anything else: it is then
     * the "not found" page in the reader's language, as any address under the dashboards that no page answers is,
     * rather than the API's 406 (HTML only asked) or a stream that never ends, shown as text (anything else too).
     */
    @GetMapping(value = "/dashboard/projects/{projectId}/live",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.TEXT_HTML_VALUE})
    @ResponseBody
    ResponseEntity<?> live(@PathVariable String projectId, HttpServletRequest request, Authentication signedIn)
            throws IOException {
        ProjectListEntry project = projects.entry(projects.live(), projectId);
        if (openedAsAPage(request)) {
            throw new NotFound("Not a page", "The live updates of project " + projectId + " are read by its page");
        }
        if (HttpMethod.HEAD.matches(request.getMethod())) {
            // Its body is thrown away unwritten, so no write to it would ever fail: a stream for it would hold its
            // places until it timed out, half an hour on, with no connection behind it.
            return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).build();
        }
        SseEmitter emitter = new SseEmitter(openFor(signedIn).toMillis());
        emitter.send(SseEmitter.event().name("version").data(project.version()));
        HttpSession session = request.getSession(false);
        Optional<AutoCloseable> watching = watch.watch(projectId, new ProjectWatch.Opener(
                session == null ? "" : session.getId(), signedIn == null ? "" : signedIn.getName()),
                project.version(), new Stream(emitter, session));
        if (watching.isEmpty()) {
            HttpHeaders retry = new HttpHeaders();
            retry.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
            return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "Too many live streams", "This instance has its most "
                    + "live-update streams open; try again in " + RETRY_AFTER.toSeconds() + " s").toResponse(retry);
        }
        AutoCloseable subscription = watching.get();
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
        return ResponseEntity.ok(emitter);
    }

    /** An EventSource asks for {@code text/event-stream} alone; a page's link or address bar for HTML by name. */
    private static boolean openedAsAPage(HttpServletRequest request) {
        try {
            return MediaType.parseMediaTypes(request.getHeader(HttpHeaders.ACCEPT)).stream()
                    .anyMatch(MediaType.TEXT_HTML::equalsTypeAndSubtype);
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }

    /**
     * One page's stream. Every answer false has ended it: a page gone, or its sign-in ended. Nothing it is asked
     * throws: the watch asks it from its own threads, and a stream left unanswered would be neither forgotten nor
     * ended with the others at a stop.
     */
    record Stream(SseEmitter emitter, HttpSession session) implements ProjectWatch.Watcher {

        @Override
        public boolean changed(long version) {
            return stillSignedIn() && send(SseEmitter.event().name("version").data(version));
        }

        /** A comment line, which the page's EventSource ignores; written to a closed page's connection, it fails. */
        @Override
        public boolean stillThere() {
            return stillSignedIn() && send(SseEmitter.event().comment(""));
        }

        /** A clean end of the response, which the page's EventSource answers by reconnecting. */
        @Override
        public void end() {
            complete();
        }

        /** The page stops following on a {@code replaced} event, and says why; an event needs data to be heard. */
        @Override
        public void replaced() {
            if (send(SseEmitter.event().name("replaced").data("newer-page"))) {
                complete();
            }
        }

        private boolean stillSignedIn() {
            if (LiveUpdates.stillSignedIn(session)) {
                return true;
            }
            complete();
            return false;
        }

        /** False, the stream ended, when the write failed or was refused. */
        private boolean send(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
                return true;
            } catch (IOException | IllegalStateException gone) {
                // The request is ended by the container's error dispatch after a failed write, or here after a
                // refused one.
                complete();
                return false;
            }
        }

        private void complete() {
            try {
                emitter.complete();
            } catch (IllegalStateException endedByTheContainer) {
                // Tomcat refuses the end from this thread once its error dispatch has ended the request (a write
                // to the page failed on another thread, or the page left): there is nothing left to end.
            }
        }
    }

    /** As long as the sign-in lasts: the access token's life, as its session's (at most {@link #OPEN_FOR}). */
    private static final Duration SOONEST_END = Duration.ofMillis(1);

    Duration openFor(Authentication signedIn) {
        if (signedIn != null && signedIn.getPrincipal() instanceof SignedIn person
                && person.accessToken().getExpiresAt() != null) {
            Duration left = Duration.between(clock.instant(), person.accessToken().getExpiresAt());
            // At least a millisecond: a timeout of 0 is none at all, and a token that ran out between the sign-in's
            // check and here left a stream open for ever.
            return left.compareTo(SOONEST_END) < 0 ? SOONEST_END : left.compareTo(OPEN_FOR) < 0 ? left : OPEN_FOR;
        }
        return OPEN_FOR;
    }

    /** A session signed out (or ended by its token's expiry) is invalidated: its pages hear nothing more. */
    private static boolean stillSignedIn(HttpSession session) {
        if (session == null) {
            return false;
        }
        try {
            session.getAttributeNames();
            return true;
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }
}
