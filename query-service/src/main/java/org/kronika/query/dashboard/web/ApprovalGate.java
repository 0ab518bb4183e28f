package org.kronika.query.dashboard.web;

import org.kronika.events.chain.ChainVerdict;
import org.kronika.query.history.RecentVerdicts;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.projection.UnappliedEvents;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.web.NotFound;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * An approval certifies the figures the page shows: the pages offer and send one only while the history those
 * figures are folded from is verified as the whole one. A chain broken, or a history stopped short by a record the
 * read side rejected or holds back, is a reason to return the report or to wait, never to certify it.
 */
@Component
class ApprovalGate {

    private final VisibleProjects projects;
    private final RecentVerdicts verdicts;

    ApprovalGate(VisibleProjects projects, RecentVerdicts verdicts) {
        this.projects = projects;
        this.verdicts = verdicts;
    }

    /**
     * Whether an approval of the project's figures is withheld now, as its page would show them: also when the read
     * side holds no history of it at all.
     */
    boolean withheld(String projectId) {
        Generation live = projects.live();
        // Read as the page reads them: what is held back before the version, so a project that catches up in between
        // is never taken as whole at its old version.
        UnappliedEvents.Found heldBack = projects.unapplied(live, projectId);
        ProjectSummary summary;
        try {
            summary = projects.summary(live, projectId);
        } catch (NotFound unknown) {
            return true;
        } catch (org.springframework.security.access.AccessDeniedException notTheirs) {
            // Not withheld here: sent, the command side refuses it as anyone's review of a project not theirs.
            return false;
        }
        // Every event, now: a verdict carried forward since the last whole check does not see an earlier event
        // changed meanwhile, and a page read while the chain held may be sent after it broke.
        ChainVerdict verdict = verdicts.wholeVerdict(live, projectId, summary.version(), projects.history(live))
                .verdict();
        return withheld(verdict, heldBack.beyond(summary.version(), (key, arguments) -> key));
    }

    /**
     * @param verdict   the chain of the history shown
     * @param unapplied why that history stops short of what the topic holds, if it does
     */
    static boolean withheld(ChainVerdict verdict, Optional<String> unapplied) {
        return !verdict.verified() || unapplied.isPresent();
    }
}
