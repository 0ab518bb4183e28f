package org.kronika.command.checkpoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CheckpointConfig {

    /** The service does not start without its signing key: checkpoints that silently stop are worse than none. */
    @Bean
    public SigningKeys checkpointSigningKeys(CheckpointProperties properties) {
        return SigningKeys.load(properties);
    }
}
