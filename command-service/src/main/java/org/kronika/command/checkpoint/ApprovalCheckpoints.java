package org.kronika.command.checkpoint;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.kronika.events.PeriodApproved;
import org.springframework.stereotype.Component;

/**
 * Signs a checkpoint for every stored approval, in a tracking processor of its own rather than inside the
 * Kafka publisher: signing must not depend on Kafka (the checkpoint is stored now and published when its events
 * are), the publisher's failure handling stays its own, and the checkpoint and this processor's token are
 * committed in one transaction, so an approval is signed exactly once even across restarts and instances.
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
}
