package org.kronika.command.publishing;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up refused over the topic's partition count: says so plainly, with what to do, instead of a stack trace. */
public class PartitionCountChangedAnalyzer extends AbstractFailureAnalyzer<ProjectEventsTopic.PartitionCountChanged> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProjectEventsTopic.PartitionCountChanged cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
