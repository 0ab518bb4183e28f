package org.kronika.query.dashboard.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.servlet.http.HttpServletResponse;
import org.kronika.query.history.HistoryEntry;
import org.kronika.query.history.HistoryEntryView;
import org.kronika.query.history.web.HistoryDownloads;
import org.kronika.query.i18n.Formats;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.web.NotFound;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.List;

/**
 * One event of a project's history with its place in the hash chain, and the history to take away. Not for
 * partners, as in the API.
 */
@Controller
class HistoryEntryPage {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final VisibleProjects projects;
    private final HistoryDownloads downloads;

    HistoryEntryPage(VisibleProjects projects, HistoryDownloads downloads) {
        this.projects = projects;
        this.downloads = downloads;
    }

    /**
     * @param linked          whether its previous hash is the hash of the event before it (always, for the first
     *                        event); false when either is not stored
     * @param previousMissing whether the event before it is not stored
     */
    record ChainPosition(long sequence, long events, boolean linked, boolean previousMissing) {
    }

    /**
     * An entry the project's version says exists but the stored history does not hold (deleted from the read
     * store, say) is shown as missing, with 404: never another event under its number, and never an error.
     */
    @GetMapping("/dashboard/projects/{projectId}/history/{sequence}")
    String entry(@PathVariable String projectId, @PathVariable long sequence, Model model,
                 HttpServletResponse response) throws Exception {
        Generation live = projects.live();
        ProjectListEntry project = projects.entry(live, projectId);
        if (sequence < 0 || sequence > project.version()) {
            throw new NotFound("Unknown event", "Project " + projectId + " has no event " + sequence);
        }
        List<HistoryEntry> around = projects.history(live).range(projectId, Math.max(0, sequence - 1),
                sequence == 0 ? 1 : 2);
        HistoryEntry entry = stored(around, sequence);
        HistoryEntry previous = sequence == 0 ? null : stored(around, sequence - 1);
        boolean linked = entry != null && (sequence == 0 || previous != null && previous.hash().equals(entry.prevHash()));
        model.addAttribute("project", project);
        model.addAttribute("position", new ChainPosition(sequence, project.version() + 1, linked,
                sequence > 0 && previous == null));
        if (entry == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "dashboard/history-entry";
        }
        HistoryEntryView view = HistoryEntryView.of(entry);
        model.addAttribute("entry", view);
        model.addAttribute("payload", JSON.writeValueAsString(view.payload()));
        return "dashboard/history-entry";
    }

    /** The entry stored under a sequence that says it is that sequence, if any. */
    private static HistoryEntry stored(List<HistoryEntry> entries, long sequence) {
        return entries.stream().filter(e -> e.sequence() == sequence).findFirst().orElse(null);
    }

    @GetMapping("/dashboard/projects/{projectId}/export.jsonl")
    ResponseEntity<StreamingResponseBody> jsonLines(@PathVariable String projectId) {
        return downloads.jsonLines(projectId);
    }

    @GetMapping("/dashboard/projects/{projectId}/export.csv")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable String projectId) {
        return downloads.csv(projectId);
    }

    @GetMapping("/dashboard/projects/{projectId}/report.html")
    ResponseEntity<StreamingResponseBody> report(@PathVariable String projectId, @ModelAttribute("fmt") Formats fmt) {
        return downloads.report(projectId, fmt);
    }
}
