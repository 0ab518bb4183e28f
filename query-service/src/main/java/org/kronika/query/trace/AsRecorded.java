package org.kronika.query.trace;

import org.kronika.query.project.ProjectSummary;
import org.kronika.query.replay.ProjectReplay;

import java.time.Instant;

/**
 * Which facts a trace is of: those standing now, those recorded by an instant, or those the history up to one event
 * left (an approval's head), each as stated then. A figure approved or reported in the past is traced as it stood.
 *
 * @param knownAt what had been recorded by then, or {@code null}
 * @param version the project's version (an event's sequence), or {@code null}; never both
 */
public record AsRecorded(Instant knownAt, Long version) {

    public static final AsRecorded NOW = new AsRecorded(null, null);

    public AsRecorded {
        if (knownAt != null && version != null) {
            throw new IllegalArgumentException("a trace is as known at an instant or at a version, not both");
        }
    }

    public boolean isNow() {
        return knownAt == null && version == null;
    }

    /**
     * True when the facts asked for are those standing now: now, the project's current version (an approval's head
     * when nothing came since), or an instant from its last event on.
     */
    public boolean standsNow(ProjectSummary project) {
        return isNow() || (version != null && version == project.version())
                || ProjectReplay.nothingRecordedAfter(project, knownAt);
    }
}
