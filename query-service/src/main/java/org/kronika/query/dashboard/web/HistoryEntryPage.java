package org.kronika.query.dashboard.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.kronika.query.history.HistoryEntry;
import org.kronika.query.history.HistoryEntryView;
import org.kronika.query.history.ProjectHistory;
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
     * @param linked whether its previous hash is the hash of the event before it (always, for the first event)
     */
    record ChainPosition(long sequence, long events, boolean linked) {
    }

    @GetMapping("/dashboard/projects/{projectId}/history/{sequence}")
    String entry(@PathVariable String projectId, @PathVariable long sequence, Model model) throws Exception {
        Generation live = projects.live();
        ProjectListEntry project = projects.entry(live, projectId);
        if (sequence < 0 || sequence > project.version()) {
            throw new NotFound("Unknown event", "Project " + projectId + " has no event " + sequence);
        }
        ProjectHistory history = projects.history(live);
        List<HistoryEntry> around = history.range(projectId, Math.max(0, sequence - 1), sequence == 0 ? 1 : 2);
        HistoryEntry entry = around.get(around.size() - 1);
        boolean linked = sequence == 0 || (around.size() == 2 && around.get(0).hash().equals(entry.prevHash()));
        HistoryEntryView view = HistoryEntryView.of(entry);
        model.addAttribute("project", project);
        model.addAttribute("entry", view);
        model.addAttribute("position", new ChainPosition(sequence, project.version() + 1, linked));
        model.addAttribute("payload", JSON.writeValueAsString(view.payload()));
        return "dashboard/history-entry";
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
