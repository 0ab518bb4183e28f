package org.kronika.command.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.commandhandling.CommandMessage;
import org.kronika.command.project.ActorMetaData;
import org.kronika.security.Actor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.HashMap;
import java.util.Map;

/**
 * Every command carries who sent it and the request's correlation id, taken from the validated token at the
 * moment it is dispatched; every event it causes inherits them, so the history can always say who did what.
 */
@Configuration(proxyBeanMethods = false)
public class ActorConfig {

    @Bean
    public static CorrelationDataProvider actorOfEveryEvent() {
        return new SimpleCorrelationDataProvider(ActorMetaData.SUBJECT, ActorMetaData.ROLE, ActorMetaData.ORGANISATION,
                ActorMetaData.CORRELATION_ID);
    }

    /** Kept apart from the provider above: the command bus itself depends on the correlation providers. */
    @Component
    static class CommandStamping {
        CommandStamping(CommandBus commandBus) {
            commandBus.registerDispatchInterceptor(actorStamp());
        }
    }

    static MessageDispatchInterceptor<CommandMessage<?>> actorStamp() {
        return messages -> (index, command) -> {
            Map<String, Object> actor = new HashMap<>();
            Actor.current().ifPresent(a -> {
                actor.put(ActorMetaData.SUBJECT, a.subject());
                actor.put(ActorMetaData.ROLE, a.role().claimValue());
                if (a.organisation() != null) {
                    actor.put(ActorMetaData.ORGANISATION, a.organisation());
                }
            });
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            if (request != null && request.getAttribute(CorrelationIds.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                    instanceof String correlationId) {
                actor.put(ActorMetaData.CORRELATION_ID, correlationId);
            }
            return command.andMetaData(actor);
        };
    }
}
