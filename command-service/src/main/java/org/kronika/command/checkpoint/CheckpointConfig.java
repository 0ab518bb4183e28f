package org.kronika.command.checkpoint;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CheckpointConfig {

    /** The service does not start without its signing key: checkpoints that silently stop are worse than none. */
    @Bean
    public SigningKeys checkpointSigningKeys(CheckpointProperties properties) {
        return SigningKeys.load(properties);
    }

    /**
     * An approval whose checkpoint could not be signed (the database away) is retried, never skipped: Axon's
     * default would log the error and move the token past the approval.
     */
    @Bean
    public ConfigurerModule approvalCheckpointsAreRetried() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(ApprovalCheckpoints.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerErrorHandler(ApprovalCheckpoints.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }
}
