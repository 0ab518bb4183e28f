package org.kronika.command.checkpoint;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.kronika.events.PeriodApproved;
import org.kronika.events.ProjectClosed;
import org.springframework.stereotype.Component;

/**
 * Signs a checkpoint for every stored approval, and for every closure: a closed project's history ends at its closure,
 * signed at once rather than at the next periodic tick. The class and its processing group keep the names they had
 * when it signed approvals only: a group of another name would start without a token and read the whole event store
 * again (each approval already signed passed over by its event id).
 *
 * <p>A tracking processor, not a listener after the approval's or closure's commit: a listener runs once, in the
 * process that recorded it, so a crash or a database hiccup between the commit and the signing would leave it without
 * its checkpoint and nothing would notice. A tracking processor reads approvals and closures from the event store
 * itself and resumes from its token, so every one ever stored is signed, a moment later, even after a restart (and
 * those stored before this processor existed are signed on its first run).
 *
 * <p>A processor of its own rather than a handler in the Kafka publisher: signing must not wait for Kafka (the
 * checkpoint is stored now and published once its events are), and the publisher's failure handling stays its own.
 * The checkpoint and this processor's token commit in one transaction, and the approval's or closure's event id is
 * unique in the table, so each is signed exactly once across retries, restarts and instances.
 */
@Component
@ProcessingGroup(ApprovalCheckpoints.PROCESSING_GROUP)
public class ApprovalCheckpoints {

    public static final String PROCESSING_GROUP = "checkpoint-approvals";

    private final Checkpoints checkpoints;

    public ApprovalCheckpoints(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @EventHandler
    void on(PeriodApproved approval, DomainEventMessage<PeriodApproved> message) {
        checkpoints.signApproval(approval.projectId(), approval.periodId(), message.getAggregateIdentifier(),
                message.getSequenceNumber(), message.getIdentifier());
    }

    @EventHandler
    void on(ProjectClosed closure, DomainEventMessage<ProjectClosed> message) {
        checkpoints.signClosure(closure.projectId(), message.getIdentifier());
    }
}
